#include "core/models/model_spec.h"

#include <cctype>

#include "core/util/errors.h"
#include "core/util/json_integer.h"

namespace fovea::models {

ModelSpec ModelSpec::dcnn(const std::string& variant) {
  ModelSpec spec;
  spec.scheme = "1-1-1-1";
  if (variant == "no-total-pooling") {
    spec.total_pool = false;  // 60-54-48-42, FC from 42 x 42 x 32
  } else if (variant == "progressive") {
    spec.pool_stride = 2;  // 60-27-11-1
  } else if (variant == "at-end") {
    spec.total_pool = true;  // 60-54-48-1
  } else {
    throw InputError("DCNN variant must be no-total-pooling, progressive or at-end, got '" +
                     variant + "'");
  }
  return spec;
}

std::vector<int> ModelSpec::scales() const {
  std::vector<int> values;
  const bool dashed = scheme.find('-') != std::string::npos;
  std::string number;
  auto flush = [&] {
    if (number.empty()) throw InputError("scale-pooling scheme '" + scheme + "' has an empty part");
    // More scales than a canvas has pixels is no scheme; the cap also keeps stoi in range.
    if (number.size() > 4) {
      throw InputError("scale-pooling scheme '" + scheme + "': " + number + " is beyond 9999");
    }
    values.push_back(std::stoi(number));
    number.clear();
  };
  for (char c : scheme) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      number += c;
      if (!dashed) flush();
    } else if (c == '-' && dashed) {
      flush();
    } else {
      throw InputError("scale-pooling scheme '" + scheme + "' may hold only digits and '-'");
    }
  }
  if (dashed) flush();
  if (values.size() < 2) {
    throw InputError("scale-pooling scheme '" + scheme +
                     "' needs at least one layer (two numbers)");
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] < 1) throw InputError("scale-pooling scheme '" + scheme + "' has a zero");
    if (i > 0 && values[i] > values[i - 1]) {
      throw InputError("scale-pooling scheme '" + scheme + "' increases from " +
                       std::to_string(values[i - 1]) + " to " + std::to_string(values[i]) +
                       " scales; pooling can only keep or reduce them");
    }
  }
  return values;
}

void ModelSpec::validate() const {
  scales();
  if (crop_px < 1 || channels < 1 || kernel < 1 || pool_kernel < 1 || pool_stride < 1 ||
      classes < 2) {
    throw InputError("model sizes must be positive (and at least 2 classes)");
  }
  layerShapes(*this);  // the maps must not vanish
}

nlohmann::json toJson(const ModelSpec& spec) {
  return {{"scheme", spec.scheme},           {"crop_px", spec.crop_px},
          {"channels", spec.channels},       {"kernel", spec.kernel},
          {"pool_kernel", spec.pool_kernel}, {"pool_stride", spec.pool_stride},
          {"total_pool", spec.total_pool},   {"classes", spec.classes}};
}

ModelSpec modelSpecFromJson(const nlohmann::json& json) {
  ModelSpec spec;
  std::string key;
  try {
    key = "scheme", spec.scheme = json.at(key).get<std::string>();
    key = "crop_px", spec.crop_px = jsonInteger<int>(json.at(key));
    key = "channels", spec.channels = jsonInteger<int>(json.at(key));
    key = "kernel", spec.kernel = jsonInteger<int>(json.at(key));
    key = "pool_kernel", spec.pool_kernel = jsonInteger<int>(json.at(key));
    key = "pool_stride", spec.pool_stride = jsonInteger<int>(json.at(key));
    key = "total_pool", spec.total_pool = json.at(key).get<bool>();
    key = "classes", spec.classes = jsonInteger<int>(json.at(key));
  } catch (const nlohmann::json::exception&) {
    throw InputError("network spec: missing or malformed key '" + key + "'");
  }
  // Sizes come from files: cap them before anything is allocated from them.
  if (spec.crop_px > 4096 || spec.channels > 4096 || spec.kernel > 64 || spec.classes > 100000) {
    throw InputError("network spec: sizes out of range in " + toJson(spec).dump());
  }
  spec.validate();
  return spec;
}

std::vector<LayerShape> layerShapes(const ModelSpec& spec) {
  const auto scales = spec.scales();
  std::vector<LayerShape> shapes;
  int side = spec.crop_px;
  int channels = 1;
  for (std::size_t l = 0; l + 1 < scales.size(); ++l) {
    // A 1x1 kernel once the map is smaller than the kernel, as the original does.
    const int kernel = side < spec.kernel ? 1 : spec.kernel;
    side = side - kernel + 1;
    const bool last = l + 2 == scales.size();
    if (last && spec.total_pool) {
      side = 1;
    } else {
      if (side < spec.pool_kernel) {
        throw InputError("scheme '" + spec.scheme + "' on " + std::to_string(spec.crop_px) +
                         " px crops leaves a " + std::to_string(side) + " px map in layer " +
                         std::to_string(l + 1) + ", too small to pool");
      }
      side = (side - spec.pool_kernel) / spec.pool_stride + 1;
    }
    channels = spec.channels;
    shapes.push_back({scales[l + 1], side, channels});
  }
  return shapes;
}

long long parameterCount(const ModelSpec& spec) {
  return totalParameters(layerTable(spec));
}

}  // namespace fovea::models

namespace fovea::models {

double forwardFlops(const ModelSpec& spec) {
  const auto scales = spec.scales();
  const auto shapes = layerShapes(spec);
  double flops = 0;
  int side = spec.crop_px;
  int in_channels = 1;
  for (std::size_t l = 0; l < shapes.size(); ++l) {
    const int kernel = side < spec.kernel ? 1 : spec.kernel;
    const double out_side = side - kernel + 1;
    // The convolution runs on every scale that enters the layer.
    flops += 2.0 * scales[l] * out_side * out_side * spec.channels * in_channels * kernel * kernel;
    in_channels = spec.channels;
    side = shapes[l].side;
  }
  const auto& last = shapes.back();
  flops += 2.0 * last.scales * last.side * last.side * last.channels * spec.classes;
  return flops;
}

}  // namespace fovea::models

namespace fovea::models {

std::vector<LayerInfo> layerTable(const ModelSpec& spec) {
  const auto scales = spec.scales();
  const auto shapes = layerShapes(spec);
  std::vector<LayerInfo> layers;
  int side = spec.crop_px;
  int in_channels = 1;
  for (std::size_t l = 0; l < shapes.size(); ++l) {
    const int kernel = side < spec.kernel ? 1 : spec.kernel;
    LayerInfo layer;
    layer.name = "conv" + std::to_string(l + 1);
    layer.kind = "conv";
    layer.shape = {shapes[l].scales, shapes[l].channels, shapes[l].side, shapes[l].side};
    layer.parameters =
        static_cast<long long>(kernel) * kernel * in_channels * spec.channels + spec.channels;
    layer.grid = "input";
    const bool global = l + 1 == shapes.size() && spec.total_pool;
    layer.ops = {{SpatialOp::Kind::Conv, kernel}};
    if (global) {
      layer.ops.push_back({SpatialOp::Kind::GlobalPool});
    } else {
      layer.ops.push_back({SpatialOp::Kind::MaxPool, spec.pool_kernel, spec.pool_stride});
    }
    // Each layer pools runs of (in - out + 1) neighbouring scales; the runs add up.
    layer.scales_seen = scales.front() - scales[l + 1] + 1;
    layers.push_back(std::move(layer));
    in_channels = spec.channels;
    side = shapes[l].side;
  }
  const auto& last = shapes.back();
  LayerInfo logits;
  logits.name = "logits";
  logits.kind = "fc";
  logits.shape = {spec.classes};
  logits.parameters =
      static_cast<long long>(last.scales) * last.side * last.side * last.channels * spec.classes +
      spec.classes;
  layers.push_back(std::move(logits));
  return layers;
}

}  // namespace fovea::models
