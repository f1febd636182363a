// libFuzzer target: text as a checkpoint's header (the JSON Fovea stores beside the weights),
// read back and checked against the real model families. It is a header whose family accepts its
// network spec, input and class count and which stores back to the same header, or an InputError
// naming the file; anything else is a bug. (The archive around it is LibTorch's.)
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/train/checkpoint_header.h"
#include "core/util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1u << 16) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fovea::train::CheckpointHeader header;
  try {
    header = fovea::train::parseCheckpointMeta(text, "fuzz.pt");
  } catch (const fovea::InputError& error) {
    if (std::string(error.what()).rfind("fuzz.pt", 0) != 0) {  // it must name the file
      std::fprintf(stderr, "error without the file name: %s\n", error.what());
      std::abort();
    }
    return 0;
  }
  try {
    const auto again = fovea::train::parseCheckpointMeta(
        fovea::train::checkpointMeta(header).dump(), "round-trip.pt");
    if (again.net != header.net || again.class_names != header.class_names) std::abort();
  } catch (const fovea::InputError&) {
    std::abort();  // a header Fovea accepted must survive being stored again
  }
  return 0;
}
