#pragma once
// Every stored result as one tidy CSV, one row per scored cell with its run's model, learning
// rate and checkpoint: what a user loads into R or pandas instead of the figures.
#include <string>
#include <vector>

#include "core/experiment/results_store.h"

namespace fovea::report {

std::string accuracyCsv(const std::vector<experiment::RunRecord>& runs,
                        const std::vector<experiment::AccuracyRecord>& cells);
std::string attentionCsv(const std::vector<experiment::RunRecord>& runs,
                         const std::vector<experiment::AttentionRecord>& cells);

}  // namespace fovea::report
