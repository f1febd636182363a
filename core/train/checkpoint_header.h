#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/models/input_spec.h"
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

// Everything needed to use a checkpoint on its own (the designer's model answer, eval): the
// family and its resolved spec, what the network takes and answers, and the stimulus it was
// trained for.
struct CheckpointHeader {
  std::string family;
  nlohmann::json net;  // the family's resolved spec
  models::InputSpec input;
  std::vector<std::string> class_names;
  stimulus::StimulusSpec stimulus;
  std::string run;
  std::string spec_hash;  // of the run's resolved spec (core/experiment/run_identity.h)
  TrainState state;
};

// The header as the checkpoint stores it (one JSON object; the weights are beside it).
nlohmann::json checkpointMeta(const CheckpointHeader& header);
// Reads it back and checks it against its family: InputError naming `path` and what is wrong
// (damaged JSON, a missing key, a negative count, more than 100 000 class names, a stimulus or
// network spec the family refuses). Torch-free, so the fuzzers drive it directly.
CheckpointHeader parseCheckpointMeta(const std::string& meta_text,
                                     const std::filesystem::path& path);

// Reads the header only (no weights, no LibTorch needed by the caller).
CheckpointHeader readCheckpointHeader(const std::filesystem::path& path);

}  // namespace fovea::train
