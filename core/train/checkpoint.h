#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
#include <torch/torch.h>

#include <filesystem>
#include <string>

#include "core/models/eccentricity_net.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::train {

// Where a run stands, saved with its weights so that --resume continues exactly.
struct TrainState {
  std::int64_t step = 0;
  std::int64_t images = 0;
  double wall_s = 0;
  double last_loss = 0;
  // Losses of the last tenth of the steps, for the learning-rate selection rule.
  double tail_loss_sum = 0;
  std::int64_t tail_count = 0;
};

// Everything needed to use a checkpoint on its own (the designer's model answer, eval):
// the network and the stimulus it was trained for.
struct CheckpointHeader {
  models::ModelSpec net;
  stimulus::StimulusSpec stimulus;
  std::string run;
  TrainState state;
};

// Written atomically (temporary file, then rename): a crash leaves the previous checkpoint.
void saveCheckpoint(const std::filesystem::path& path, const CheckpointHeader& header,
                    models::EccentricityNet& net, torch::optim::Optimizer* optimizer);

// Reads the header only.
CheckpointHeader readCheckpointHeader(const std::filesystem::path& path);

// Restores weights (and the optimiser's state when given); InputError naming the file when it
// is not a readable Fovea checkpoint or its network differs from `net`'s.
CheckpointHeader loadCheckpoint(const std::filesystem::path& path, models::EccentricityNet& net,
                                torch::optim::Optimizer* optimizer);

std::string modelSpecJson(const models::ModelSpec& spec);
models::ModelSpec modelSpecFromJson(const std::string& json);

}  // namespace fovea::train
