#include "core/models/two_conv_net.h"

namespace fovea::models {

double TwoConvShape::forwardFlops() const {
  const double c1 = image_px - 4, p1 = c1 / 2, c2 = p1 - 4, p2 = pooledSide();
  return 2.0 * (c1 * c1 * channels1 * 25 + c2 * c2 * channels2 * channels1 * 25 +
                p2 * p2 * channels2 * hidden + double(hidden) * classes);
}

std::vector<LayerInfo> TwoConvShape::layers(const std::string& grid) const {
  const std::int64_t p1 = (image_px - 4) / 2, p2 = pooledSide();
  const long long c1 = channels1, c2 = channels2;
  auto conv1 =
      makeLayer("conv1", "conv", {c1, p1, p1}, 25 * c1 + c1, grid, convThenMaxPool(5, 2, 2));
  auto conv2 =
      makeLayer("conv2", "conv", {c2, p2, p2}, 25 * c1 * c2 + c2, grid, convThenMaxPool(5, 2, 2));
  if (foveated) {
    // Each branch sees its own magnification of the centre: no one field for these layers.
    for (auto* layer : {&conv1, &conv2}) {
      layer->grid.clear();
      layer->ops.clear();
      layer->note = "foveated: each of the 4 branches samples the centre at its own scale";
    }
  }
  auto fc1 = makeLayer("fc1", "fc", {hidden}, c2 * p2 * p2 * hidden + hidden);
  auto logits =
      makeLayer("logits", "fc", {classes}, static_cast<long long>(hidden) * classes + classes);
  return {conv1, conv2, fc1, logits};
}

TwoConvNetImpl::TwoConvNetImpl(const TwoConvShape& s) {
  const int side = s.pooledSide();
  if (s.foveated) {
    TORCH_CHECK(s.channels1 % TwoConvShape::kFoveaBranches == 0,
                "a foveated first layer needs a multiple of 4 channels, got ", s.channels1);
    for (int k = 0; k < TwoConvShape::kFoveaBranches; ++k) {
      fovea_.push_back(register_module("fovea" + std::to_string(k),
                                       torch::nn::Conv2d(torch::nn::Conv2dOptions(
                                           1, s.channels1 / TwoConvShape::kFoveaBranches, 5))));
    }
  } else {
    conv1_ =
        register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, s.channels1, 5)));
  }
  conv2_ = register_module(
      "conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(s.channels1, s.channels2, 5)));
  fc1_ = register_module("fc1", torch::nn::Linear(s.channels2 * side * side, s.hidden));
  fc2_ = register_module("fc2", torch::nn::Linear(s.hidden, s.classes));
}

torch::Tensor TwoConvNetImpl::firstLayer(const torch::Tensor& x) {
  if (fovea_.empty()) return conv1_(x);
  const auto side = x.size(-1);
  std::vector<torch::Tensor> maps;
  for (std::size_t k = 0; k < fovea_.size(); ++k) {
    const auto crop_side = std::max<std::int64_t>(1, side >> k);
    const auto border = (side - crop_side) / 2;
    auto crop = x.narrow(2, border, crop_side).narrow(3, border, crop_side);
    if (k > 0) {
      crop =
          torch::nn::functional::interpolate(crop, torch::nn::functional::InterpolateFuncOptions()
                                                       .size(std::vector<std::int64_t>{side, side})
                                                       .mode(torch::kBilinear)
                                                       .align_corners(false));
    }
    maps.push_back(fovea_[k]->forward(crop));
  }
  return torch::cat(maps, 1);
}

torch::Tensor TwoConvNetImpl::forward(torch::Tensor x) {
  x = torch::max_pool2d(torch::relu(firstLayer(x)), 2);
  x = torch::max_pool2d(torch::relu(conv2_(x)), 2);
  return fc2_(torch::relu(fc1_(x.flatten(1))));
}

std::vector<std::pair<std::string, torch::Tensor>> TwoConvNetImpl::features(torch::Tensor x) {
  return featuresUntil(std::move(x), "");
}

std::vector<std::pair<std::string, torch::Tensor>> TwoConvNetImpl::featuresUntil(
    torch::Tensor x, const std::string& last) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  auto keep = [&](const char* name, const torch::Tensor& t) {
    out.emplace_back(name, t);
    return last == name;
  };
  x = torch::max_pool2d(torch::relu(firstLayer(x)), 2);
  if (keep("conv1", x)) return out;
  x = torch::max_pool2d(torch::relu(conv2_(x)), 2);
  if (keep("conv2", x)) return out;
  x = torch::relu(fc1_(x.flatten(1)));
  if (keep("fc1", x)) return out;
  keep("logits", fc2_(x));
  return out;
}

}  // namespace fovea::models
