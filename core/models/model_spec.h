#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/models/layer_info.h"

namespace fovea::models {

// The crowding study's networks (science-crowding.md section 3): 5x5 convolutions of 32
// channels shared across scales, each followed by ReLU, a spatial max-pool and a max-pool over
// scales; then one fully connected layer.
struct ModelSpec {
  // Scales left after each layer, e.g. "11-1-1-1-1" (pool all scales in the first layer),
  // "11-11-11-11-1" (at the end), "11-7-5-3-1" (progressively). A string without '-' is split
  // per character ("66661"). The first number is the number of input scales.
  std::string scheme = "11-1-1-1-1";
  int crop_px = 60;
  int channels = 32;
  int kernel = 5;
  int pool_kernel = 3;
  int pool_stride = 1;     // 2: progressive (AlexNet-like) spatial pooling
  bool total_pool = true;  // the last spatial pool covers the whole map
  int classes = 5;

  // The paper's DCNN baselines: one scale (the whole canvas at 60 px), 3 convolutions.
  static ModelSpec dcnn(const std::string& variant);  // no-total-pooling, progressive, at-end

  // Scales per stage; InputError naming the scheme when it is malformed or increases.
  std::vector<int> scales() const;
  void validate() const;
};

// The spec as the family's resolved JSON (every field), and back; InputError naming the key.
nlohmann::json toJson(const ModelSpec& spec);
ModelSpec modelSpecFromJson(const nlohmann::json& json);

// Layer-by-layer output sizes (scales, spatial side, channels) and the parameter count,
// computed without LibTorch.
struct LayerShape {
  int scales = 0;
  int side = 0;
  int channels = 0;
};
std::vector<LayerShape> layerShapes(const ModelSpec& spec);
long long parameterCount(const ModelSpec& spec);
// The named layers as EccentricityNetImpl::features computes them (conv1 ... convN, logits): each
// convolution with its spatial pool, its output [scales, channels, side, side] and the input
// scales one output scale has pooled.
std::vector<LayerInfo> layerTable(const ModelSpec& spec);
// Floating-point operations of one image's forward pass (convolutions and the FC layer; a
// multiply-add counts 2). A training step costs about three times this.
double forwardFlops(const ModelSpec& spec);

}  // namespace fovea::models
