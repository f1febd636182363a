#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace fovea::models {

// The LibTorch side of every family: a module that maps a batch of its declared input
// ([batch, ...InputSpec::shape]) to class logits, and names its intermediate outputs.
class NetworkImpl : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor input) = 0;
  // Named intermediate outputs in the order they are computed; the last is "logits".
  virtual std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor input) = 0;
};

// CRC-32 of every parameter's bytes in registration order: equal weights, equal CRC.
std::string weightsCrc32(torch::nn::Module& module);
// True when every parameter and buffer is finite.
bool allFinite(torch::nn::Module& module);

}  // namespace fovea::models
