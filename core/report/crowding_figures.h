#pragma once
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"
#include "core/experiment/results_store.h"
#include "core/report/figure_data.h"

namespace fovea::report {

// The study's plots of one run (science-crowding.md section 4): accuracy against target
// eccentricity at each constant spacing (a, xa, ax, xax), with the target fixed at the centre
// (against flanker eccentricity: a, ax, xax), with the target fixed in the periphery (against
// spacing toward the fovea: a, xa), and heatmaps of accuracy over target x flanker eccentricity
// for one and two flankers. Chance (1 / classes) is the reference line. Missing cells are gaps.
std::vector<FigureData> crowdingFigures(const experiment::EvalSpec& eval,
                                        const std::vector<experiment::AccuracyRecord>& records,
                                        const std::string& run, int classes = 5);

// The learning-rate selection rule (eval.lr_rule): per model, the learning rate with the smallest
// final loss (its mean over the seeds of [experiment] seeds); ties go to the later learning rate
// of the list. Returns the names of that rate's runs (one per seed).
std::vector<std::string> selectRuns(const experiment::ExperimentSpec& spec,
                                    const std::vector<experiment::RunRecord>& runs);

// The two numbers a run is summarised by: mean accuracy of the target alone, and with two
// flankers at the closest spacing of eval.spacings_px, over the target eccentricities up to
// eval.headline_max_ecc_px. NaN when no cell qualifies.
struct Headline {
  double target_alone = 0;
  double closest_xax = 0;
  double closest_spacing_px = 0;
};
// The smallest of eval.spacings_px (NaN when there are none).
double closestSpacing(const experiment::EvalSpec& eval);
Headline headlineAccuracy(const experiment::EvalSpec& eval,
                          const std::vector<experiment::AccuracyRecord>& records,
                          const std::string& run);

// The figures of every run the results database holds (runs in the store's order), with their
// provenance: what a view shows for an experiment that has been scored.
struct StoredRunFigures {
  std::string run;
  std::vector<FigureData> figures;
  Provenance provenance;
};
std::vector<StoredRunFigures> storedFigures(const experiment::ExperimentSpec& spec,
                                            const experiment::ResultsStore& store);

// Where a run's figures come from (spec, checkpoint and its CRC, seed, overrides, version).
Provenance provenanceFor(const experiment::ExperimentSpec& spec, const experiment::RunRecord& run);

}  // namespace fovea::report
