#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "core/experiment/experiment_spec.h"
#include "core/stimulus/crowding_sampler.h"
#include "core/train/batch_source.h"
#include "core/train/epoch_order.h"

namespace fovea::train {

// The training stream of one run. The batch of step s depends only on (seed, s): fresh stimuli
// are numbered s * batch + j; a fixed set of N images is walked in an order reshuffled every
// epoch. So a resumed run sees exactly the data an uninterrupted one would.
class CrowdingBatches : public BatchSource {
 public:
  CrowdingBatches(const experiment::ExperimentSpec& spec, const experiment::ModelEntry& model,
                  std::uint64_t seed);

  Batch batch(std::int64_t step, int threads) const override;

 private:
  const stimulus::CrowdingSampler& samplerAt(std::int64_t step) const;

  const experiment::ExperimentSpec& spec_;
  const experiment::ModelEntry& model_;  // both outlive the source
  std::uint64_t seed_;
  mutable std::mutex mutex_;
  mutable std::map<std::int64_t, std::unique_ptr<stimulus::CrowdingSampler>> samplers_;
  EpochOrder order_;
};

// Fills `out` (size x scales x side x side) with the network inputs of `samples`.
void toNetworkInput(const retina::MultiscalePlan& plan,
                    const std::vector<stimulus::CrowdingSample>& samples, Batch& out);

}  // namespace fovea::train
