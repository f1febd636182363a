#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/eval/predictor.h"
#include "core/eval/step_counts.h"
#include "core/experiment/experiment_spec.h"
#include "core/stimulus/crowding_sampler.h"

namespace fovea::eval {

// One cell of the crowding grid in the study's terms: flanker type 0 (target alone), 1 (one
// flanker at flanker_ecc) or 2 (two, mirrored about the target).
struct Condition {
  int flanker_type = 0;
  double target_ecc_px = 0;
  double flanker_ecc_px = 0;
};

struct ConditionResult {
  Condition condition;
  std::string configuration;  // a, ax, xa, xax
  double spacing_px = 0;
  std::int64_t images = 0;
  std::int64_t correct = 0;
  double accuracy = 0;
  bool valid = true;
  std::string reason;  // why an invalid cell cannot be drawn
  // A recurrent network's correct answers at every step of each presentation it knows (its own
  // first), over the same images; empty for a feed-forward network.
  using StepCounts = eval::StepCounts;
  std::vector<StepCounts> over_time;
};

// Every (type, target ecc, flanker ecc) of the grid, in the study's job order.
std::vector<Condition> crowdingGrid(const experiment::EvalSpec& eval);

struct EvalOptions {
  int data_threads = 0;
  std::function<void(const ConditionResult&, std::size_t done, std::size_t total)> on_result;
  const std::atomic<bool>* stop = nullptr;
};

// The stimulus of one condition: the experiment's base stimulus (no curriculum), test split,
// geometry of the condition.
stimulus::StimulusSpec conditionStimulus(const experiment::ExperimentSpec& spec,
                                         const stimulus::StimulusSpec& trained,
                                         const Condition& condition);

// Scores the predictor on each condition with fresh test stimuli (eval.images each, or every
// test target once). Cells that cannot be drawn are returned with valid = false and the reason;
// the target-alone cell is computed once per target eccentricity (the study recomputed it for
// every flanker eccentricity with identical data).
std::vector<ConditionResult> evaluateConditions(const experiment::ExperimentSpec& spec,
                                                const Predictor& predictor,
                                                const std::vector<Condition>& conditions,
                                                const EvalOptions& options = {});

// A few trials of one condition with the model's answers, for "show me" views.
struct Trial {
  stimulus::CrowdingSample sample;
  int answer = -1;
};
std::vector<Trial> exampleTrials(const experiment::ExperimentSpec& spec, const Predictor& predictor,
                                 const Condition& condition, int count);

}  // namespace fovea::eval
