#include "core/models/convrnn_net.h"

#include <algorithm>

namespace fovea::models::convrnn {
namespace {

using torch::Tensor;
namespace F = torch::nn::functional;

Tensor withBatch(const Tensor& t, std::int64_t batch) {
  if (t.size(0) == batch) return t;
  auto sizes = t.sizes().vec();
  sizes[0] = batch;
  return t.expand(sizes);
}

std::string scopeOf(const ConvRnnNode& node) {
  return "tnn_model/" + node.name;
}

}  // namespace

NodeImpl::NodeImpl(const ConvRnnSpec& spec, const ConvRnnNode& node)
    : node_(node), cell_type_(spec.cell), intermediate_(spec.depth == ConvRnnDepth::Intermediate) {
  torch::NoGradGuard no_grad;
  if (node.name == "imnetds") {
    if (!intermediate_) {
      pre_ = register_module("pre", TfConv(node.in_channels, spec.classes, 2));
      pre_->bias.normal_(0, 0.01);
    } else {
      dense_ = register_module("dense", torch::nn::Linear(node.in_channels, spec.classes));
      dense_->weight.normal_(0, 0.01);
      dense_->bias.fill_(1.0);
    }
    return;
  }
  pre_ = register_module(
      "pre", TfConv(node.in_channels, node.pre_channels, node.pre_kernel, node.pre_stride));
  if (node.residual_block) {
    post_ = register_module("post", TfConv(node.pre_channels, node.out_channels, 3));
    if (node.in_channels != node.out_channels) {
      residual_ =
          register_module("residual", TfConv(node.in_channels, node.out_channels, 1, 1, false));
    }
  }
  if (node.cell) cell_ = register_module("cell", makeCell(spec, node));
}

Tensor NodeImpl::initialState(const torch::TensorOptions& options) const {
  return cell_ ? cell_->initialState(node_.side, options) : Tensor();
}

CellOutput NodeImpl::step(const Tensor& ff, const std::vector<Tensor>& feedback,
                          const Tensor& state) {
  if (node_.name == "imnetds") {
    if (dense_) return {dense_(ff.mean({2, 3})), {}};
    return {F::conv2d(ff, pre_->weight, F::Conv2dFuncOptions().bias(pre_->bias)).mean({2, 3}), {}};
  }
  // Every pre-memory convolution is followed by ELU except in the shallow non-RGC cell layers,
  // whose cells read the convolution as it is.
  const bool linear_pre = !intermediate_ && node_.cell && cell_type_ != ConvRnnCell::Rgc;
  auto x = pre_(ff);
  if (!linear_pre) x = F::elu(x);
  CellOutput result{x, {}};
  if (cell_) {
    std::vector<Tensor> resized;
    for (const auto& source : feedback) resized.push_back(resizeAligned(source, node_.in_side));
    result = cell_->step({x, ff, resized.empty() ? Tensor() : catChannels(resized)}, state);
  }
  if (post_) result.out = F::elu(post_(result.out) + (residual_ ? residual_(ff) : ff));
  if (node_.pool) result.out = maxPoolSame(result.out);
  return result;
}

void NodeImpl::addSlots(std::vector<WeightSlot>& slots) const {
  const auto scope = scopeOf(node_);
  if (dense_) {
    slots.push_back({scope + "/pre_3/weights", dense_->weight, Layout::Dense});
    slots.push_back({scope + "/pre_3/bias", dense_->bias, Layout::Plain});
    return;
  }
  if (node_.name == "imnetds") {
    pre_->addSlots(slots, scope + "/pre_1/weights", scope + "/pre_1/bias");
    return;
  }
  pre_->addSlots(slots, scope + "/pre_0/weights_basenet", scope + "/pre_0/bias");
  if (post_) post_->addSlots(slots, scope + "/post_0/weights", scope + "/post_0/bias");
  if (residual_) residual_->addSlots(slots, scope + "/post_1/residual_add_weights", "");
  if (cell_) cell_->addSlots(slots, scope);
}

ConvRnnNetImpl::ConvRnnNetImpl(const ConvRnnSpec& spec) : spec_(spec), table_(convRnnNodes(spec)) {
  for (const auto& node : table_) nodes_.push_back(register_module(node.name, Node(spec_, node)));
  if (spec_.readout == ConvRnnReadout::MaxConf) {
    beta_ = register_parameter("beta", torch::full({1}, spec_.beta));
  } else {
    beta_ = register_buffer("beta", torch::full({1}, spec_.beta));
  }
  threshold_ = register_buffer("threshold", torch::full({1}, spec_.threshold));
}

std::vector<int> ConvRnnNetImpl::sources(std::size_t node) const {
  std::vector<int> result;
  if (node > 0) result.push_back(static_cast<int>(node) - 1);
  for (const auto& name : table_[node].feedback) {
    for (std::size_t i = 0; i < table_.size(); ++i) {
      if (table_[i].name == name) result.push_back(static_cast<int>(i));
    }
  }
  return result;
}

Tensor ConvRnnNetImpl::normalise(const Tensor& task_images) const {
  const Tensor images = spec_.pixel_offset == 0 ? task_images : task_images + spec_.pixel_offset;
  if (!spec_.imagenet_norm) return images;
  const auto options = images.options();
  Tensor mean, std;
  if (images.size(1) == 3) {
    mean = torch::tensor({0.485, 0.456, 0.406}, options).view({1, 3, 1, 1});
    std = torch::tensor({0.229, 0.224, 0.225}, options).view({1, 3, 1, 1});
  } else {  // one channel: the three channels' averages
    mean = torch::full({1, 1, 1, 1}, 0.449, options);
    std = torch::full({1, 1, 1, 1}, 0.226, options);
  }
  return (images - mean) / std;
}

std::vector<std::vector<Tensor>> ConvRnnNetImpl::unroll(const Tensor& images,
                                                        const StepMask& wanted) {
  const auto n_nodes = nodes_.size();
  const int steps = spec_.times;
  // What the wanted outputs depend on: a node's inputs one step earlier, and a stateful node's
  // own previous step.
  StepMask needed = wanted;
  if (!shortcuts_) needed.assign(n_nodes, std::vector<bool>(steps, true));
  for (int t = steps - 1; t > 0; --t) {
    for (std::size_t n = 0; n < n_nodes; ++n) {
      if (!needed[n][t]) continue;
      if (nodes_[n]->stateful()) needed[n][t - 1] = true;
      for (int source : sources(n)) needed[source][t - 1] = true;
    }
  }
  const auto batch = images.size(0);
  const auto options = images.options();
  const Tensor image = normalise(images);
  const auto shared = [&](const Tensor& t) {
    return shortcuts_ ? t : withBatch(t, batch).contiguous();
  };
  const Tensor blank =
      shared(torch::full({1, images.size(1), images.size(2), images.size(3)}, 0.5, options));
  std::vector<Tensor> zeros, state, previous(n_nodes), memo_in(n_nodes), memo_out(n_nodes);
  for (const auto& node : table_) {
    zeros.push_back(
        shared(torch::zeros({1, node.out_channels, node.out_side, node.out_side}, options)));
  }
  for (const auto& node : nodes_) {
    auto initial = node->initialState(options);
    state.push_back(initial.defined() ? shared(initial) : initial);
  }
  std::vector<std::vector<Tensor>> result(n_nodes, std::vector<Tensor>(steps));
  batch_steps_ = shared_steps_ = 0;
  for (int t = 0; t < steps; ++t) {
    std::vector<Tensor> current(n_nodes);
    for (std::size_t n = 0; n < n_nodes; ++n) {
      if (!needed[n][t]) continue;
      auto input = [&](int source) { return t == 0 ? zeros[source] : previous[source]; };
      const Tensor ff =
          n == 0 ? (spec_.imageAt(t) ? image : blank) : input(static_cast<int>(n) - 1);
      if (shortcuts_ && !nodes_[n]->stateful() && memo_in[n].defined() && memo_in[n].is_same(ff)) {
        current[n] = memo_out[n];
      } else {
        std::vector<Tensor> feedback;
        const auto all = sources(n);
        for (std::size_t s = 1; s < all.size(); ++s) feedback.push_back(input(all[s]));
        auto out = nodes_[n]->step(ff, feedback, state[n]);
        (out.out.size(0) == batch ? batch_steps_ : shared_steps_) += 1;
        current[n] = out.out;
        state[n] = out.state;
        memo_in[n] = ff;
        memo_out[n] = out.out;
      }
      if (wanted[n][t]) result[n][t] = withBatch(current[n], batch);
    }
    previous = std::move(current);
  }
  return result;
}

StepMask ConvRnnNetImpl::readoutMask() const {
  StepMask mask(nodes_.size(), std::vector<bool>(spec_.times, false));
  const int last = spec_.times - 1;
  const int start = std::min(static_cast<int>(nodes_.size()), last);
  for (int t = spec_.readout == ConvRnnReadout::Last ? last : start; t <= last; ++t) {
    mask.back()[t] = true;
  }
  return mask;
}

Tensor ConvRnnNetImpl::readout(const std::vector<Tensor>& logits_by_step) const {
  if (spec_.readout == ConvRnnReadout::Last) return logits_by_step.back();
  std::vector<Tensor> candidates;
  const int start = std::min(static_cast<int>(nodes_.size()), spec_.times - 1);
  for (int t = start; t < spec_.times; ++t) candidates.push_back(logits_by_step[t]);
  const auto z = torch::stack(candidates);  // [S, B, K]
  const auto beta = spec_.readout == ConvRnnReadout::MaxConf ? beta_ : torch::ones_like(beta_);
  const auto confidence = torch::softmax(beta * z, -1).amax(-1);  // [S, B]
  auto chosen = confidence.argmax(0);
  if (spec_.readout == ConvRnnReadout::Threshold) {
    const auto steps = torch::arange(confidence.size(0), chosen.options()).unsqueeze(1);
    const auto first =
        torch::where(confidence >= threshold_, steps.expand_as(confidence),
                     torch::full_like(steps.expand_as(confidence), confidence.size(0)))
            .amin(0);
    chosen = torch::where(first < confidence.size(0), first, chosen);
  }
  const auto index = chosen.view({1, -1, 1}).expand({1, z.size(1), z.size(2)});
  return z.gather(0, index).squeeze(0);
}

Tensor ConvRnnNetImpl::forward(Tensor images) {
  auto outputs = unroll(images, readoutMask());
  return readout(outputs.back());
}

std::vector<std::pair<std::string, Tensor>> ConvRnnNetImpl::features(Tensor images) {
  auto mask = readoutMask();
  for (auto& node : mask) node.back() = true;
  auto outputs = unroll(images, mask);
  std::vector<std::pair<std::string, Tensor>> named;
  for (std::size_t n = 0; n + 1 < outputs.size(); ++n) {
    named.emplace_back(table_[n].name, outputs[n].back());
  }
  named.emplace_back("logits", readout(outputs.back()));
  return named;
}

std::vector<TimeCourse> ConvRnnNetImpl::timeCourse(Tensor images) {
  StepMask all(nodes_.size(), std::vector<bool>(spec_.times, true));
  auto outputs = unroll(images, all);
  std::vector<TimeCourse> courses;
  for (std::size_t n = 0; n < outputs.size(); ++n) {
    const auto& node = table_[n];
    courses.push_back({n + 1 == outputs.size() ? "logits" : node.name, node.index,
                       node.returnedFrom(), std::move(outputs[n])});
  }
  return courses;
}

ReadoutConstants ConvRnnNetImpl::readoutConstants() const {
  // beta is trained under max_conf, and only max_conf tempers the softmax.
  const double beta = spec_.readout == ConvRnnReadout::MaxConf ? beta_.item<double>() : 1.0;
  return {beta, threshold_.item<double>()};
}

std::vector<Presentation> ConvRnnNetImpl::presentations() const {
  std::vector<Presentation> list{{toString(spec_.presentation), spec_.times, spec_.image_off}};
  auto add = [&](ConvRnnPresentation mode, int times) {
    ConvRnnSpec other = spec_;
    other.presentation = mode;
    resolvePresentation(other, times, 0);
    for (const auto& known : list) {
      if (known.steps == other.times && known.image_off == other.image_off) return;
    }
    list.push_back({toString(mode), other.times, other.image_off});
  };
  add(ConvRnnPresentation::Default, 0);
  add(ConvRnnPresentation::Constant, spec_.times);
  add(ConvRnnPresentation::Neural, 0);
  return list;
}

std::vector<TimeCourse> ConvRnnNetImpl::timeCourse(Tensor images, const Presentation& shown) {
  const auto own = spec_;
  spec_.times = shown.steps;
  spec_.image_off = shown.image_off;
  try {
    auto courses = timeCourse(std::move(images));
    spec_ = own;
    return courses;
  } catch (...) {
    spec_ = own;
    throw;
  }
}

std::vector<WeightSlot> ConvRnnNetImpl::weightSlots() const {
  std::vector<WeightSlot> slots;
  for (const auto& node : nodes_) node->addSlots(slots);
  slots.push_back({"tnn_model/normalize/softmax_beta", beta_, Layout::Plain, true});
  slots.push_back({"tnn_model/decoder_threshold", threshold_, Layout::Plain, true});
  return slots;
}

}  // namespace fovea::models::convrnn
