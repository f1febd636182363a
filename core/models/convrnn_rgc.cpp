// The reciprocal gated cells (science-convrnn.md section 2): the shallow one, whose convolutions
// have no bias (a quirk of the original kept for checkpoint parity), and the intermediate
// "median" one with depth-separable 7x7 gates whose configured biases are never applied.
#include "core/models/convrnn_cells.h"

namespace fovea::models::convrnn {
namespace {

using torch::Tensor;
namespace F = torch::nn::functional;

class ShallowRgcCell : public CellImpl {
 public:
  explicit ShallowRgcCell(const ConvRnnNode& node) : out_(node.out_channels) {
    const auto c = out_;
    input_to_cell_ = register_module("input_to_cell", TfConv(node.pre_channels, c, 3, 1, false));
    cell_tau_ = register_module("cell_tau", TfConv(c, c, 3, 1, false));
    cell_gate_ = register_module("cell_gate", TfConv(c, c, 3, 1, false));
    out_tau_ = register_module("out_tau", TfConv(c, c, 3, 1, false));
    out_gate_ = register_module("out_gate", TfConv(c, c, 3, 1, false));
    residual_ = register_module("residual_to_out_gate", TfConv(node.in_channels, c, 3, 1, false));
  }
  CellOutput step(const CellInput& in, const Tensor& state) override {
    const auto parts = state.chunk(2, 1);
    const auto& c = parts[0];
    const auto& h = parts[1];
    auto next_c = F::elu((1 - torch::sigmoid(cell_tau_(c))) * c +
                         (1 - torch::sigmoid(cell_gate_(h))) * input_to_cell_(in.x));
    auto next_h = F::elu((1 - torch::sigmoid(out_tau_(h))) * h +
                         (1 - torch::sigmoid(out_gate_(c) + residual_(in.layer_in))) * in.x);
    return {next_h, catChannels({next_c, next_h})};
  }
  std::int64_t stateChannels() const override { return 2 * out_; }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const override {
    const auto s = scope + "/ReciprocalGateCell/";
    input_to_cell_->addSlots(slots, s + "cell/input_to_cell/weights", "");
    cell_tau_->addSlots(slots, s + "cell/tau/weights", "");
    cell_gate_->addSlots(slots, s + "cell/gate/weights", "");
    out_tau_->addSlots(slots, s + "out/tau/weights", "");
    out_gate_->addSlots(slots, s + "out/gate/weights", "");
    residual_->addSlots(slots, s + "out/residual_to_out_gate/weights", "");
  }

 private:
  std::int64_t out_;
  TfConv input_to_cell_{nullptr}, cell_tau_{nullptr}, cell_gate_{nullptr}, out_tau_{nullptr},
      out_gate_{nullptr}, residual_{nullptr};
};

// Depthwise 7x7 (multiplier 1), pointwise 1x1, then a bias.
class SeparableImpl : public torch::nn::Module {
 public:
  SeparableImpl(std::int64_t in, std::int64_t out, double scale) {
    depthwise = register_module("depthwise", TfConv(in, in, 7, 1, false, in, scale));
    pointwise = register_module("pointwise", TfConv(in, out, 1, 1, true, 1, scale));
  }
  Tensor forward(const Tensor& x) { return pointwise(depthwise(x)); }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const {
    depthwise->addSlots(slots, scope + "/depthwise_weights", "");
    pointwise->addSlots(slots, scope + "/pointwise_weights", scope + "/bias");
  }
  TfConv depthwise{nullptr}, pointwise{nullptr};
};
TORCH_MODULE(Separable);

class MedianRgcCell : public CellImpl {
 public:
  static constexpr double kTau = 0.9219348064291611;   // tau_offset = -tau_multiplier
  static constexpr double kGate = 0.7006566684988862;  // gate_offset = -gate_multiplier
  static constexpr double kScale = 0.6393;             // the kernel initialiser's scale

  explicit MedianRgcCell(const ConvRnnNode& node)
      : depth_(node.cell_depth), out_(node.out_channels) {
    const auto x = node.pre_channels;
    input_to_cell_ = register_module("input_to_cell", TfConv(x, depth_, 2, 1, true, 1, kScale));
    cell_tau_ = register_module("cell_tau", Separable(depth_, depth_, kScale));
    cell_gate_ = register_module("cell_gate", Separable(out_, depth_, kScale));
    input_to_out_ = register_module("input_to_out", TfConv(x, out_, 3, 1, true, 1, kScale));
    out_tau_ = register_module("out_tau", Separable(out_, out_, kScale));
    out_gate_ = register_module("out_gate", Separable(depth_, out_, kScale));
    if (node.in_channels != out_) {
      residual_ =
          register_module("residual", TfConv(node.in_channels, out_, 1, 1, false, 1, kScale));
    }
    if (node.feedback_channels > 0) {
      feedback_ =
          register_module("feedback", TfConv(node.feedback_channels, out_, 1, 1, true, 1, kScale));
    }
  }
  CellOutput step(const CellInput& in, const Tensor& state) override {
    const auto parts = state.split({depth_, out_}, 1);
    const auto& c = parts[0];
    const auto& h = parts[1];
    auto next_c = F::elu(kTau * (1 - torch::sigmoid(cell_tau_(c))) * c +
                         kGate * (1 - torch::tanh(cell_gate_(h))) * input_to_cell_(in.x));
    auto h_in = input_to_out_(in.x) + (residual_ ? residual_(in.layer_in) : in.layer_in);
    if (feedback_) h_in = h_in + feedback_(in.feedback);
    auto next_h = F::elu(kTau * (1 - torch::sigmoid(out_tau_(h))) * h +
                         kGate * (1 - torch::tanh(out_gate_(c))) * h_in);
    return {next_h, catChannels({next_c, next_h})};
  }
  std::int64_t stateChannels() const override { return depth_ + out_; }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const override {
    const auto s = scope + "/ReciprocalGateCell/";
    input_to_cell_->addSlots(slots, s + "cell/input_to_cell_weights",
                             s + "cell/input_to_cell_bias");
    cell_tau_->addSlots(slots, s + "cell/tau");
    cell_gate_->addSlots(slots, s + "cell/out_to_cell");
    input_to_out_->addSlots(slots, s + "out/input_to_out_weights", s + "out/input_to_out_bias");
    if (residual_) residual_->addSlots(slots, s + "out/residual_add_weights", "");
    if (feedback_) {
      feedback_->addSlots(slots, s + "out/feedback_to_out_weights", s + "out/feedback_to_out_bias");
    }
    out_tau_->addSlots(slots, s + "out/tau");
    out_gate_->addSlots(slots, s + "out/gate");
  }

 private:
  std::int64_t depth_, out_;
  TfConv input_to_cell_{nullptr}, input_to_out_{nullptr}, residual_{nullptr}, feedback_{nullptr};
  Separable cell_tau_{nullptr}, cell_gate_{nullptr}, out_tau_{nullptr}, out_gate_{nullptr};
};

}  // namespace

std::shared_ptr<CellImpl> makeReciprocalGateCell(const ConvRnnSpec& spec, const ConvRnnNode& node) {
  if (spec.depth == ConvRnnDepth::Shallow) return std::make_shared<ShallowRgcCell>(node);
  return std::make_shared<MedianRgcCell>(node);
}

}  // namespace fovea::models::convrnn
