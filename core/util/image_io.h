#pragma once
#include <filesystem>

#include <opencv2/core/mat.hpp>

namespace fovea {

// Any image OpenCV decodes (gzipped too), as 8-bit grey; InputError naming the file otherwise.
cv::Mat readGreyImage(const std::filesystem::path& path);

// An 8-bit image as PNG, written atomically.
void writePng(const std::filesystem::path& path, const cv::Mat& image);

}  // namespace fovea
