#include "core/util/npy.h"

#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/util/atomic_file.h"

namespace fovea {

void writeNpy(const std::filesystem::path& path, const std::vector<float>& values,
              const std::vector<std::int64_t>& shape) {
  const std::int64_t count =
      std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
  if (count != static_cast<std::int64_t>(values.size())) {
    throw std::invalid_argument("npy shape does not match the number of values for " +
                                path.string());
  }
  std::string dims;
  for (auto d : shape) dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.erase(dims.size() - 1);  // "(11, 60, 60)" but "(5,)"
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Magic (6) + version (2) + length (2) + header + newline, padded to a multiple of 64.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';

  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>((header.size() >> 8) & 0xff);
  bytes += header;
  const std::size_t offset = bytes.size();
  bytes.resize(offset + values.size() * sizeof(float));
  static_assert(sizeof(float) == 4, "float32 expected");
  // x86 and ARM Linux are little-endian, as '<f4' says.
  std::memcpy(bytes.data() + offset, values.data(), values.size() * sizeof(float));
  writeFileAtomically(path, bytes);
}

}  // namespace fovea
