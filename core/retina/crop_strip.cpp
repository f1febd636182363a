#include "core/retina/crop_strip.h"

namespace fovea::retina {

cv::Mat cropStrip(const std::vector<cv::Mat>& crops, int gap) {
  if (crops.empty()) return {};
  const int side = crops.front().rows;
  const int count = static_cast<int>(crops.size());
  cv::Mat strip(side, count * side + (count - 1) * gap, CV_8UC1, cv::Scalar(128));
  for (int i = 0; i < count; ++i) {
    crops[static_cast<std::size_t>(i)].copyTo(strip(cv::Rect(i * (side + gap), 0, side, side)));
  }
  return strip;
}

}  // namespace fovea::retina
