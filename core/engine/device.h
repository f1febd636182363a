#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
#include <torch/torch.h>

#include <string>

namespace fovea::engine {

// "cpu" or "cuda"; InputError when the name is neither or LibTorch has no usable CUDA.
torch::Device parseDevice(const std::string& name);

}  // namespace fovea::engine
