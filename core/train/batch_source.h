#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/experiment/experiment_spec.h"

namespace fovea::train {

// One batch in the network's layout: `size` samples of sample_shape floats each, and labels.
struct Batch {
  int size = 0;    // samples; each is the model's InputSpec::shape of floats
  int scales = 0;  // crops per sample (multiscale inputs)
  int side = 0;    // crop side
  std::vector<float> inputs;
  std::vector<std::int64_t> labels;
  std::vector<double> target_ecc_px;
  std::vector<float> target_offsets;  // (row, column) px per sample when the task knows them
  std::vector<cv::Mat> first_crops;   // sample 0 as 8-bit images, for monitors
};

// Where a run's training batches come from. The batch of step s depends only on (seed, s),
// whatever the thread count, so a resumed run sees exactly the data an uninterrupted one would.
class BatchSource {
 public:
  virtual ~BatchSource() = default;
  virtual Batch batch(std::int64_t step, int threads) const = 0;
};

// The source that serves `model` in `spec`'s task (the crowding task today).
std::unique_ptr<BatchSource> makeBatchSource(const experiment::ExperimentSpec& spec,
                                             const experiment::ModelEntry& model,
                                             std::uint64_t seed);

}  // namespace fovea::train
