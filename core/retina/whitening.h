#pragma once
#include <opencv2/core/mat.hpp>

namespace fovea::retina {

// SLIP's whitening of natural images (Olshausen's filter) as the What/Where retina uses it:
// K = (f^-2a / mean(f^-2a))^-1/2 * exp(-(f/f_0)^4), K /= mean(K), with a = 1.4, f_0 = 0.4,
// applied in the Fourier domain; the result is real(ifft2(...)) + 0.5, clipped to [0, 1].
struct WhiteningSpec {
  double alpha = 1.4;
  double f_0 = 0.4;
  double steepness = 4;
  bool offset_and_clip = true;  // false: the raw filter output (the multi-saccade loop's)
};

cv::Mat whitenImage(const cv::Mat& image, const WhiteningSpec& spec = {});  // CV_64F in and out

// The filter itself, N x N in fftshifted order (zero frequency at the centre).
cv::Mat whiteningFilter(int size, const WhiteningSpec& spec = {});

}  // namespace fovea::retina
