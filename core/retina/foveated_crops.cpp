#include "core/retina/foveated_crops.h"

#include <opencv2/imgproc.hpp>

#include "core/util/errors.h"

namespace fovea::retina {

std::vector<cv::Mat> foveatedCrops(const cv::Mat& image, int branches) {
  const int width = image.cols;
  if (image.rows != width || branches < 1 || width % (1 << branches) != 0) {
    throw InputError("foveated crops need a square image whose side divides by 2^" +
                     std::to_string(branches) + ", got " + std::to_string(image.cols) + " x " +
                     std::to_string(image.rows));
  }
  std::vector<cv::Mat> crops;
  const cv::Size out(width / 2, width / 2);
  for (int k = 0; k < branches; ++k) {
    const int side = width >> k;
    const int border = (width - side) / 2;
    const cv::Mat centre = image(cv::Rect(border, border, side, side));
    cv::Mat crop;
    cv::resize(centre, crop, out, 0, 0, k == 0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    crops.push_back(crop);
  }
  return crops;
}

}  // namespace fovea::retina
