#pragma once
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"
#include "core/experiment/results_store.h"
#include "core/report/figure_data.h"

namespace fovea::report {

// One run's figures of the attention task: accuracy against eccentricity, a line per contrast
// ("accuracy-eccentricity"), the same as a radius x contrast heatmap ("eccentricity-contrast"),
// for a saccade model its accuracy after each saccade per contrast ("saccades-c0.7", ...), and
// the accuracy map over digit shifts on the 28 px set ("shift-map") when it was scored.
// Chance (1 / classes) is the reference line; missing cells are gaps.
std::vector<FigureData> attentionFigures(const experiment::AttentionSpec& spec,
                                         const std::vector<experiment::AttentionRecord>& records,
                                         const std::string& run, int classes = 10);

// The transformer study's benchmark figure: per contrast, accuracy against eccentricity with a
// line per run ("benchmark-c0.7", ...), for every run given; a saccade model also gets a line
// per earlier fixation ("RUN, 0 saccades", ...) before its own answer's.
std::vector<FigureData> attentionBenchmark(const experiment::AttentionSpec& spec,
                                           const std::vector<experiment::AttentionRecord>& records,
                                           const std::vector<std::string>& runs, int classes = 10);

// A run's headline numbers: mean accuracy over the radii per contrast, central and general
// accuracy (the smallest and largest shift std) and the transform's mean landing error.
struct AttentionHeadline {
  std::vector<std::pair<double, double>> mean_by_contrast;  // (contrast, mean accuracy)
  double central = 0;                                       // NaN when not scored or not applicable
  double general = 0;
  double landing_error_px = 0;  // over the eccentricity cells; NaN without a transform
};
AttentionHeadline attentionHeadline(const std::vector<experiment::AttentionRecord>& records,
                                    const std::string& run);

// What a view shows for one run while the study fills in: its own figures, then the benchmark
// figures and the summary table over every run with cells in `records`.
std::vector<FigureData> attentionRunFigures(const experiment::AttentionSpec& spec,
                                            const std::vector<experiment::AttentionRecord>& records,
                                            const std::string& run, int classes = 10);

// The table of every run's headline numbers ("attention-summary").
FigureData attentionSummaryTable(const std::vector<experiment::AttentionRecord>& records,
                                 const std::vector<std::string>& runs);

}  // namespace fovea::report
