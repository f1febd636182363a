#pragma once
// Core-internal: reads what an experiment scores and reports, [eval] and [claims] (include from
// core .cpp files only).
#include <cstdint>
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"
#include "core/util/toml_reader.h"

namespace fovea::experiment {

// A batch beyond this many images is a typing error: at paper scale (11 crops of 60 px) it is
// already 1.3 GB of input. Training and scoring share the cap.
constexpr int kMaxBatch = 8192;
// Images per grid cell: a bound that keeps a typo from meaning a scoring run of years.
constexpr std::int64_t kMaxEvalImages = 100'000'000;

EvalSpec readEval(const toml::table& root, const std::string& source);
// [claims]; every model it names must be one of `models`.
ClaimsSpec readClaims(const toml::table& root, const std::string& source,
                      const std::vector<ModelEntry>& models);

}  // namespace fovea::experiment
