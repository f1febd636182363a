#pragma once
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::retina {

// The input branches of a foveated convolution (Harris, Niranjan & Hare 2019; science-attention.md
// section 5): branch k takes the central W / 2^k pixels and resamples them by 2^(k-1), so every
// branch is W / 2 wide and the centre is magnified x0.5, x1, x2, x4 from periphery to fovea.
// Downsampling is a 2 x 2 average (the pooled branch), upsampling is bilinear.
std::vector<cv::Mat> foveatedCrops(const cv::Mat& image, int branches = 4);

}  // namespace fovea::retina
