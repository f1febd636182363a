#include "core/train/crowding_batches.h"

#include <algorithm>
#include <numeric>

#include "core/train/attention_batches.h"
#include "core/util/parallel.h"
#include "core/util/random.h"

namespace fovea::train {

CrowdingBatches::CrowdingBatches(const experiment::ExperimentSpec& spec,
                                 const experiment::ModelEntry& model, std::uint64_t seed)
    : spec_(spec), model_(model), seed_(seed), order_(model.train.train_images, seed) {
  samplerAt(0);  // fail now, naming the problem, rather than in the first step
}

const stimulus::CrowdingSampler& CrowdingBatches::samplerAt(std::int64_t step) const {
  // Samplers are keyed by the curriculum stage that holds at `step`.
  const std::int64_t stage_start = experiment::stageStart(model_.train.curriculum, step);
  std::lock_guard<std::mutex> lock(mutex_);
  auto& sampler = samplers_[stage_start];
  if (!sampler) {
    auto stimulus = experiment::stimulusFor(spec_, model_, stage_start);
    stimulus.glyphs.split = model_.train.split;
    sampler = std::make_unique<stimulus::CrowdingSampler>(
        stimulus, seed_, model_.train.random_shifts, model_.train.max_shift_px);
  }
  return *sampler;
}

Batch CrowdingBatches::batch(std::int64_t step, int threads) const {
  const int size = model_.train.batch;
  const auto& sampler = samplerAt(step);
  std::vector<std::uint64_t> indices(static_cast<std::size_t>(size));
  for (int j = 0; j < size; ++j) {
    indices[static_cast<std::size_t>(j)] = order_.sample(step * size + j);
  }
  std::vector<stimulus::CrowdingSample> samples(indices.size());
  parallelFor(size, threads, [&](std::int64_t j) {
    samples[static_cast<std::size_t>(j)] = sampler.sample(indices[static_cast<std::size_t>(j)]);
  });
  Batch out;
  toNetworkInput(sampler.plan(), samples, out);
  return out;
}

void toNetworkInput(const retina::MultiscalePlan& plan,
                    const std::vector<stimulus::CrowdingSample>& samples, Batch& out) {
  out.size = static_cast<int>(samples.size());
  out.scales = plan.spec().scales;
  out.side = plan.spec().crop_px;
  const std::size_t per_sample = static_cast<std::size_t>(out.scales) * out.side * out.side;
  out.inputs.resize(per_sample * samples.size());
  out.labels.resize(samples.size());
  out.target_ecc_px.resize(samples.size());
  for (std::size_t j = 0; j < samples.size(); ++j) {
    const auto input = plan.networkInput(samples[j].crops);
    std::copy(input.begin(), input.end(), out.inputs.begin() + j * per_sample);
    out.labels[j] = samples[j].label;
    out.target_ecc_px[j] = samples[j].target_ecc_px;
  }
  if (!samples.empty()) out.first_crops = samples.front().crops;
}

std::unique_ptr<BatchSource> makeBatchSource(const experiment::ExperimentSpec& spec,
                                             const experiment::ModelEntry& model,
                                             std::uint64_t seed) {
  if (spec.attentionTask()) return std::make_unique<AttentionBatches>(spec, model, seed);
  // stimulusFor() made the retina serve the model's input; the image layout {1, side, side}
  // and the crop layout {scales, side, side} hold the same floats.
  return std::make_unique<CrowdingBatches>(spec, model, seed);
}

}  // namespace fovea::train
