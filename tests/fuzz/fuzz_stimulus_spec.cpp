// libFuzzer target: text as a stimulus spec (TOML). It parses into a spec that passes its own
// checks, or is an InputError naming the file and key; a parsed spec writes TOML that parses
// back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/stimulus/stimulus_spec.h"
#include "core/util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1u << 16) return 0;  // specs are short; long inputs only slow the search
  const std::string text(reinterpret_cast<const char*>(data), size);
  fovea::stimulus::StimulusSpec spec;
  try {
    spec = fovea::stimulus::parseStimulusSpec(text, "fuzz.toml");
  } catch (const fovea::InputError&) {
    return 0;
  }
  try {
    fovea::stimulus::parseStimulusSpec(fovea::stimulus::toToml(spec), "round-trip.toml");
  } catch (const fovea::InputError&) {
    std::abort();  // a spec Fovea accepted must survive being written out
  }
  return 0;
}
