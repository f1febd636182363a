#include "core/models/network.h"

#include <zlib.h>

#include <cstdio>

namespace fovea::models {

StepLoss NetworkImpl::trainingLoss(const torch::Tensor& inputs, const TrainingStep& step) {
  auto logits = forward(inputs);
  return {torch::nn::functional::cross_entropy(logits, step.labels), logits};
}

std::vector<std::pair<std::string, torch::Tensor>> NetworkImpl::featuresUntil(
    torch::Tensor input, const std::string& last) {
  auto all = features(std::move(input));
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].first == last) {
      all.resize(i + 1);
      break;
    }
  }
  return all;
}

std::string weightsCrc32(torch::nn::Module& module) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (const auto& parameter : module.parameters()) {
    const auto t = parameter.detach().to(torch::kCPU).contiguous();
    crc = crc32(crc, static_cast<const Bytef*>(t.data_ptr()),
                static_cast<uInt>(t.numel() * t.element_size()));
  }
  char text[9];
  std::snprintf(text, sizeof text, "%08lx", crc);
  return text;
}

bool allFinite(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (const auto& parameter : module.parameters()) {
    if (!torch::isfinite(parameter).all().item<bool>()) return false;
  }
  for (const auto& buffer : module.buffers()) {
    if (buffer.is_floating_point() && !torch::isfinite(buffer).all().item<bool>()) return false;
  }
  return true;
}

}  // namespace fovea::models
