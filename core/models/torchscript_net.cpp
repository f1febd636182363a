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
  const std::string file = config_.module.string();
  try {
    modules_->answer = jit::load(file, torch::kCPU);
  } catch (const c10::Error& error) {
    throw InputError(file + ": not a TorchScript module (" +
                     std::string(error.what_without_backtrace()).substr(0, 200) + ")");
  }
  modules_->answer.eval();
  // Frozen weights, registered so that checkpoints and weight CRCs cover them.
  for (const auto& parameter : modules_->answer.named_parameters(/*recurse=*/true)) {
    auto name = parameter.name;
    std::replace(name.begin(), name.end(), '.', '_');
    register_parameter("module_" + name, parameter.value, /*requires_grad=*/false);
  }
  const auto known = submodules();
  for (const auto& layer : config_.layers) {
    if (std::find(known.begin(), known.end(), layer) == known.end()) {
      std::string names;
      for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
      throw InputError(file + ": layers: '" + layer + "' is not a submodule (submodules: " + names +
                       ")");
    }
  }
  // The features clone: inline every call, find the last tensor each declared submodule
  // computes, and return those after the answer.
  modules_->features = modules_->answer.clone();
  auto graph = modules_->features.get_method("forward").graph();
  jit::Inline(*graph);
  std::map<std::string, jit::Value*> last;
  std::vector<std::string> order;
  for (auto* node : graph->nodes()) {
    if (node->kind() == c10::prim::GetAttr || node->kind() == c10::prim::Constant) continue;
    if (node->outputs().size() != 1 ||
        !node->output()->type()->isSubtypeOf(*c10::TensorType::get()))
      continue;
    const auto path = modulePath(node);
    for (const auto& layer : config_.layers) {
      if (!inside(path, layer)) continue;
      if (!last.count(layer)) order.push_back(layer);
      last[layer] = node->output();
    }
  }
  for (const auto& layer : config_.layers) {
    if (!last.count(layer))
      throw InputError(file + ": layers: '" + layer + "' computes no tensor in forward()");
  }
  // Computation order is the order of each layer's last node.
  std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
    return last[a]->node()->isBefore(last[b]->node());
  });
  layer_order_ = order;
  if (!order.empty()) {
    std::vector<jit::Value*> outputs;
    for (const auto& layer : order) outputs.push_back(last[layer]);
    outputs.push_back(graph->outputs()[0]);
    graph->eraseOutput(0);
    jit::WithInsertPoint at(graph->return_node());
    graph->registerOutput(graph->insertNode(graph->createTuple(outputs))->output());
  }
  // The answer must be [batch, classes].
  torch::NoGradGuard no_grad;
  torch::Tensor probe;
  try {
    probe = forward(torch::zeros({1, config_.scales, config_.crop_px, config_.crop_px}));
  } catch (const c10::Error& error) {
    throw InputError(file + ": forward() fails on a [1, " + std::to_string(config_.channels) +
                     ", " + std::to_string(config_.crop_px) + ", " +
                     std::to_string(config_.crop_px) +
                     "] input: " + std::string(error.what_without_backtrace()).substr(0, 300));
  }
  if (probe.dim() != 2 || probe.size(1) != config_.classes) {
    throw InputError(file + ": forward() answers " + c10::str(probe.sizes()) +
                     "; the task needs [batch, " + std::to_string(config_.classes) + "]");
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
  auto x = input + 0.5;  // Fovea's crops are v / 255 - 0.5
  if (x.size(1) == 1 && config_.channels > 1) x = x.expand({-1, config_.channels, -1, -1});
  const auto channels = x.size(1);
  auto per_channel = [&](const std::vector<double>& values) {
    auto t = torch::tensor(std::vector<float>(values.begin(), values.end()));
    if (t.numel() == 1) t = t.expand({channels});
    return t.view({1, channels, 1, 1});
  };
  return (x - per_channel(config_.mean)) / per_channel(config_.std);
}

torch::Tensor TorchScriptNetImpl::forward(torch::Tensor input) {
  return modules_->answer.forward({prepare(input)}).toTensor();
}

std::vector<std::pair<std::string, torch::Tensor>> TorchScriptNetImpl::features(
    torch::Tensor input) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  if (layer_order_.empty()) {
    out.emplace_back("logits", forward(std::move(input)));
    return out;
  }
  const auto values = modules_->features.forward({prepare(input)}).toTuple()->elements();
  for (std::size_t i = 0; i < layer_order_.size(); ++i) {
    out.emplace_back(layer_order_[i], values[i].toTensor());
  }
  out.emplace_back("logits", values.back().toTensor());
  return out;
}

}  // namespace fovea::models
