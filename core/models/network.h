#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/models/time_schedule.h"

namespace fovea::models {

// What a training step hands a network besides its inputs.
struct TrainingStep {
  torch::Tensor labels;          // batch, int64
  torch::Tensor target_offsets;  // batch x 2 (row, column) px of the target from the centre,
                                 // float; undefined when the task does not know them
  std::int64_t step = 0;         // 0-based index of this step in the run
};

struct StepLoss {
  torch::Tensor loss;    // scalar to minimise
  torch::Tensor logits;  // batch x classes, for the step's accuracy
};

// A recurrent network's output of one layer at every step.
struct TimeCourse {
  std::string name;
  int first_image_step = 0;          // the first step whose output depends on the image
  int returned_from = 0;             // the first step the original model returns
  std::vector<torch::Tensor> steps;  // [batch, ...] per step
};

// The LibTorch side of every family: a module that maps a batch of its declared input
// ([batch, ...InputSpec::shape]) to class logits, and names its intermediate outputs.
class NetworkImpl : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor input) = 0;
  // Named intermediate outputs in the order they are computed; the last is "logits".
  virtual std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor input) = 0;
  // The named outputs up to and including `last` (all of them when it is empty or unknown). A
  // network that can stop early overrides it; the default computes every output and drops the
  // rest.
  virtual std::vector<std::pair<std::string, torch::Tensor>> featuresUntil(torch::Tensor input,
                                                                           const std::string& last);
  // The loss one training step minimises: cross-entropy of forward() by default. A network
  // with its own objective (a stage that trains another output) overrides it.
  virtual StepLoss trainingLoss(const torch::Tensor& inputs, const TrainingStep& step);
  // Steps of a network unrolled in time; 0 for a feed-forward one.
  virtual int timeSteps() const { return 0; }
  // Every layer's output at every step (the logits last) under the network's own presentation;
  // empty for a feed-forward network.
  virtual std::vector<TimeCourse> timeCourse(torch::Tensor /*input*/) { return {}; }
  // The schedules worth comparing, the network's own first; empty for a feed-forward network.
  virtual std::vector<Presentation> presentations() const { return {}; }
  // The readouts' constants (a recurrent network's own; the defaults otherwise).
  virtual ReadoutConstants readoutConstants() const { return {}; }
  // timeCourse() under another schedule.
  virtual std::vector<TimeCourse> timeCourse(torch::Tensor /*input*/,
                                             const Presentation& /*presentation*/) {
    return {};
  }
};

// CRC-32 of every parameter's bytes in registration order: equal weights, equal CRC.
std::string weightsCrc32(torch::nn::Module& module);
// True when every parameter and buffer is finite.
bool allFinite(torch::nn::Module& module);

}  // namespace fovea::models
