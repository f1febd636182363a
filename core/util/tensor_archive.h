#pragma once
// A tensor archive in the safetensors layout (docs/formats.md): an 8-byte little-endian header
// length, a JSON header naming every tensor's dtype, shape and byte range, then the raw
// little-endian data. Python writes one with the safetensors package or a few lines of numpy.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fovea {

struct ArchiveTensor {
  std::vector<std::int64_t> shape;
  std::vector<float> values;  // row-major; F64 and F16 arrays are converted to float
};

using TensorArchive = std::map<std::string, ArchiveTensor>;

// The most values one tensor may hold (a 2 GiB float tensor).
constexpr std::int64_t kMaxArchiveTensorValues = std::int64_t{1} << 29;

// InputError naming `source` and the tensor or header key when the bytes are not an archive:
// a header beyond the file, malformed JSON, an unknown dtype, a shape whose size is not its
// byte range, ranges outside the data or overlapping.
TensorArchive parseTensorArchive(const std::vector<std::uint8_t>& bytes, const std::string& source);
TensorArchive readTensorArchive(const std::filesystem::path& path);
// Written atomically, F32, tensors in name order; `metadata` goes to "__metadata__".
void writeTensorArchive(const std::filesystem::path& path, const TensorArchive& archive,
                        const std::map<std::string, std::string>& metadata = {});

}  // namespace fovea
