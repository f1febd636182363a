#include "core/data/digit_sheet.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace fovea::data {
namespace {

constexpr int kCell = 20;
constexpr int kMnistSide = 28;
constexpr int kSheetCols = 100;
constexpr int kSheetRows = 50;
constexpr int kRowsPerClass = 5;
constexpr int kTestPerClass = 50;

}  // namespace

cv::Mat GlyphSet::glyph(std::size_t i) const {
  return cv::Mat(
      rows, cols, CV_8UC1,
      const_cast<std::uint8_t*>(pixels.data() + i * static_cast<std::size_t>(rows * cols)));
}

GlyphSet loadDigitSheet(const std::filesystem::path& path) {
  const cv::Mat sheet = readGreyImage(path);
  if (sheet.cols != kCell * kSheetCols || sheet.rows != kCell * kSheetRows) {
    throw InputError(path.string() + ": expected a 2000 x 1000 digit sheet, got " +
                     std::to_string(sheet.cols) + " x " + std::to_string(sheet.rows));
  }

  GlyphSet set;
  set.rows = set.cols = kMnistSide;
  set.source = path.string();
  const std::size_t count = static_cast<std::size_t>(kSheetRows) * kSheetCols;
  set.pixels.assign(count * static_cast<std::size_t>(set.rows * set.cols), 0);
  set.labels.reserve(count);
  for (int r = 0; r < kSheetRows; ++r) {
    for (int c = 0; c < kSheetCols; ++c) {
      const std::size_t index = set.labels.size();
      set.labels.push_back(r / kRowsPerClass);
      // Each cell is a whole MNIST image shrunk to 20 px (its ink is at most 15 px tall), so it
      // is enlarged back, not padded: padding would leave the digits about 25 % too small.
      const cv::Mat cell = sheet(cv::Rect(c * kCell, r * kCell, kCell, kCell));
      cv::Mat glyph = set.glyph(index);
      cv::resize(cell, glyph, glyph.size(), 0, 0, cv::INTER_LINEAR);
    }
  }
  return set;
}

const GlyphSet& defaultDigits() {
  static const GlyphSet digits = loadDigitSheet(defaultDigitSheetPath());
  return digits;
}

std::filesystem::path defaultDigitSheetPath() {
  const std::filesystem::path folder = "/usr/share/doc/opencv-doc/examples/data";
  for (const char* name : {"digits.png", "digits.png.gz"}) {
    if (std::filesystem::exists(folder / name)) return folder / name;
  }
  throw InputError("MNIST digit sheet not found in " + folder.string() +
                   " (install the opencv-doc package, or run tools/setup-debian.sh)");
}

Split splitDigitSheet(const GlyphSet& digits) {
  Split split;
  const int per_class = kRowsPerClass * kSheetCols;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const bool test =
        static_cast<int>(i % static_cast<std::size_t>(per_class)) >= per_class - kTestPerClass;
    (test ? split.test : split.train).push_back(i);
  }
  return split;
}

}  // namespace fovea::data
