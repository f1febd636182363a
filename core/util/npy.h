#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fovea {

// NumPy's .npy format (version 1.0), little-endian: what numpy.load reads.
enum class NpyType { Float32, UInt8, Int64 };

std::string npyHeader(NpyType type, const std::vector<std::int64_t>& shape);

// Writes a float32 array atomically.
void writeNpy(const std::filesystem::path& path, const std::vector<float>& values,
              const std::vector<std::int64_t>& shape);

// Streams a large array to disk: the data go to a temporary file beside `path`, which replaces
// `path` only in commit(), after every byte was written and flushed. A writer destroyed
// without commit() leaves no trace. Keeps a CRC-32 of the whole file for integrity checks.
class NpyStreamWriter {
 public:
  NpyStreamWriter(std::filesystem::path path, NpyType type, std::vector<std::int64_t> shape);
  ~NpyStreamWriter();
  NpyStreamWriter(const NpyStreamWriter&) = delete;
  NpyStreamWriter& operator=(const NpyStreamWriter&) = delete;

  void append(const void* data, std::size_t bytes);
  // Checks that exactly the shape's bytes were written, then publishes the file.
  void commit();

  std::uint32_t crc32() const { return crc_; }
  std::uint64_t fileSize() const { return written_ + header_size_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path temp_;
  std::ofstream out_;
  std::uint64_t expected_ = 0;
  std::uint64_t written_ = 0;
  std::uint64_t header_size_ = 0;
  std::uint32_t crc_ = 0;
  bool committed_ = false;
};

// CRC-32 (zlib's) of a whole file; throws InputError when it cannot be read.
std::uint32_t fileCrc32(const std::filesystem::path& path);
// The same as eight lower-case hex digits, as run.json and provenance files write it.
std::string fileCrc32Hex(const std::filesystem::path& path);

}  // namespace fovea
