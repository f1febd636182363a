#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::data {

// Equal-sized 8-bit glyphs with integer labels, stored contiguously (white ink on black).
struct GlyphSet {
  int rows = 0;
  int cols = 0;
  std::vector<std::uint8_t> pixels;  // size() * rows * cols
  std::vector<int> labels;
  std::string source;  // where the glyphs came from, for run metadata

  std::size_t size() const { return labels.size(); }
  // A view of glyph i (no copy); valid while the set lives.
  cv::Mat glyph(std::size_t i) const;
};

// The 5000 MNIST digits of OpenCV's examples (digits.png or digits.png.gz): a 2000 x 1000 sheet
// of 20 x 20 cells, 50 rows of 100, rows 5k..5k+4 holding digit k. Each cell is a whole MNIST
// image shrunk to 20 px; it is enlarged (bilinear) back to the 28 x 28 MNIST format.
GlyphSet loadDigitSheet(const std::filesystem::path& path);

// The opencv-doc sheet, loaded once per process and shared (thread-safe).
const GlyphSet& defaultDigits();

// Where Debian's opencv-doc installs the sheet; throws InputError when it is absent.
std::filesystem::path defaultDigitSheetPath();

// The documented split: within each class, the first 450 digits (sheet order) train and the
// last 50 test. Returns indices into the set.
struct Split {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
};
Split splitDigitSheet(const GlyphSet& digits);

}  // namespace fovea::data
