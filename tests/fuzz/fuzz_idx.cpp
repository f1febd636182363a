// libFuzzer target: bytes as an IDX file, plain or gzip. Every input must end in an IdxArray
// whose data matches its dimensions, or in an InputError; nothing else (no crash, no other
// exception, no allocation beyond the caps).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/data/idx_file.h"
#include "core/util/errors.h"
#include "core/util/file_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    // A small inflation cap keeps each run fast; the real cap is only larger.
    const auto bytes =
        fovea::decodeFileBytes(std::vector<std::uint8_t>(data, data + size), "fuzz.idx", 1u << 24);
    const auto array = fovea::data::parseIdx(bytes, "fuzz.idx");
    std::size_t count = 1;
    for (int d : array.dims) count *= static_cast<std::size_t>(d);
    if (count != array.data.size()) std::abort();
  } catch (const fovea::InputError&) {
  }
  return 0;
}
