#pragma once
// How a sweep stands, for `sweep`, `sweep status` and `collect` alike.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/sweep/job_table.h"

namespace fovea::cli {

// "train 2/3 (1 running) | score 0/6 | ...".
std::string countsLine(const std::vector<sweep::StageCounts>& counts);

// Counts per stage, and every job that is not done with its state and reason.
nlohmann::json statusJson(const sweep::JobTable& table, const std::filesystem::path& dir,
                          const std::string& experiment);

// Line `index` of a file of job ids (a SLURM array's list).
std::string jobFromList(const std::filesystem::path& list, std::size_t index);

}  // namespace fovea::cli
