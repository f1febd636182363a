#include "core/train/optimizers.h"

namespace fovea::train {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const experiment::TrainSpec& train,
                                                       std::vector<torch::Tensor> parameters,
                                                       double rate) {
  if (train.optimizer == "adagrad") {
    // TF's Adagrad: the accumulator starts at 0.1 and there is no epsilon (science 3.1).
    return std::make_unique<torch::optim::Adagrad>(
        parameters, torch::optim::AdagradOptions(rate)
                        .initial_accumulator_value(train.adagrad_initial_accumulator)
                        .weight_decay(train.weight_decay)
                        .eps(train.adagrad_initial_accumulator > 0 ? 0.0 : 1e-10));
  }
  if (train.optimizer == "sgd") {
    return std::make_unique<torch::optim::SGD>(parameters, torch::optim::SGDOptions(rate)
                                                               .momentum(train.momentum)
                                                               .nesterov(train.nesterov)
                                                               .weight_decay(train.weight_decay));
  }
  return std::make_unique<torch::optim::Adam>(
      parameters, torch::optim::AdamOptions(rate)
                      .betas(std::make_tuple(train.adam_beta1, train.adam_beta2))
                      .weight_decay(train.weight_decay));
}

void setLearningRate(torch::optim::Optimizer& optimizer, double rate) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(rate);
}

}  // namespace fovea::train
