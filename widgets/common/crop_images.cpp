#include "widgets/common/crop_images.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace fovea::ui {

QImage cropStrip(const std::vector<cv::Mat>& crops) {
  constexpr int kGap = 2;
  std::vector<cv::Mat> grey;
  int width = 0;
  int height = 0;
  for (const cv::Mat& crop : crops) {
    if (crop.empty() || crop.dims != 2) continue;
    cv::Mat one;
    if (crop.channels() == 3) {
      cv::cvtColor(crop, one, cv::COLOR_BGR2GRAY);
    } else if (crop.channels() == 4) {
      cv::cvtColor(crop, one, cv::COLOR_BGRA2GRAY);
    } else if (crop.channels() == 1) {
      one = crop;
    } else {
      continue;
    }
    if (one.depth() != CV_8U) one.convertTo(one, CV_8U, 255.0);
    width += (width > 0 ? kGap : 0) + one.cols;
    height = std::max(height, one.rows);
    grey.push_back(one);
  }
  if (grey.empty()) return {};
  QImage strip(width, height, QImage::Format_Grayscale8);
  strip.fill(QColor(0x30, 0x30, 0x30));
  int x = 0;
  for (const cv::Mat& crop : grey) {
    const int top = (height - crop.rows) / 2;
    for (int row = 0; row < crop.rows; ++row) {
      std::copy_n(crop.ptr<std::uint8_t>(row), crop.cols, strip.scanLine(top + row) + x);
    }
    x += crop.cols + kGap;
  }
  return strip;
}

}  // namespace fovea::ui
