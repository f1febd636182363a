#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
#include <torch/torch.h>

#include <filesystem>
#include <string>

#include "core/train/checkpoint_header.h"

namespace fovea::train {

// Written atomically (temporary file, then rename): a crash leaves the previous checkpoint.
void saveCheckpoint(const std::filesystem::path& path, const CheckpointHeader& header,
                    torch::nn::Module& net, torch::optim::Optimizer* optimizer);

// Restores weights (and the optimiser's state when given) into a network built from the
// header; InputError naming the file when it is not a readable Fovea checkpoint or its weights
// do not fit `net`.
CheckpointHeader loadCheckpoint(const std::filesystem::path& path, torch::nn::Module& net,
                                torch::optim::Optimizer* optimizer);

}  // namespace fovea::train
