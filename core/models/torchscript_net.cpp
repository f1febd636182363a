#include "core/models/torchscript_net.h"

#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/script.h>

#include <algorithm>
#include <map>

#include "core/util/errors.h"

namespace fovea::models {
namespace {

namespace jit = torch::jit;

// The submodule a node was inlined from, dotted; TorchScript's own "SELF" frames (a module
// calling its own helper methods) are not submodules.
std::string modulePath(const jit::Node* node) {
  std::string path;
  const auto stack = node->callstack();
  if (!stack) return path;
  for (const auto& frame : (*stack)->vec()) {
    const auto& info = std::get<2>(frame);
    if (!info || info->instance_name() == "SELF") continue;
    path += (path.empty() ? "" : ".") + info->instance_name();
  }
  return path;
}

// An exception's message without LibTorch's backtrace, capped for a one-line error.
std::string firstLine(const std::exception& error) {
  const auto* c10_error = dynamic_cast<const c10::Error*>(&error);
  std::string text = c10_error ? c10_error->what_without_backtrace() : error.what();
  text = text.substr(0, text.find('\n'));
  return text.substr(0, 300);
}

bool inside(const std::string& path, const std::string& layer) {
  return path == layer || path.rfind(layer + ".", 0) == 0;
}

}  // namespace

struct TorchScriptNetImpl::Modules {
  jit::Module answer;    // the module as saved
  jit::Module features;  // a clone whose forward also returns the exposed layers
};

TorchScriptNetImpl::TorchScriptNetImpl(const TorchScriptConfig& config)
    : config_(config), modules_(std::make_unique<Modules>()) {
  load();
  checkLayersAreSubmodules();
  exposeLayers();
  checkAnswerShape();
}

void TorchScriptNetImpl::load() {
  const std::string file = config_.module.string();
  if (!std::filesystem::is_regular_file(config_.module)) {
    throw InputError(file + ": no such file (the module of this run moved or was deleted)");
  }
  try {
    modules_->answer = jit::load(file, torch::kCPU);
  } catch (const std::exception& error) {
    throw InputError(file + ": not a TorchScript module (" + firstLine(error) + ")");
  }
  modules_->answer.eval();
  // Frozen weights, registered so that checkpoints and weight CRCs cover them.
  for (const auto& parameter : modules_->answer.named_parameters(/*recurse=*/true)) {
    auto name = parameter.name;
    std::replace(name.begin(), name.end(), '.', '_');
    register_parameter("module_" + name, parameter.value, /*requires_grad=*/false);
  }
}

void TorchScriptNetImpl::checkLayersAreSubmodules() const {
  const auto known = submodules();
  for (const auto& layer : config_.layers) {
    if (std::find(known.begin(), known.end(), layer) != known.end()) continue;
    std::string names;
    for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
    throw InputError(config_.module.string() + ": layers: '" + layer +
                     "' is not a submodule (submodules: " + names + ")");
  }
}

void TorchScriptNetImpl::exposeLayers() {
  // A clone sharing the weights (so a loaded checkpoint reaches both): inline every call, find
  // the last tensor each declared submodule computes at the top level of forward(), and return
  // copies of those after the answer (copies, since a later in-place op such as
  // ReLU(inplace=True) would change them).
  modules_->features = modules_->answer.clone(/*inplace=*/true);
  auto graph = modules_->features.get_method("forward").graph();
  jit::Inline(*graph);
  std::map<std::string, jit::Value*> last;
  std::vector<std::string> order;
  for (auto* node : graph->nodes()) {
    if (node->kind() == c10::prim::GetAttr || node->kind() == c10::prim::Constant) continue;
    const auto path = modulePath(node);
    for (auto* output : node->outputs()) {
      if (!output->type()->isSubtypeOf(*c10::TensorType::get())) continue;
      for (const auto& layer : config_.layers) {
        if (!inside(path, layer)) continue;
        if (!last.count(layer)) order.push_back(layer);
        last[layer] = output;
      }
    }
  }
  for (const auto& layer : config_.layers) {
    if (last.count(layer)) continue;
    throw InputError(config_.module.string() + ": layers: '" + layer +
                     "' computes no tensor at the top level of forward() (inside control flow, "
                     "or returns no tensor), so it cannot be exposed");
  }
  std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
    return last[a]->node()->isBefore(last[b]->node());
  });
  layer_order_ = order;
  if (order.empty()) return;
  std::vector<jit::Value*> outputs;
  for (const auto& layer : order) {
    jit::Value* value = last[layer];
    const jit::WithInsertPoint after(value->node()->next());
    outputs.push_back(graph->insert(c10::aten::clone, {value}));
  }
  outputs.push_back(graph->outputs()[0]);
  graph->eraseOutput(0);
  const jit::WithInsertPoint at(graph->return_node());
  graph->registerOutput(graph->insertNode(graph->createTuple(outputs))->output());
}

void TorchScriptNetImpl::checkAnswerShape() {
  const std::string file = config_.module.string();
  const std::string input = "[1, " + std::to_string(config_.channels) + ", " +
                            std::to_string(config_.crop_px) + ", " +
                            std::to_string(config_.crop_px) + "]";
  torch::NoGradGuard no_grad;
  c10::IValue answer;
  try {
    answer = modules_->answer.forward(
        {prepare(torch::zeros({1, config_.scales, config_.crop_px, config_.crop_px}))});
  } catch (const std::exception& error) {
    throw InputError(file + ": forward() fails on a " + input + " input: " + firstLine(error));
  }
  if (!answer.isTensor()) {
    throw InputError(file + ": forward() returns a " + answer.tagKind() +
                     ", not the tensor of class scores Fovea needs");
  }
  const auto probe = answer.toTensor();
  if (probe.dim() != 2 || probe.size(1) != config_.classes) {
    throw InputError(file + ": forward() answers " + c10::str(probe.sizes()) + " for a " + input +
                     " input; the task needs [batch, " + std::to_string(config_.classes) + "]");
  }
}

TorchScriptNetImpl::~TorchScriptNetImpl() = default;

std::vector<std::string> TorchScriptNetImpl::submodules() const {
  std::vector<std::string> names;
  for (const auto& child : modules_->answer.named_modules()) {
    if (!child.name.empty()) names.push_back(child.name);
  }
  return names;
}

torch::Tensor TorchScriptNetImpl::prepare(const torch::Tensor& input) const {
  auto x = config_.pixel_offset == 0 ? input : input + config_.pixel_offset;
  if (x.size(1) == 1 && config_.channels > 1) x = x.expand({-1, config_.channels, -1, -1});
  const auto channels = x.size(1);
  auto per_channel = [&](const std::vector<double>& values) {
    auto t = torch::tensor(std::vector<float>(values.begin(), values.end())).to(x.device());
    if (t.numel() == 1) t = t.expand({channels});
    return t.view({1, channels, 1, 1});
  };
  return (x - per_channel(config_.mean)) / per_channel(config_.std);
}

void TorchScriptNetImpl::follow(const torch::Device& device) {
  // The modules' buffers (e.g. batch-norm statistics) are not registered here, so they move
  // with the first input on another device.
  if (device == device_) return;
  modules_->answer.to(device);
  modules_->features.to(device);
  device_ = device;
}

torch::Tensor TorchScriptNetImpl::forward(torch::Tensor input) {
  follow(input.device());
  return modules_->answer.forward({prepare(input)}).toTensor();
}

std::vector<std::pair<std::string, torch::Tensor>> TorchScriptNetImpl::features(
    torch::Tensor input) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  if (layer_order_.empty()) {
    out.emplace_back("logits", forward(std::move(input)));
    return out;
  }
  follow(input.device());
  const auto values = modules_->features.forward({prepare(input)}).toTuple()->elements();
  for (std::size_t i = 0; i < layer_order_.size(); ++i) {
    out.emplace_back(layer_order_[i], values[i].toTensor());
  }
  out.emplace_back("logits", values.back().toTensor());
  return out;
}

}  // namespace fovea::models
