#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace fovea {

// Reads a whole file; a gzip file (detected by its magic bytes, not its name) is inflated.
// Throws InputError naming the file when it is missing, unreadable, or a corrupt or truncated
// gzip stream.
std::vector<std::uint8_t> readFileBytes(const std::filesystem::path& path);

}  // namespace fovea
