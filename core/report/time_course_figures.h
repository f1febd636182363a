#pragma once
#include <string>
#include <vector>

#include "core/eval/stimulus_answer.h"
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

// The same for a recurrent run on the attention task: accuracy at every step, per presentation,
// for the digits nearest to and farthest from the centre of the 128 px set (pooled over the
// contrasts) and for each shift std of the 28 px set. Empty without a time course.
std::vector<FigureData> attentionTimeCourseFigures(
    const std::vector<experiment::AttentionRecord>& records, const std::string& run, int classes);

// One designed stimulus's answer as it forms: each class's probability at every step of one
// presentation, the max-confidence and threshold readouts' decisions as unnamed marked points
// (answerOverTimeCaption() names them), the threshold as an unnamed reference line.
FigureData answerOverTimeFigure(const eval::StimulusAnswerer::Answer::OverTime& answer,
                                const std::vector<std::string>& class_names, double threshold);

// What the chart's unnamed marks are: "Dashed: the threshold readout's 0.90. Max-confidence
// readout: step 15, class 0 (p = 0.89). Threshold readout: step 15."
std::string answerOverTimeCaption(const eval::StimulusAnswerer::Answer::OverTime& answer,
                                  const std::vector<std::string>& class_names, double threshold);

}  // namespace fovea::report
