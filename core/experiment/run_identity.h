#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "core/experiment/experiment_spec.h"

namespace fovea::experiment {

// The resolved spec of one run: every setting that decides its training (the experiment's
// seed, the model's family spec, the training recipe, the stimulus the model sees), with
// defaults filled in. It is stored in the run directory; a resume under a different one is
// refused.
nlohmann::json resolvedRunSpec(const ExperimentSpec& spec, const RunPlan& run);

// 16 hex digits (FNV-1a 64 of the canonical JSON text).
std::string specHash(const nlohmann::json& resolved);

// The first dotted key whose value differs ("train.steps: 200 before, 300 now"), or "" when
// both are the same.
std::string firstDifference(const nlohmann::json& before, const nlohmann::json& now);

nlohmann::json toJson(const TrainSpec& train);

}  // namespace fovea::experiment
