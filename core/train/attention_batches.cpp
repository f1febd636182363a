#include "core/train/attention_batches.h"

#include <opencv2/core.hpp>

#include "core/util/parallel.h"

namespace fovea::train {

AttentionBatches::AttentionBatches(const experiment::ExperimentSpec& spec,
                                   const experiment::ModelEntry& model, std::uint64_t seed)
    : spec_(spec),
      model_(model),
      seed_(seed),
      samples_(model.train.split, stimulus::AttentionSamples::Draw::Random),
      order_(model.train.train_images, seed) {
  stimulusAt(0);  // fail now, naming the problem, rather than in the first step
}

const stimulus::NoisyDigitSpec& AttentionBatches::stimulusAt(std::int64_t step) const {
  const std::int64_t stage_start = experiment::stageStart(model_.train.curriculum, step);
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = stages_.find(stage_start);
  if (found == stages_.end()) {
    found =
        stages_.emplace(stage_start, experiment::attentionStimulusFor(spec_, model_, stage_start))
            .first;
  }
  return found->second;
}

Batch AttentionBatches::batch(std::int64_t step, int threads) const {
  const int size = model_.train.batch;
  const int side = static_cast<int>(model_.input.shape[1]);
  const std::size_t pixels = static_cast<std::size_t>(side) * side;
  const auto& stimulus = stimulusAt(step);
  Batch out;
  out.size = size;
  out.scales = 1;
  out.side = side;
  out.inputs.resize(pixels * static_cast<std::size_t>(size));
  out.labels.resize(static_cast<std::size_t>(size));
  out.target_ecc_px.resize(static_cast<std::size_t>(size));
  out.target_offsets.resize(static_cast<std::size_t>(size) * 2);
  std::vector<std::uint64_t> indices(static_cast<std::size_t>(size));
  for (int j = 0; j < size; ++j)
    indices[static_cast<std::size_t>(j)] = order_.sample(step * size + j);
  cv::Mat first;
  parallelFor(size, threads, [&](std::int64_t j) {
    const auto s = samples_.sample(stimulus, seed_, indices[static_cast<std::size_t>(j)]);
    const auto at = static_cast<std::size_t>(j);
    stimulus::copyCentre(s.digit.image, side, out.inputs.data() + at * pixels);
    out.labels[at] = s.label;
    out.target_ecc_px[at] = std::hypot(s.digit.row_offset, s.digit.col_offset);
    out.target_offsets[2 * at] = static_cast<float>(s.digit.row_offset);
    out.target_offsets[2 * at + 1] = static_cast<float>(s.digit.col_offset);
    if (j == 0) {  // what the model saw, for monitors
      const int offset = (s.digit.image.rows - side) / 2;
      s.digit.image(cv::Rect(offset, offset, side, side)).convertTo(first, CV_8U, 255);
    }
  });
  out.first_crops = {first};
  return out;
}

}  // namespace fovea::train
