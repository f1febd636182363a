#pragma once
#include <cstdint>

#include <opencv2/core/mat.hpp>

namespace fovea::stimulus {

// MotionCloud-like static noise: a random-phase field whose amplitude spectrum is
// (1/f) * exp(-ln(f/sf_0)^2 / (2 ln((sf_0 + B_sf)/sf_0)^2)), with no DC; rectified to [0, 1]
// (mean 0.5, peak deviation 0.5), then scaled to a peak-to-peak of `noise` about 0.5.
struct MotionCloudSpec {
  int size = 128;
  double sf_0 = 0.1;  // cycles per pixel
  double B_sf = 0.1;
  double noise = 0.75;
};

// A size x size CV_64F image in [0.5 - noise/2, 0.5 + noise/2], deterministic for the seed.
cv::Mat motionCloud(const MotionCloudSpec& spec, std::uint64_t seed);

// The amplitude envelope at spatial frequency f (cycles per pixel); 0 at f = 0.
double motionCloudEnvelope(const MotionCloudSpec& spec, double f);

}  // namespace fovea::stimulus
