#pragma once
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::retina {

// The crops side by side, finest first, separated by `gap` pixels of mid-grey, for a PNG that
// shows what the network sees.
cv::Mat cropStrip(const std::vector<cv::Mat>& crops, int gap = 4);

}  // namespace fovea::retina
