// libFuzzer target: text as an experiment spec (TOML), read by the real model families. It
// parses into a spec whose runs have distinct names and whose every stimulus (at each
// curriculum stage) is valid, or it is an InputError; anything else (a crash, another exception,
// an allocation beyond the caps) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "core/experiment/experiment_spec.h"
#include "core/util/errors.h"

namespace {

void checkStimuli(const fovea::experiment::ExperimentSpec& spec) {
  for (const auto& model : spec.models) {
    std::vector<std::int64_t> steps = {0};
    for (const auto& stage : model.train.curriculum) steps.push_back(stage.from_step);
    for (auto step : steps) {
      if (spec.attentionTask()) {
        fovea::experiment::attentionStimulusFor(spec, model, step);
      } else {
        fovea::experiment::stimulusFor(spec, model, step);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1u << 16) return 0;  // specs are short; long inputs only slow the search
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto spec = fovea::experiment::parseExperimentSpec(text, "fuzz.toml");
    std::set<std::string> names;
    for (const auto& run : fovea::experiment::plannedRuns(spec)) {
      if (!names.insert(run.name).second) std::abort();  // two runs would share a folder
    }
    checkStimuli(spec);
  } catch (const fovea::InputError&) {
  }
  return 0;
}
