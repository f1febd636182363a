#pragma once
// LibTorch module: include only from translation units that already pay for <torch/torch.h>.
#include <torch/torch.h>

#include "core/models/model_spec.h"
#include "core/models/network.h"

namespace fovea::models {

// The eccentricity-dependent network and, with one scale, the DCNN baselines. Scales are
// folded into the batch for the shared 2-D convolutions; scale pooling is a sliding max over
// neighbouring scales. Input: [batch, scales, side, side]; output: class logits.
class EccentricityNetImpl : public NetworkImpl {
 public:
  explicit EccentricityNetImpl(const ModelSpec& spec);

  torch::Tensor forward(torch::Tensor input) override;
  // conv1 ... convN (after the scale pool, ReLU and spatial pool) and logits.
  std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor input) override;
  std::vector<std::pair<std::string, torch::Tensor>> featuresUntil(
      torch::Tensor input, const std::string& last) override;
  const ModelSpec& spec() const { return spec_; }

  // The original's initialisation: weights from a normal of sd 0.1 redrawn beyond 2 sd, biases
  // 0.1.
  void resetParameters();

 private:
  // Runs the layers, handing each named output to `keep` (when given); stops with an undefined
  // tensor once `keep` returns true.
  torch::Tensor run(torch::Tensor input,
                    const std::function<bool(const std::string&, const torch::Tensor&)>& keep);

  ModelSpec spec_;
  std::vector<int> scales_;
  std::vector<int> kernels_;
  std::vector<torch::nn::Conv2d> convs_;
  torch::nn::Linear fc_{nullptr};
};
TORCH_MODULE(EccentricityNet);

}  // namespace fovea::models
