#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "core/experiment/experiment_spec.h"

namespace fovea::train {

// The optimiser of [train] over `parameters`, which must already be on their device.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const experiment::TrainSpec& train,
                                                       std::vector<torch::Tensor> parameters,
                                                       double rate);
void setLearningRate(torch::optim::Optimizer& optimizer, double rate);

}  // namespace fovea::train
