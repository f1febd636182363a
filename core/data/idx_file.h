#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/data/digit_sheet.h"

namespace fovea::data {

// An unsigned-byte IDX array (MNIST's format: magic 0x00000803 for images, 0x00000801 for
// labels, big-endian dimension sizes, then the bytes), plain or gzipped.
struct IdxArray {
  std::vector<int> dims;
  std::vector<std::uint8_t> data;
};

// Checks magic, dimensions and length; a corrupt or truncated file is an InputError naming it.
IdxArray readIdx(const std::filesystem::path& path);
// The same from bytes already read (and inflated); `name` is what errors call them.
IdxArray parseIdx(const std::vector<std::uint8_t>& bytes, const std::string& name);

// Images (N x rows x cols) with their labels (N), as glyphs: MNIST, EMNIST, notMNIST-to-MNIST,
// Fashion-MNIST.
GlyphSet loadIdxGlyphs(const std::filesystem::path& images, const std::filesystem::path& labels);

// Debian's dataset-fashion-mnist, test part (10000 items); InputError when not installed.
GlyphSet loadFashionMnistTest();

}  // namespace fovea::data
