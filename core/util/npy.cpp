#include "core/util/npy.h"

#include <cstdio>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <numeric>
#include <stdexcept>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea {
namespace {

std::uint64_t elementSize(NpyType type) {
  switch (type) {
    case NpyType::Float32: return 4;
    case NpyType::UInt8: return 1;
    case NpyType::Int64: return 8;
  }
  return 1;
}

const char* descriptor(NpyType type) {
  switch (type) {
    case NpyType::Float32: return "<f4";
    case NpyType::UInt8: return "|u1";
    case NpyType::Int64: return "<i8";
  }
  return "|u1";
}

std::uint64_t elementCount(const std::vector<std::int64_t>& shape) {
  return static_cast<std::uint64_t>(
      std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>()));
}

}  // namespace

std::string npyHeader(NpyType type, const std::vector<std::int64_t>& shape) {
  std::string dims;
  for (auto d : shape) dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.erase(dims.size() - 1);  // "(11, 60, 60)" but "(5,)"
  std::string header = std::string("{'descr': '") + descriptor(type) +
                       "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Magic (6) + version (2) + length (2) + header + newline, padded to a multiple of 64.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>((header.size() >> 8) & 0xff);
  return bytes + header;
}

void writeNpy(const std::filesystem::path& path, const std::vector<float>& values,
              const std::vector<std::int64_t>& shape) {
  if (elementCount(shape) != values.size()) {
    throw std::invalid_argument("npy shape does not match the number of values for " +
                                path.string());
  }
  std::string bytes = npyHeader(NpyType::Float32, shape);
  const std::size_t offset = bytes.size();
  bytes.resize(offset + values.size() * sizeof(float));
  // x86 and ARM Linux are little-endian, as '<f4' says.
  std::memcpy(bytes.data() + offset, values.data(), values.size() * sizeof(float));
  writeFileAtomically(path, bytes);
}

NpyStreamWriter::NpyStreamWriter(std::filesystem::path path, NpyType type,
                                 std::vector<std::int64_t> shape)
    : path_(std::move(path)), temp_(path_.string() + ".partial") {
  expected_ = elementCount(shape) * elementSize(type);
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot create " + temp_.string());
  const std::string header = npyHeader(type, shape);
  header_size_ = header.size();
  out_.write(header.data(), static_cast<std::streamsize>(header.size()));
  crc_ = static_cast<std::uint32_t>(
      ::crc32(0, reinterpret_cast<const Bytef*>(header.data()), static_cast<uInt>(header.size())));
}

NpyStreamWriter::~NpyStreamWriter() {
  if (!committed_) {
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void NpyStreamWriter::append(const void* data, std::size_t bytes) {
  out_.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
  if (!out_) throw std::runtime_error("cannot write " + temp_.string());
  crc_ = static_cast<std::uint32_t>(
      ::crc32(crc_, static_cast<const Bytef*>(data), static_cast<uInt>(bytes)));
  written_ += bytes;
}

void NpyStreamWriter::commit() {
  if (written_ != expected_) {
    throw std::logic_error(path_.string() + ": wrote " + std::to_string(written_) +
                           " bytes, the shape needs " + std::to_string(expected_));
  }
  out_.flush();
  out_.close();
  if (!out_) throw std::runtime_error("cannot flush " + temp_.string());
  syncPath(temp_);
  renameDurably(temp_, path_);
  committed_ = true;
}

std::uint32_t fileCrc32(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file");
  std::vector<char> buffer(1 << 20);
  uLong crc = ::crc32(0, nullptr, 0);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = in.gcount();
    if (got > 0)
      crc = ::crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(got));
  }
  return static_cast<std::uint32_t>(crc);
}

std::string fileCrc32Hex(const std::filesystem::path& path) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", fileCrc32(path));
  return text;
}

}  // namespace fovea
