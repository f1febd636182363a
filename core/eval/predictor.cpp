#include "core/eval/predictor.h"

#include <algorithm>
#include <mutex>

#include <torch/torch.h>

#include "core/engine/device.h"
#include "core/models/model_family.h"
#include "core/models/network.h"
#include "core/train/checkpoint.h"
#include "core/util/errors.h"

namespace fovea::eval {

namespace {

Predictor::Feature toFeature(const std::string& name, const torch::Tensor& tensor) {
  const auto t = tensor.detach().to(torch::kCPU).to(torch::kFloat32).contiguous();
  Predictor::Feature feature{name, t.sizes().vec(), {}};
  feature.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
  return feature;
}

std::string namesOf(const std::vector<std::pair<std::string, torch::Tensor>>& features) {
  std::string names;
  for (const auto& feature : features) names += (names.empty() ? "" : ", ") + feature.first;
  return names;
}

}  // namespace

struct Predictor::Impl {
  train::CheckpointHeader header;
  std::shared_ptr<models::NetworkImpl> net;
  // The family's layer table, made on first use: some families (an imported module) build and
  // run a network to describe it, which a predictor that only answers never needs.
  mutable std::once_flag layers_made;
  mutable std::vector<models::LayerInfo> layers;
  torch::Device device = torch::kCPU;

  torch::Tensor batch(const std::vector<float>& inputs, int count) const {
    const auto per_sample = header.input.values();
    const std::size_t expected = static_cast<std::size_t>(count) * per_sample;
    if (count < 1 || inputs.size() != expected) {
      throw std::invalid_argument("Predictor: " + std::to_string(inputs.size()) +
                                  " input values for " + std::to_string(count) + " inputs of " +
                                  header.input.describe());
    }
    std::vector<std::int64_t> shape = {count};
    shape.insert(shape.end(), header.input.shape.begin(), header.input.shape.end());
    return torch::from_blob(const_cast<float*>(inputs.data()), shape).to(device);
  }
  // The output named `layer`, computing no more than it needs; InputError listing the layers.
  torch::Tensor through(const torch::Tensor& x, const std::string& layer) const {
    auto computed = net->featuresUntil(x, layer);
    if (computed.empty() || computed.back().first != layer) {
      throw InputError("layer '" + layer + "': run '" + header.run + "' (" + header.family +
                       ") has no such layer (layers: " + namesOf(computed) + ")");
    }
    return computed.back().second;
  }
  // The logits at every step under one of the network's presentations; InputError naming the
  // presentation and the ones there are.
  std::vector<torch::Tensor> logitsOverTime(const std::vector<float>& inputs, int count,
                                            const std::string& presentation) const {
    std::string known;
    for (const auto& p : net->presentations()) {
      if (p.name == presentation) {
        torch::NoGradGuard no_grad;
        return net->timeCourse(batch(inputs, count), p).back().steps;
      }
      known += (known.empty() ? "" : ", ") + p.name;
    }
    throw InputError("presentation '" + presentation + "': run '" + header.run + "' has " +
                     (known.empty() ? "none (it is not recurrent)" : "only " + known));
  }
  torch::Tensor logits(const std::vector<float>& inputs, int count) const {
    torch::NoGradGuard no_grad;
    return net->forward(batch(inputs, count)).to(torch::kCPU);
  }
};

Predictor::Predictor(const std::filesystem::path& checkpoint, const std::string& device)
    : impl_(std::make_unique<Impl>()) {
  impl_->header = train::readCheckpointHeader(checkpoint);
  const auto& family = models::ModelRegistry::instance().find(impl_->header.family);
  impl_->net = family.build(impl_->header.net);
  train::loadCheckpoint(checkpoint, *impl_->net, nullptr);
  impl_->device = engine::parseDevice(device);
  impl_->net->to(impl_->device);
  impl_->net->eval();
}

Predictor::~Predictor() = default;

const std::string& Predictor::family() const {
  return impl_->header.family;
}
const models::InputSpec& Predictor::input() const {
  return impl_->header.input;
}
const std::vector<std::string>& Predictor::classNames() const {
  return impl_->header.class_names;
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

double Predictor::pixelOffset() const {
  const auto& net = impl_->header.net;
  const auto found = net.find("pixel_offset");
  if (found != net.end() && found->is_number()) return found->get<double>();
  // Families that do not record it: crops come from the crowding task, images from attention.
  return impl_->header.input.kind == models::InputSpec::Kind::MultiscaleCrops ? 0.5 : 0.0;
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

std::vector<Predictor::Presentation> Predictor::presentations() const {
  return impl_->net->presentations();
}

std::vector<std::vector<int>> Predictor::answersOverTime(const std::vector<float>& inputs,
                                                         int count,
                                                         const std::string& presentation) const {
  std::vector<std::vector<int>> answers;
  for (const auto& logits : impl_->logitsOverTime(inputs, count, presentation)) {
    const auto best = logits.argmax(1).to(torch::kCPU).contiguous();
    const auto* data = best.data_ptr<std::int64_t>();
    answers.emplace_back(data, data + count);
  }
  return answers;
}

std::vector<std::vector<std::vector<float>>> Predictor::probabilitiesOverTime(
    const std::vector<float>& inputs, int count, const std::string& presentation) const {
  std::vector<std::vector<std::vector<float>>> steps;
  for (const auto& logits : impl_->logitsOverTime(inputs, count, presentation)) {
    const auto probabilities = torch::softmax(logits, 1).to(torch::kCPU).contiguous();
    const auto* data = probabilities.data_ptr<float>();
    const auto classes = probabilities.size(1);
    std::vector<std::vector<float>> per_input;
    for (int i = 0; i < count; ++i) {
      per_input.emplace_back(data + i * classes, data + (i + 1) * classes);
    }
    steps.push_back(std::move(per_input));
  }
  return steps;
}

int Predictor::readoutStart() const {
  const auto layers = this->layers();
  if (impl_->net->timeSteps() == 0 || layers.empty()) return 0;
  return static_cast<int>(layers.size());  // the readout is the last of the unrolled nodes
}

Predictor::Readout Predictor::readout() const {
  return impl_->net->readoutConstants();
}

std::vector<Predictor::TimedFeature> Predictor::featuresOverTime(const std::vector<float>& inputs,
                                                                 int count) const {
  torch::NoGradGuard no_grad;
  std::vector<TimedFeature> timed;
  for (auto& course : impl_->net->timeCourse(impl_->batch(inputs, count))) {
    TimedFeature layer{course.name, course.first_image_step, course.returned_from, {}};
    for (const auto& step : course.steps) {
      const auto t = step.to(torch::kCPU).contiguous();
      layer.steps.push_back(
          {course.name, t.sizes().vec(),
           std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel())});
    }
    timed.push_back(std::move(layer));
  }
  return timed;
}

std::vector<int> Predictor::answers(const std::vector<float>& inputs, int count) const {
  const auto best = impl_->logits(inputs, count).argmax(1).contiguous();
  std::vector<int> out(static_cast<std::size_t>(count));
  const auto* data = best.data_ptr<std::int64_t>();
  for (int i = 0; i < count; ++i) out[i] = static_cast<int>(data[i]);
  return out;
}

std::vector<Predictor::Feature> Predictor::features(const std::vector<float>& inputs, int count,
                                                    const std::vector<std::string>& only) const {
  torch::NoGradGuard no_grad;
  std::vector<Feature> out;
  for (auto& [name, tensor] : impl_->net->features(impl_->batch(inputs, count))) {
    if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
    out.push_back(toFeature(name, tensor));
  }
  return out;
}

Predictor::Feature Predictor::feature(const std::vector<float>& inputs, int count,
                                      const std::string& layer) const {
  torch::NoGradGuard no_grad;
  return toFeature(layer, impl_->through(impl_->batch(inputs, count), layer));
}

std::vector<float> Predictor::unitGradient(const std::vector<float>& input,
                                           const std::string& layer, std::int64_t unit) const {
  auto x = impl_->batch(input, 1).clone().requires_grad_(true);
  const auto flat = impl_->through(x, layer).flatten();
  if (unit < 0 || unit >= flat.numel()) {
    throw InputError("layer '" + layer + "': unit " + std::to_string(unit) + " is outside its " +
                     std::to_string(flat.numel()) + " units");
  }
  // autograd::grad leaves the parameters' .grad alone (backward() would accumulate into them).
  const auto gradient = torch::autograd::grad({flat[unit]}, {x}).front();
  return toFeature(layer, gradient).values;
}

const std::vector<models::LayerInfo>& Predictor::layers() const {
  std::call_once(impl_->layers_made, [this] {
    impl_->layers =
        models::ModelRegistry::instance().find(impl_->header.family).layers(impl_->header.net);
  });
  return impl_->layers;
}

long long Predictor::parameterCount() const {
  long long count = 0;
  for (const auto& parameter : impl_->net->parameters()) count += parameter.numel();
  return count;
}

Predictor::Feature Predictor::firstConvolution() const {
  for (const auto& item : impl_->net->named_parameters()) {
    const torch::Tensor& weight = item.value();
    if (weight.dim() != 4) continue;
    const torch::Tensor cpu = weight.detach().to(torch::kCPU, torch::kFloat).contiguous();
    Feature out{item.key(), cpu.sizes().vec(), {}};
    out.values.assign(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
    return out;
  }
  throw InputError("run '" + run() + "' has no convolution");
}

}  // namespace fovea::eval
