#pragma once
#include <cstdint>
#include <map>
#include <mutex>

#include "core/experiment/experiment_spec.h"
#include "core/stimulus/attention_samples.h"
#include "core/train/batch_source.h"
#include "core/train/epoch_order.h"

namespace fovea::train {

// The attention task's training stream: noisy digits of the stimulus that holds at each step
// (curriculum stages raise the shift, lower the contrast), as the model sees them (the whole
// image, or the 28 px fovea of a 128 px one). Batch s depends only on (seed, s).
class AttentionBatches : public BatchSource {
 public:
  AttentionBatches(const experiment::ExperimentSpec& spec, const experiment::ModelEntry& model,
                   std::uint64_t seed);

  Batch batch(std::int64_t step, int threads) const override;

 private:
  const stimulus::NoisyDigitSpec& stimulusAt(std::int64_t step) const;

  const experiment::ExperimentSpec& spec_;
  const experiment::ModelEntry& model_;  // both outlive the source
  std::uint64_t seed_;
  stimulus::AttentionSamples samples_;
  EpochOrder order_;
  mutable std::mutex mutex_;
  mutable std::map<std::int64_t, stimulus::NoisyDigitSpec> stages_;
};

}  // namespace fovea::train
