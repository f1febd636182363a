#pragma once
#include <opencv2/core/mat.hpp>

namespace fovea::retina {

// One log-Gabor filter in the image domain, built in the Fourier domain as LogGabor and SLIP
// do: (1/f) exp(-ln(f/sf_0)^2 / (2 B_sf^2)) (pure 1/f when B_sf is infinite) times
// exp(cos(phi_f - theta) / B_theta^2), a phase ramp to the centre (row, col), a mask against
// aliasing and DC, normalised to sqrt(2) RMS, rotated by the phase, inverted, and scaled to
// (filt - median) / max |filt - median|. Returns n x n CV_64F.
cv::Mat logGaborFilter(int n, double centre_row, double centre_col, double sf_0, double B_sf,
                       double theta, double B_theta, double phase);

}  // namespace fovea::retina
