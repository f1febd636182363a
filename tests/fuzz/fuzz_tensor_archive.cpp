// libFuzzer target: bytes as a tensor archive (the ConvRNN weights' safetensors layout). Every
// input must end in tensors whose values match their shapes, or in an InputError; nothing else
// (no crash, no other exception, no allocation beyond the caps).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/util/errors.h"
#include "core/util/tensor_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto archive =
        fovea::parseTensorArchive(std::vector<std::uint8_t>(data, data + size), "fuzz.safetensors");
    for (const auto& [name, tensor] : archive) {
      std::size_t count = 1;
      for (auto d : tensor.shape) count *= static_cast<std::size_t>(d);
      if (count != tensor.values.size()) std::abort();
    }
  } catch (const fovea::InputError&) {
  }
  return 0;
}
