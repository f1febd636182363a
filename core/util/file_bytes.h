#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace fovea {

// The most bytes read from one file, before or after inflating: the full MNIST and
// Fashion-MNIST training images are 47 MB each.
constexpr std::uint64_t kMaxFileBytes = 1ull << 30;

// Reads a whole file; a gzip file (detected by its magic bytes, not its name) is inflated.
// Throws InputError naming the file when it is missing, unreadable, larger than `max_bytes` (on
// disk or inflated), or a corrupt or truncated gzip stream.
std::vector<std::uint8_t> readFileBytes(const std::filesystem::path& path,
                                        std::uint64_t max_bytes = kMaxFileBytes);
// What readFileBytes does with the bytes of `name`: inflated when they are gzip.
std::vector<std::uint8_t> decodeFileBytes(std::vector<std::uint8_t> bytes,
                                          const std::filesystem::path& name,
                                          std::uint64_t max_bytes = kMaxFileBytes);

}  // namespace fovea
