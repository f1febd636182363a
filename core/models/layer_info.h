#pragma once
// Torch-free: a network's named layers as the model summary and the receptive-field tools see
// them, declared by each family from its resolved spec.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fovea::models {

// One square spatial operation along each image axis.
struct SpatialOp {
  enum class Kind { Conv, MaxPool, AvgPool, GlobalPool };
  Kind kind = Kind::Conv;
  int kernel = 1;
  int stride = 1;
  int padding = 0;
  int dilation = 1;
};

struct LayerInfo {
  std::string name;                 // as NetworkImpl::features names it
  std::string kind;                 // "conv", "fc", "transform", "glimpse", "map", ...
  std::vector<std::int64_t> shape;  // one sample's output
  long long parameters = 0;         // trainable parameters of this layer's own operations
  // The image its units' receptive fields lie on ("input", "glimpse"); empty when its units have
  // no fixed place there (fully connected layers, input-dependent warps, foveated branches).
  std::string grid;
  std::vector<SpatialOp> ops;  // the spatial operations since the previous layer on `grid`
  // The eccentricity model: how many neighbouring input scales one output scale has pooled.
  int scales_seen = 1;
  std::string note;  // why a layer has no field, or what is special about it
};

// A layer without the optional fields.
inline LayerInfo makeLayer(std::string name, std::string kind, std::vector<std::int64_t> shape,
                           long long parameters, std::string grid = {},
                           std::vector<SpatialOp> ops = {}) {
  LayerInfo layer;
  layer.name = std::move(name);
  layer.kind = std::move(kind);
  layer.shape = std::move(shape);
  layer.parameters = parameters;
  layer.grid = std::move(grid);
  layer.ops = std::move(ops);
  return layer;
}

// "conv" with a square kernel of `kernel` px and no padding, then a square max-pool.
inline std::vector<SpatialOp> convThenMaxPool(int kernel, int pool, int pool_stride) {
  return {{SpatialOp::Kind::Conv, kernel, 1, 0, 1}, {SpatialOp::Kind::MaxPool, pool, pool_stride}};
}

long long totalParameters(const std::vector<LayerInfo>& layers);

// A layer a feature-map view can show: maps on a grid ([channels, h, w], or [scales, channels,
// h, w]), not the glimpse image itself.
inline bool hasMaps(const LayerInfo& layer) {
  return layer.shape.size() >= 3 && layer.kind != "glimpse";
}

}  // namespace fovea::models
