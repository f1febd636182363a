#pragma once
#include <atomic>
#include <filesystem>
#include <string>

#include "core/report/crowding_claims.h"

namespace fovea::report {

// Gathers what the claims table needs from a scored experiment: the selected run of every model
// (by the learning-rate rule) and its grid from results.sqlite; then scores the early model's
// selected run at the closest spacing with each of claims.flanker_sets (fresh test stimuli, not
// stored). Throws InputError when the experiment has no results.
ClaimData gatherClaimData(const experiment::ExperimentSpec& spec, const std::filesystem::path& dir,
                          const std::string& device = "cpu", int threads = 0,
                          const std::atomic<bool>* stop = nullptr);

}  // namespace fovea::report
