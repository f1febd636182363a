#pragma once
#include <QImage>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::ui {

// Crops side by side, centred vertically, on a dark grey ground; 8-bit crops of 1, 3 or 4
// channels (others are scaled as if in [0, 1]).
QImage cropStrip(const std::vector<cv::Mat>& crops);

}  // namespace fovea::ui
