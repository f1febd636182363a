#include "core/eval/crowding_grid.h"

#include <cmath>
#include <map>

#include "core/train/crowding_batches.h"
#include "core/util/errors.h"
#include "core/util/parallel.h"

namespace fovea::eval {

std::vector<Condition> crowdingGrid(const experiment::EvalSpec& eval) {
  std::vector<Condition> grid;
  for (int type : eval.flanker_types) {
    for (double te : eval.target_ecc_px) {
      for (double fe : eval.flanker_ecc_px) grid.push_back({type, te, fe});
    }
  }
  return grid;
}

stimulus::StimulusSpec conditionStimulus(const experiment::ExperimentSpec& spec,
                                         const stimulus::StimulusSpec& trained,
                                         const Condition& condition) {
  stimulus::StimulusSpec stimulus = spec.stimulus;
  stimulus.retina = trained.retina;  // the crops the network was trained on
  stimulus.glyphs.split = "test";
  const auto cell = stimulus::CrowdingGeometry::fromOriginal(
      condition.target_ecc_px, condition.flanker_ecc_px, condition.flanker_type);
  auto& g = stimulus.geometry;
  g.target_ecc_px = cell.target_ecc_px;
  g.spacing_px = cell.spacing_px;
  g.configuration = cell.configuration;
  return stimulus;
}

namespace {

ConditionResult describe(const Condition& condition) {
  ConditionResult result;
  result.condition = condition;
  const auto cell = stimulus::CrowdingGeometry::fromOriginal(
      condition.target_ecc_px, condition.flanker_ecc_px, condition.flanker_type);
  result.configuration = stimulus::toString(cell.configuration);
  result.spacing_px = condition.flanker_type == 0 ? std::nan("") : std::fabs(cell.spacing_px);
  return result;
}

}  // namespace

std::vector<ConditionResult> evaluateConditions(const experiment::ExperimentSpec& spec,
                                                const Predictor& predictor,
                                                const std::vector<Condition>& conditions,
                                                const EvalOptions& options) {
  std::vector<ConditionResult> results;
  std::map<double, ConditionResult> alone;  // target-alone accuracy per target eccentricity
  std::size_t done = 0;
  for (const auto& condition : conditions) {
    if (options.stop && options.stop->load()) break;
    ConditionResult result = describe(condition);
    if (condition.flanker_type == 0) {
      if (auto found = alone.find(condition.target_ecc_px); found != alone.end()) {
        const auto& known = found->second;
        result.images = known.images;
        result.correct = known.correct;
        result.accuracy = known.accuracy;
        result.valid = known.valid;
        result.reason = known.reason;
        result.over_time = known.over_time;
        results.push_back(result);
        if (options.on_result) options.on_result(result, ++done, conditions.size());
        continue;
      }
    }
    try {
      const auto stimulus = conditionStimulus(spec, predictor.stimulus(), condition);
      const stimulus::CrowdingSampler sampler(stimulus, spec.seed, false);
      const std::int64_t count = spec.eval.images > 0
                                     ? spec.eval.images
                                     : static_cast<std::int64_t>(sampler.targetCount());
      for (std::int64_t start = 0; start < count; start += spec.eval.batch) {
        const int size = static_cast<int>(std::min<std::int64_t>(spec.eval.batch, count - start));
        std::vector<stimulus::CrowdingSample> samples(static_cast<std::size_t>(size));
        parallelFor(size, options.data_threads, [&](std::int64_t j) {
          samples[static_cast<std::size_t>(j)] =
              sampler.sample(static_cast<std::uint64_t>(start + j));
        });
        train::Batch batch;
        train::toNetworkInput(sampler.plan(), samples, batch);
        const auto answers = predictor.answers(batch.inputs, size);
        for (int j = 0; j < size; ++j) result.correct += answers[j] == batch.labels[j] ? 1 : 0;
        countOverTime(predictor, batch.inputs, size, batch.labels, result.over_time);
        result.images += size;
      }
      result.accuracy = double(result.correct) / double(result.images);
    } catch (const InputError& error) {
      result.valid = false;
      result.accuracy = std::nan("");
      result.reason = error.what();
    }
    if (condition.flanker_type == 0) alone[condition.target_ecc_px] = result;
    results.push_back(result);
    if (options.on_result) options.on_result(result, ++done, conditions.size());
  }
  return results;
}

std::vector<Trial> exampleTrials(const experiment::ExperimentSpec& spec, const Predictor& predictor,
                                 const Condition& condition, int count) {
  const auto stimulus = conditionStimulus(spec, predictor.stimulus(), condition);
  const stimulus::CrowdingSampler sampler(stimulus, spec.seed, false);
  std::vector<stimulus::CrowdingSample> samples;
  for (int i = 0; i < count; ++i) samples.push_back(sampler.sample(static_cast<std::uint64_t>(i)));
  train::Batch batch;
  train::toNetworkInput(sampler.plan(), samples, batch);
  const auto answers = predictor.answers(batch.inputs, count);
  std::vector<Trial> trials;
  for (int i = 0; i < count; ++i) trials.push_back({samples[i], answers[i]});
  return trials;
}

}  // namespace fovea::eval
