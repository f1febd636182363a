#pragma once
// LibTorch: a TorchScript module saved from PyTorch, wrapped as a Fovea network. Include only
// from translation units that already pay for <torch/torch.h>.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/models/network.h"

namespace fovea::models {

// What the user declares about a module (the [[model]] keys of kind "torchscript").
struct TorchScriptConfig {
  std::filesystem::path module;  // the saved module (absolute)
  int scales = 1;                // crops Fovea hands it, each crop_px square
  int crop_px = 60;
  int channels = 1;  // what its first layer takes: the crops as channels, or grey repeated
  std::vector<double> mean = {0.0};  // per channel, on pixel values in [0, 1]
  double pixel_offset = 0.5;         // the task's pixels are v / 255 - pixel_offset
  std::vector<double> std = {1.0};
  std::vector<std::string> layers;  // submodules exposed as features, e.g. "features.3"
  int classes = 5;
};

// Fovea's input (crops, v / 255 - 0.5) becomes the module's: pixel values in [0, 1], grey
// repeated to `channels` when it takes one crop, then (v - mean) / std per channel. features()
// names the declared submodules' outputs in the order the module computes them, then
// "logits". The weights are frozen: Fovea scores and inspects an imported module, it does not
// train it.
class TorchScriptNetImpl : public NetworkImpl {
 public:
  // InputError naming the file when it is not a TorchScript module, a declared layer is not
  // one of its submodules (the message lists them), or its answer is not [batch, classes].
  explicit TorchScriptNetImpl(const TorchScriptConfig& config);
  ~TorchScriptNetImpl() override;

  torch::Tensor forward(torch::Tensor input) override;
  std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor input) override;

  // The module's submodules, dotted ("features.3"), for messages and the GUI.
  std::vector<std::string> submodules() const;

 private:
  void load();
  void checkLayersAreSubmodules() const;
  void exposeLayers();
  void checkAnswerShape();
  void follow(const torch::Device& device);
  torch::Tensor prepare(const torch::Tensor& input) const;

  TorchScriptConfig config_;
  struct Modules;
  std::unique_ptr<Modules> modules_;
  std::vector<std::string> layer_order_;  // the declared layers, in computation order
  torch::Device device_ = torch::kCPU;
};

}  // namespace fovea::models
