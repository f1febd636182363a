#include "core/models/eccentricity_net.h"

namespace fovea::models {
namespace {

void truncatedNormal(torch::Tensor& tensor, double sd) {
  torch::NoGradGuard no_grad;
  tensor.normal_(0.0, sd);
  for (auto outside = tensor.abs() > 2 * sd; outside.any().item<bool>();
       outside = tensor.abs() > 2 * sd) {
    tensor.masked_scatter_(outside, torch::randn({outside.sum().item<int64_t>()}) * sd);
  }
}

}  // namespace

EccentricityNetImpl::EccentricityNetImpl(const ModelSpec& spec)
    : spec_(spec), scales_(spec.scales()) {
  spec_.validate();
  const auto shapes = layerShapes(spec_);
  int side = spec_.crop_px;
  int in_channels = 1;
  for (std::size_t l = 0; l < shapes.size(); ++l) {
    const int kernel = side < spec_.kernel ? 1 : spec_.kernel;
    kernels_.push_back(kernel);
    convs_.push_back(register_module(
        "conv" + std::to_string(l + 1),
        torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, spec_.channels, kernel))));
    in_channels = spec_.channels;
    side = shapes[l].side;
  }
  const auto& last = shapes.back();
  fc_ = register_module("fc", torch::nn::Linear(static_cast<int64_t>(last.scales) * last.side *
                                                    last.side * last.channels,
                                                spec_.classes));
  resetParameters();
}

void EccentricityNetImpl::resetParameters() {
  torch::NoGradGuard no_grad;
  for (auto& parameter : named_parameters()) {
    auto tensor = parameter.value();
    if (parameter.key().find("bias") != std::string::npos) {
      tensor.fill_(0.1);
    } else {
      truncatedNormal(tensor, 0.1);
    }
  }
}

torch::Tensor EccentricityNetImpl::forward(torch::Tensor input) {
  return run(std::move(input), {});
}

std::vector<std::pair<std::string, torch::Tensor>> EccentricityNetImpl::features(
    torch::Tensor input) {
  return featuresUntil(std::move(input), "");
}

std::vector<std::pair<std::string, torch::Tensor>> EccentricityNetImpl::featuresUntil(
    torch::Tensor input, const std::string& last) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  auto logits = run(std::move(input), [&](const std::string& name, const torch::Tensor& t) {
    out.emplace_back(name, t);
    return name == last;
  });
  if (logits.defined()) out.emplace_back("logits", logits);
  return out;
}

torch::Tensor EccentricityNetImpl::run(
    torch::Tensor input,
    const std::function<bool(const std::string&, const torch::Tensor&)>& keep) {
  TORCH_CHECK(input.dim() == 4 && input.size(1) == scales_.front(), "expected input [batch, ",
              scales_.front(), ", side, side], got ", input.sizes());
  const int64_t batch = input.size(0);
  auto x = input.reshape({batch * scales_.front(), 1, input.size(2), input.size(3)});
  for (std::size_t l = 0; l < convs_.size(); ++l) {
    x = convs_[l]->forward(x);
    // The original applies ReLU, the spatial pool, then the pool over scales. All three are
    // monotone maxima that commute, so pooling scales first gives the same numbers while the
    // ReLU and the (costly, stride-1) spatial pool see up to `window` times fewer maps.
    const int window = scales_[l] - scales_[l + 1] + 1;
    if (window > 1) {
      // [batch * S, C, h, w] -> [batch, S, C, h, w] -> max over each run of `window` scales.
      const auto h = x.size(2);
      const auto w = x.size(3);
      x = x.view({batch, scales_[l], x.size(1), h, w}).unfold(1, window, 1).amax(-1);
      x = x.reshape({batch * scales_[l + 1], spec_.channels, h, w});
    }
    x = torch::relu(x);
    const bool last = l + 1 == convs_.size();
    if (last && spec_.total_pool) {
      x = std::get<0>(x.flatten(2).max(2, /*keepdim=*/true)).unsqueeze(-1);  // global max
    } else {
      x = torch::max_pool2d(x, spec_.pool_kernel, spec_.pool_stride);
    }
    if (keep && keep("conv" + std::to_string(l + 1),
                     x.view({batch, scales_[l + 1], x.size(1), x.size(2), x.size(3)}))) {
      return {};  // the caller has what it asked for
    }
  }
  return fc_->forward(x.reshape({batch, -1}));
}

}  // namespace fovea::models
