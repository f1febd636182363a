#include "core/util/tensor_archive.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/file_bytes.h"

namespace fovea {
namespace {

constexpr std::uint64_t kMaxHeaderBytes = 100ull << 20;

float halfToFloat(std::uint16_t h) {
  const int sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  float value;
  if (exponent == 0) {
    value = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    value =
        mantissa ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  } else {
    value = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
  }
  return sign ? -value : value;
}

std::uint64_t readLe64(const std::uint8_t* p) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | p[i];
  return value;
}

ArchiveTensor decodeTensor(const std::string& name, const nlohmann::json& entry,
                           const std::uint8_t* data, std::uint64_t data_bytes,
                           const std::string& source) {
  auto fail = [&](const std::string& message) -> void {
    throw InputError(source + ": tensor '" + name + "': " + message);
  };
  if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
      !entry.contains("data_offsets")) {
    fail("needs dtype, shape and data_offsets");
  }
  const auto& dtype = entry["dtype"];
  const auto& shape = entry["shape"];
  const auto& offsets = entry["data_offsets"];
  if (!dtype.is_string()) fail("dtype is not a string");
  const std::string type = dtype.get<std::string>();
  const std::uint64_t width = type == "F32" ? 4 : type == "F64" ? 8 : type == "F16" ? 2 : 0;
  if (width == 0) fail("dtype " + type + " is not F32, F64 or F16");
  if (!shape.is_array() || shape.size() > 8) fail("shape is not a list of at most 8 sizes");
  ArchiveTensor tensor;
  std::int64_t count = 1;
  for (const auto& size : shape) {
    if (!size.is_number_unsigned() || size.get<std::uint64_t>() > kMaxArchiveTensorValues) {
      fail("shape " + shape.dump() + " has a size that is negative or beyond 2^29");
    }
    tensor.shape.push_back(size.get<std::int64_t>());
    count *= tensor.shape.back();
    if (count > kMaxArchiveTensorValues) fail("shape " + shape.dump() + " is beyond 2^29 values");
  }
  if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
      !offsets[1].is_number_unsigned()) {
    fail("data_offsets is not [begin, end]");
  }
  const auto begin = offsets[0].get<std::uint64_t>(), end = offsets[1].get<std::uint64_t>();
  if (begin > end || end > data_bytes) {
    fail("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
         "] lie outside the " + std::to_string(data_bytes) + " data bytes");
  }
  if (end - begin != static_cast<std::uint64_t>(count) * width) {
    fail("shape " + shape.dump() + " of " + type + " needs " +
         std::to_string(static_cast<std::uint64_t>(count) * width) + " bytes, its range holds " +
         std::to_string(end - begin));
  }
  tensor.values.resize(static_cast<std::size_t>(count));
  const std::uint8_t* p = data + begin;
  for (std::int64_t i = 0; i < count; ++i, p += width) {
    if (width == 4) {
      std::memcpy(&tensor.values[i], p, 4);
    } else if (width == 8) {
      double v;
      std::memcpy(&v, p, 8);
      tensor.values[i] = static_cast<float>(v);
    } else {
      tensor.values[i] = halfToFloat(static_cast<std::uint16_t>(p[0] | (p[1] << 8)));
    }
  }
  return tensor;
}

}  // namespace

TensorArchive parseTensorArchive(const std::vector<std::uint8_t>& bytes,
                                 const std::string& source) {
  if (bytes.size() < 8) throw InputError(source + ": too short for a tensor archive");
  const std::uint64_t header_bytes = readLe64(bytes.data());
  if (header_bytes > kMaxHeaderBytes || header_bytes > bytes.size() - 8) {
    throw InputError(source + ": header length " + std::to_string(header_bytes) +
                     " runs past the file's " + std::to_string(bytes.size()) + " bytes");
  }
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + header_bytes);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(source + ": the header is not JSON: " + error.what());
  }
  if (!header.is_object()) throw InputError(source + ": the header is not a JSON object");
  const std::uint8_t* data = bytes.data() + 8 + header_bytes;
  const std::uint64_t data_bytes = bytes.size() - 8 - header_bytes;
  TensorArchive archive;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    archive[name] = decodeTensor(name, entry, data, data_bytes, source);
    const auto& offsets = entry["data_offsets"];
    ranges.emplace_back(offsets[0].get<std::uint64_t>(), offsets[1].get<std::uint64_t>());
  }
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].first < ranges[i - 1].second) {
      throw InputError(source + ": two tensors share bytes " + std::to_string(ranges[i].first) +
                       " to " + std::to_string(ranges[i - 1].second));
    }
  }
  return archive;
}

TensorArchive readTensorArchive(const std::filesystem::path& path) {
  return parseTensorArchive(readFileBytes(path), path.string());
}

void writeTensorArchive(const std::filesystem::path& path, const TensorArchive& archive,
                        const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const auto& [name, tensor] : archive) {
    const std::uint64_t bytes = tensor.values.size() * 4;
    header[name] = {
        {"dtype", "F32"}, {"shape", tensor.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  text.append((8 - (text.size() % 8)) % 8, ' ');  // the data starts 8-byte aligned
  std::string contents(8, '\0');
  for (int i = 0; i < 8; ++i) contents[i] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
  contents += text;
  contents.reserve(contents.size() + offset);
  for (const auto& [name, tensor] : archive) {
    contents.append(reinterpret_cast<const char*>(tensor.values.data()), tensor.values.size() * 4);
  }
  writeFileAtomically(path, contents);
}

}  // namespace fovea
