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
// [psychophysics]: one row per run, condition and eccentricity (thresholds.csv), and one per run
// and condition for the line through them (threshold-lines.csv).
std::string thresholdsCsv(const std::vector<experiment::RunRecord>& runs,
                          const std::vector<experiment::ThresholdRecord>& points);
std::string thresholdLinesCsv(const std::vector<experiment::RunRecord>& runs,
                              const std::vector<experiment::ThresholdLineRecord>& lines);

}  // namespace fovea::report
