#pragma once
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/retina/log_gabor_retina.h"

namespace fovea::retina {

// Where the log-polar retina responds to an 8-bit image of its size: the energy (root of the
// summed squares over every orientation and both phases) per place, n_eccentricity rows of
// n_azimuth. The image is whitened without the +0.5 offset, since a uniform grey would light
// every filter whose weights do not sum to zero and hide where the stimulus is.
std::vector<float> retinaEnergyMap(const LogGaborRetina& retina, const cv::Mat& image);

}  // namespace fovea::retina
