#include "core/models/convrnn_ops.h"

#include <algorithm>
#include <cmath>

namespace fovea::models::convrnn {

namespace F = torch::nn::functional;

std::pair<std::int64_t, std::int64_t> samePadding(std::int64_t size, std::int64_t kernel,
                                                  std::int64_t stride) {
  const std::int64_t out = (size + stride - 1) / stride;
  const std::int64_t total = std::max<std::int64_t>((out - 1) * stride + kernel - size, 0);
  return {total / 2, total - total / 2};
}

torch::Tensor padSame(const torch::Tensor& x, std::int64_t kernel, std::int64_t stride) {
  const auto [top, bottom] = samePadding(x.size(2), kernel, stride);
  const auto [left, right] = samePadding(x.size(3), kernel, stride);
  if (top == 0 && bottom == 0 && left == 0 && right == 0) return x;
  return F::pad(x, F::PadFuncOptions({left, right, top, bottom}));
}

torch::Tensor maxPoolSame(const torch::Tensor& x) {
  return F::max_pool2d(x, F::MaxPool2dFuncOptions(2).stride(2).ceil_mode(true));
}

torch::Tensor resizeAligned(const torch::Tensor& x, std::int64_t side) {
  if (x.size(2) == side && x.size(3) == side) return x;
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<std::int64_t>{side, side})
                               .mode(torch::kBilinear)
                               .align_corners(true));
}

torch::Tensor catChannels(const std::vector<torch::Tensor>& parts) {
  std::int64_t batch = 1;
  for (const auto& part : parts) batch = std::max(batch, part.size(0));
  std::vector<torch::Tensor> matched;
  matched.reserve(parts.size());
  for (const auto& part : parts) {
    matched.push_back(part.size(0) == batch ? part : part.expand({batch, -1, -1, -1}));
  }
  return torch::cat(matched, 1);
}

torch::Tensor layerNorm(const torch::Tensor& x, const torch::Tensor& gamma,
                        const torch::Tensor& beta, double eps) {
  return F::group_norm(x, F::GroupNormFuncOptions(1).weight(gamma).bias(beta).eps(eps));
}

std::vector<std::int64_t> tfShape(const WeightSlot& slot) {
  const auto s = slot.tensor.sizes();
  switch (slot.layout) {
    case Layout::ConvHwio: return {s[2], s[3], s[1], s[0]};
    case Layout::Depthwise: return {s[2], s[3], s[0], 1};
    case Layout::Dense: return {s[1], s[0]};
    case Layout::Peephole: return {s[2], s[3], s[1]};
    case Layout::Plain: break;
  }
  return s.vec();
}

torch::Tensor fromTf(const torch::Tensor& a, Layout layout) {
  switch (layout) {
    case Layout::ConvHwio:  // [kh, kw, in, out] -> [out, in, kh, kw]
      return a.permute({3, 2, 0, 1}).contiguous();
    case Layout::Depthwise:  // [kh, kw, C, 1] -> [C, 1, kh, kw]
      return a.permute({2, 3, 0, 1}).contiguous();
    case Layout::Dense: return a.t().contiguous();
    case Layout::Peephole: return a.permute({2, 0, 1}).unsqueeze(0).contiguous();
    case Layout::Plain: break;
  }
  return a.contiguous();
}

torch::Tensor toTf(const torch::Tensor& t, Layout layout) {
  switch (layout) {
    case Layout::ConvHwio: return t.permute({2, 3, 1, 0}).contiguous();
    case Layout::Depthwise:  // [C, 1, kh, kw] -> [kh, kw, C, 1]
      return t.permute({2, 3, 0, 1}).contiguous();
    case Layout::Dense: return t.t().contiguous();
    case Layout::Peephole: return t.squeeze(0).permute({1, 2, 0}).contiguous();
    case Layout::Plain: break;
  }
  return t.contiguous();
}

void varianceScaling(torch::Tensor& weight, std::int64_t fan_in, double scale) {
  torch::NoGradGuard no_grad;
  // TF draws from a normal truncated at two standard deviations, widened so that the
  // truncated distribution keeps the variance scale / fan_in.
  const double stddev = std::sqrt(scale / static_cast<double>(std::max<std::int64_t>(fan_in, 1))) /
                        0.87962566103423978;
  weight.normal_(0, stddev).clamp_(-2 * stddev, 2 * stddev);
}

TfConvImpl::TfConvImpl(std::int64_t in, std::int64_t out, std::int64_t kernel_size,
                       std::int64_t stride_, bool with_bias, std::int64_t groups_,
                       double init_scale)
    : kernel(kernel_size), stride(stride_), groups(groups_) {
  weight = register_parameter("weight", torch::empty({out, in / groups, kernel, kernel}));
  varianceScaling(weight, kernel * kernel * (in / groups), init_scale);
  if (with_bias) bias = register_parameter("bias", torch::zeros({out}));
}

torch::Tensor TfConvImpl::forward(const torch::Tensor& x) {
  // Odd kernels at stride 1 pad symmetrically: the convolution pads, without a copy.
  if (stride == 1 && kernel % 2 == 1) {
    return F::conv2d(x, weight,
                     F::Conv2dFuncOptions().bias(bias).padding(kernel / 2).groups(groups));
  }
  return F::conv2d(padSame(x, kernel, stride), weight,
                   F::Conv2dFuncOptions().bias(bias).stride(stride).groups(groups));
}

void TfConvImpl::addSlots(std::vector<WeightSlot>& slots, const std::string& weight_name,
                          const std::string& bias_name) const {
  slots.push_back({weight_name, weight, groups > 1 ? Layout::Depthwise : Layout::ConvHwio});
  if (bias.defined()) slots.push_back({bias_name, bias, Layout::Plain});
}

}  // namespace fovea::models::convrnn
