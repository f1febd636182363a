#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
// A ConvRNN unrolled biologically (science-convrnn.md section 3): every edge costs one step, the
// image edge none.
#include <string>
#include <utility>
#include <vector>

#include "core/models/convrnn_cells.h"
#include "core/models/network.h"

namespace fovea::models::convrnn {

// One node: harbor -> pre-memory convolution -> memory -> post-memory.
class NodeImpl : public torch::nn::Module {
 public:
  NodeImpl(const ConvRnnSpec& spec, const ConvRnnNode& node);
  // `ff` is the feed-forward input, `feedback` the sources' outputs (resized here), `state` the
  // previous state (undefined for a stateless node).
  CellOutput step(const torch::Tensor& ff, const std::vector<torch::Tensor>& feedback,
                  const torch::Tensor& state);
  torch::Tensor initialState(const torch::TensorOptions& options) const;
  bool stateful() const { return cell_ != nullptr; }
  void addSlots(std::vector<WeightSlot>& slots) const;
  const ConvRnnNode& info() const { return node_; }

 private:
  ConvRnnNode node_;
  ConvRnnCell cell_type_;
  bool intermediate_ = false;
  TfConv pre_{nullptr}, post_{nullptr}, residual_{nullptr};
  torch::nn::Linear dense_{nullptr};  // the intermediate readout
  std::shared_ptr<CellImpl> cell_;
};
TORCH_MODULE(Node);

// Which (node, step) outputs a caller wants; the unrolling computes only what they depend on.
using StepMask = std::vector<std::vector<bool>>;  // [node][t]

class ConvRnnNetImpl : public NetworkImpl {
 public:
  explicit ConvRnnNetImpl(const ConvRnnSpec& spec);

  torch::Tensor forward(torch::Tensor images) override;  // the readout's logits
  // Every layer at the last step, then "logits" (the readout).
  std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor images) override;
  int timeSteps() const override { return spec_.times; }
  std::vector<TimeCourse> timeCourse(torch::Tensor images) override;
  // Its own schedule, then default, constant (as many steps) and neural where they differ.
  std::vector<Presentation> presentations() const override;
  ReadoutConstants readoutConstants() const override;
  std::vector<TimeCourse> timeCourse(torch::Tensor images, const Presentation& shown) override;

  // The node outputs a mask asks for ([node][t], undefined where not asked), every tensor with
  // the images' batch. Image-independent work (before the image reaches a node, the blank
  // frames) runs once for the whole batch, and a stateless node whose input has not changed
  // is not recomputed.
  std::vector<std::vector<torch::Tensor>> unroll(const torch::Tensor& images,
                                                 const StepMask& wanted);
  // The readout over imnetds's logits at every step: last, max-confidence or threshold.
  torch::Tensor readout(const std::vector<torch::Tensor>& logits_by_step) const;
  // The frames: (images - mean) / std, and the blank 0.5 after normalisation.
  torch::Tensor normalise(const torch::Tensor& images) const;
  // All of the network's tensors under their TF checkpoint names.
  std::vector<WeightSlot> weightSlots() const;
  const ConvRnnSpec& spec() const { return spec_; }
  const std::vector<ConvRnnNode>& nodes() const { return table_; }
  // Counters of the last unroll: node steps computed for the batch, and for one shared image.
  std::pair<int, int> lastWork() const { return {batch_steps_, shared_steps_}; }
  // Off: every node at every step for the whole batch, as a direct port unrolls (the
  // benchmark's yardstick in the same process).
  void setShortcuts(bool on) { shortcuts_ = on; }

 private:
  StepMask readoutMask() const;
  std::vector<int> sources(std::size_t node) const;  // feed-forward first, then feedback

  ConvRnnSpec spec_;
  std::vector<ConvRnnNode> table_;
  std::vector<Node> nodes_;
  torch::Tensor beta_, threshold_;
  int batch_steps_ = 0, shared_steps_ = 0;
  bool shortcuts_ = true;
};

}  // namespace fovea::models::convrnn
