#include "core/util/image_io.h"

#include <opencv2/imgcodecs.hpp>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/file_bytes.h"

namespace fovea {

cv::Mat readGreyImage(const std::filesystem::path& path) {
  const auto bytes = readFileBytes(path);
  cv::Mat image;
  try {
    image = cv::imdecode(bytes, cv::IMREAD_GRAYSCALE);
  } catch (const cv::Exception& error) {
    throw InputError(path.string() + ": cannot decode image (" + error.what() + ")");
  }
  if (image.empty()) throw InputError(path.string() + ": not a readable image");
  return image;
}

void writePng(const std::filesystem::path& path, const cv::Mat& image) {
  std::vector<std::uint8_t> bytes;
  if (!cv::imencode(".png", image, bytes)) {
    throw std::runtime_error("cannot encode " + path.string() + " as PNG");
  }
  writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}

}  // namespace fovea
