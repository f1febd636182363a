#include "core/report/claims_measurement.h"

#include <cmath>

#include "core/eval/crowding_grid.h"
#include "core/eval/predictor.h"
#include "core/experiment/experiment_layout.h"
#include "core/report/crowding_figures.h"
#include "core/util/errors.h"

namespace fovea::report {

ClaimData gatherClaimData(const experiment::ExperimentSpec& spec, const std::filesystem::path& dir,
                          const std::string& device, int threads, const std::atomic<bool>* stop) {
  const experiment::ExperimentFiles files(dir);
  if (!std::filesystem::exists(files.results())) {
    throw InputError(files.results().string() + ": no results yet; run fovea-cli eval first");
  }
  const experiment::ResultsStore store(files.results());
  ClaimData data;
  data.grid = store.accuracy();
  const auto plans = experiment::plannedRuns(spec);
  for (const auto& run : selectRuns(spec, store.runs())) {
    data.run_of_model[spec.models.at(experiment::findRun(plans, run).model_index).name] = run;
  }

  const auto early = data.run_of_model.find(spec.claims.early_pooling);
  if (early == data.run_of_model.end() || spec.eval.spacings_px.empty()) return data;
  const double closest = closestSpacing(spec.eval);
  std::vector<eval::Condition> conditions;
  for (double te : claimTargets(spec.eval)) conditions.push_back({2, te, te + closest});

  const eval::Predictor predictor(files.run(early->second).checkpoint(), device);
  eval::EvalOptions options;
  options.data_threads = threads;
  options.stop = stop;
  for (const auto& set : spec.claims.flanker_sets) {
    experiment::ExperimentSpec variant = spec;
    variant.stimulus.glyphs.flanker_set = set;
    if (spec.claims.images > 0) variant.eval.images = spec.claims.images;
    auto& records = data.by_flanker_set[set];
    for (const auto& result : eval::evaluateConditions(variant, predictor, conditions, options)) {
      records.push_back({early->second, result, ""});
    }
  }
  return data;
}

}  // namespace fovea::report
