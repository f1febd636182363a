#include "core/util/file_bytes.h"

#include <zlib.h>

#include <fstream>
#include <iterator>

#include "core/util/errors.h"

namespace fovea {
namespace {

std::string mebibytes(std::uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

bool isGzip(const std::vector<std::uint8_t>& bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<std::uint8_t> inflateGzip(const std::vector<std::uint8_t>& packed,
                                      const std::filesystem::path& path, std::uint64_t max_bytes) {
  z_stream stream{};
  // 16 + MAX_WBITS: expect a gzip header rather than a raw zlib stream.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    throw InputError(path.string() + ": cannot initialise gzip decoder");
  }
  std::vector<std::uint8_t> out;
  std::vector<std::uint8_t> chunk(1 << 16);
  stream.next_in = const_cast<Bytef*>(packed.data());
  stream.avail_in = static_cast<uInt>(packed.size());
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = chunk.data();
    stream.avail_out = static_cast<uInt>(chunk.size());
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      inflateEnd(&stream);
      throw InputError(path.string() + ": corrupt or truncated gzip data (" +
                       (stream.msg ? stream.msg : "unexpected end of stream") + ")");
    }
    const std::size_t produced = chunk.size() - stream.avail_out;
    if (out.size() + produced > max_bytes) {  // a small file that inflates without end
      inflateEnd(&stream);
      throw InputError(path.string() + ": inflates to more than " + mebibytes(max_bytes) +
                       ", the most Fovea reads from one file");
    }
    out.insert(out.end(), chunk.data(), chunk.data() + produced);
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      inflateEnd(&stream);
      throw InputError(path.string() + ": truncated gzip data");
    }
  }
  inflateEnd(&stream);
  return out;
}

}  // namespace

std::vector<std::uint8_t> readFileBytes(const std::filesystem::path& path,
                                        std::uint64_t max_bytes) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > max_bytes) {
    throw InputError(path.string() + ": " + mebibytes(size) + ", more than the " +
                     mebibytes(max_bytes) + " Fovea reads from one file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(path.string() + ": read error");
  return isGzip(bytes) ? inflateGzip(bytes, path, max_bytes) : bytes;
}

std::vector<std::uint8_t> decodeFileBytes(std::vector<std::uint8_t> bytes,
                                          const std::filesystem::path& name,
                                          std::uint64_t max_bytes) {
  return isGzip(bytes) ? inflateGzip(bytes, name, max_bytes) : bytes;
}

}  // namespace fovea
