#pragma once
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"
#include "core/experiment/results_store.h"
#include "core/report/figure_data.h"

namespace fovea::report {

// A recurrent run's answer as it forms: accuracy at every step, one line per presentation for
// the target alone and one for two flankers at the closest spacing, pooled over the target
// eccentricities of the headline (eval.headline_max_ecc_px), each cell counted once. Chance is
// the reference line. Empty when the run has no time course (a feed-forward network).
std::vector<FigureData> timeCourseFigures(const experiment::EvalSpec& eval,
                                          const std::vector<experiment::TimeCourseRecord>& records,
                                          const std::string& run, int classes);

}  // namespace fovea::report
