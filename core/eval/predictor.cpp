#include "core/eval/predictor.h"

#include <torch/torch.h>

#include "core/models/eccentricity_net.h"
#include "core/train/checkpoint.h"
#include "core/util/errors.h"

namespace fovea::eval {

struct Predictor::Impl {
  train::CheckpointHeader header;
  mutable models::EccentricityNet net{nullptr};  // forward() is not const in LibTorch
  torch::Device device = torch::kCPU;

  torch::Tensor logits(const std::vector<float>& inputs, int count) const {
    const int side = header.net.crop_px;
    const int scales = header.net.scales().front();
    const std::size_t expected = static_cast<std::size_t>(count) * scales * side * side;
    if (inputs.size() != expected) {
      throw std::invalid_argument("Predictor: " + std::to_string(inputs.size()) +
                                  " input values for " + std::to_string(count) + " inputs of " +
                                  std::to_string(scales) + " x " + std::to_string(side) + "^2");
    }
    torch::NoGradGuard no_grad;
    auto x =
        torch::from_blob(const_cast<float*>(inputs.data()), {count, scales, side, side}).to(device);
    return net->forward(x).to(torch::kCPU);
  }
};

Predictor::Predictor(const std::filesystem::path& checkpoint, const std::string& device)
    : impl_(std::make_unique<Impl>()) {
  impl_->header = train::readCheckpointHeader(checkpoint);
  impl_->net = models::EccentricityNet(impl_->header.net);
  train::loadCheckpoint(checkpoint, impl_->net, nullptr);
  if (device == "cuda") {
    if (!torch::cuda::is_available()) {
      throw InputError("--device cuda: this LibTorch build has no usable CUDA device");
    }
    impl_->device = torch::kCUDA;
  } else if (device != "cpu") {
    throw InputError("--device must be cpu or cuda, got '" + device + "'");
  }
  impl_->net->to(impl_->device);
  impl_->net->eval();
}

Predictor::~Predictor() = default;

const models::ModelSpec& Predictor::net() const {
  return impl_->header.net;
}
const stimulus::StimulusSpec& Predictor::stimulus() const {
  return impl_->header.stimulus;
}
const std::string& Predictor::run() const {
  return impl_->header.run;
}
std::int64_t Predictor::step() const {
  return impl_->header.state.step;
}

std::vector<std::vector<float>> Predictor::probabilities(const std::vector<float>& inputs,
                                                         int count) const {
  const auto p = torch::softmax(impl_->logits(inputs, count), 1).contiguous();
  std::vector<std::vector<float>> out(static_cast<std::size_t>(count));
  const auto* data = p.data_ptr<float>();
  const auto classes = p.size(1);
  for (int i = 0; i < count; ++i) out[i].assign(data + i * classes, data + (i + 1) * classes);
  return out;
}

std::vector<int> Predictor::answers(const std::vector<float>& inputs, int count) const {
  const auto best = impl_->logits(inputs, count).argmax(1).contiguous();
  std::vector<int> out(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) out[i] = static_cast<int>(best[i].item<std::int64_t>());
  return out;
}

}  // namespace fovea::eval
