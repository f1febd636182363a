// libFuzzer target: text as a run's metrics.csv. It parses, or is an InputError naming the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/train/metrics_log.h"
#include "core/util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    fovea::train::parseMetrics(std::string(reinterpret_cast<const char*>(data), size),
                               "metrics.csv");
  } catch (const fovea::InputError&) {
  }
  return 0;
}
