#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace fovea {

// Writes a little-endian float32 array in NumPy's .npy format (version 1.0), atomically, so
// numpy.load reads it with the given shape.
void writeNpy(const std::filesystem::path& path, const std::vector<float>& values,
              const std::vector<std::int64_t>& shape);

}  // namespace fovea
