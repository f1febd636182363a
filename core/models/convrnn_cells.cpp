#include "core/models/convrnn_cells.h"

#include <array>

#include "core/util/errors.h"

namespace fovea::models::convrnn {
namespace {

using torch::Tensor;
namespace F = torch::nn::functional;

// s_t = tau * s_{t-1} + x_t, tau one unconstrained scalar.
class TimeDecayCell : public CellImpl {
 public:
  explicit TimeDecayCell(std::int64_t channels) : channels_(channels) {
    tau_ = register_parameter("tau", torch::zeros({1}));
  }
  CellOutput step(const CellInput& in, const Tensor& s) override {
    auto next = tau_ * s + in.x;
    return {next, next};
  }
  std::int64_t stateChannels() const override { return channels_; }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const override {
    slots.push_back({scope + "/memory_decay", tau_, Layout::Plain});
  }

 private:
  std::int64_t channels_;
  Tensor tau_;
};

// h_t = ELU(LN(Conv_i(x) + Conv_s(h))).
class SimpleRnnCell : public CellImpl {
 public:
  SimpleRnnCell(std::int64_t in, std::int64_t out, bool layer_norm, double eps)
      : out_(out), eps_(eps) {
    input_ = register_module("input", TfConv(in, out, 3));
    state_ = register_module("state", TfConv(out, out, 3));
    if (layer_norm) {
      gamma_ = register_parameter("gamma", torch::ones({out}));
      beta_ = register_parameter("beta", torch::zeros({out}));
    }
  }
  CellOutput step(const CellInput& in, const Tensor& h) override {
    auto sum = input_(in.x) + state_(h);
    if (gamma_.defined()) sum = layerNorm(sum, gamma_, beta_, eps_);
    auto next = F::elu(sum);
    return {next, next};
  }
  std::int64_t stateChannels() const override { return out_; }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const override {
    const auto s = scope + "/ConvNormBasicCell/";
    state_->addSlots(slots, s + "s/weights", s + "s/bias");
    input_->addSlots(slots, s + "i/weights", s + "i/bias");
    if (gamma_.defined()) {
      slots.push_back({s + "layer_norm/gamma", gamma_, Layout::Plain});
      slots.push_back({s + "layer_norm/beta", beta_, Layout::Plain});
    }
  }

 private:
  std::int64_t out_;
  double eps_;
  TfConv input_{nullptr}, state_{nullptr};
  Tensor gamma_, beta_;
};

class GruCell : public CellImpl {
 public:
  GruCell(std::int64_t in, std::int64_t out) : out_(out) {
    gates_ = register_module("gates", TfConv(in + out, 2 * out, 3));
    candidates_ = register_module("candidates", TfConv(in + out, out, 3));
    torch::NoGradGuard no_grad;
    gates_->bias.fill_(1.0);
  }
  CellOutput step(const CellInput& in, const Tensor& h) override {
    const auto gates = gates_(catChannels({in.x, h})).chunk(2, 1);
    const auto reset = torch::sigmoid(gates[0] + 1.0);  // forget_bias 1 on the reset gate
    const auto update = torch::sigmoid(gates[1]);
    const auto candidate = torch::tanh(candidates_(catChannels({in.x, reset * h})));
    auto next = update * h + (1 - update) * candidate;
    return {next, next};
  }
  std::int64_t stateChannels() const override { return out_; }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const override {
    const auto s = scope + "/ConvGRUCell/";
    gates_->addSlots(slots, s + "gates/weights", s + "gates/bias");
    candidates_->addSlots(slots, s + "candidates/weights", s + "candidates/bias");
  }

 private:
  std::int64_t out_;
  TfConv gates_{nullptr}, candidates_{nullptr};
};

// State concat(c, h); the peepholes read the old c, even for the output gate.
class LstmCell : public CellImpl {
 public:
  LstmCell(const ConvRnnNode& node, double eps)
      : out_(node.out_channels), side_(node.side), forget_bias_(node.forget_bias), eps_(eps) {
    conv_ = register_module("conv", TfConv(node.pre_channels + out_, 4 * out_, node.cell_kernel));
    if (node.layer_norm) {
      for (const char* name : {"input", "transform", "forget", "output", "state"}) {
        norms_.push_back({register_parameter(std::string(name) + "_gamma", torch::ones({out_})),
                          register_parameter(std::string(name) + "_beta", torch::zeros({out_}))});
      }
    }
    if (node.peepholes) {
      for (const char* name : {"w_f_diag", "w_i_diag", "w_o_diag"}) {
        auto w = torch::empty({1, out_, side_, side_}).uniform_(-0.1, 0.1);
        peepholes_.push_back(register_parameter(name, w));
      }
    }
  }
  CellOutput step(const CellInput& in, const Tensor& state) override {
    const auto parts = state.chunk(2, 1);
    const auto& c = parts[0];
    const auto& h = parts[1];
    auto gates = conv_(catChannels({in.x, h})).chunk(4, 1);  // i, j, f, o
    if (!norms_.empty()) {
      for (int g = 0; g < 4; ++g) {
        gates[g] = layerNorm(gates[g], norms_[g][0], norms_[g][1], eps_);
      }
    }
    Tensor f = gates[2] + forget_bias_, i = gates[0], o = gates[3];
    if (!peepholes_.empty()) {
      f = f + peepholes_[0] * c;
      i = i + peepholes_[1] * c;
      o = o + peepholes_[2] * c;
    }
    auto next_c = c * torch::sigmoid(f) + torch::sigmoid(i) * torch::tanh(gates[1]);
    if (!norms_.empty()) next_c = layerNorm(next_c, norms_[4][0], norms_[4][1], eps_);
    auto next_h = torch::tanh(next_c) * torch::sigmoid(o);
    return {next_h, catChannels({next_c, next_h})};
  }
  std::int64_t stateChannels() const override { return 2 * out_; }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const override {
    const auto s = scope + "/ConvLSTMCell/";
    conv_->addSlots(slots, s + "weights", s + "bias");
    const char* names[] = {"input", "transform", "forget", "output", "state"};
    for (std::size_t g = 0; g < norms_.size(); ++g) {
      slots.push_back({s + names[g] + "/gamma", norms_[g][0], Layout::Plain});
      slots.push_back({s + names[g] + "/beta", norms_[g][1], Layout::Plain});
    }
    const char* peepholes[] = {"w_f_diag", "w_i_diag", "w_o_diag"};
    for (std::size_t p = 0; p < peepholes_.size(); ++p) {
      slots.push_back({s + "peepholes/" + peepholes[p], peepholes_[p], Layout::Peephole});
    }
  }

 private:
  std::int64_t out_, side_;
  double forget_bias_, eps_;
  TfConv conv_{nullptr};
  std::vector<std::array<Tensor, 2>> norms_;
  std::vector<Tensor> peepholes_;
};

class UgrnnCell : public CellImpl {
 public:
  UgrnnCell(std::int64_t in, std::int64_t out) : out_(out) {
    conv_ = register_module("conv", TfConv(in + out, 2 * out, 3));
  }
  CellOutput step(const CellInput& in, const Tensor& h) override {
    const auto parts = conv_(catChannels({in.x, h})).chunk(2, 1);
    const auto gate = torch::sigmoid(parts[0] + 1.0);
    auto next = gate * h + (1 - gate) * torch::tanh(parts[1]);
    return {next, next};
  }
  std::int64_t stateChannels() const override { return out_; }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const override {
    conv_->addSlots(slots, scope + "/ConvUGRNNCell/weights", scope + "/ConvUGRNNCell/bias");
  }

 private:
  std::int64_t out_;
  TfConv conv_{nullptr};
};

// The output differs from the state: out_t mixes the input with relu(yy).
class IntersectionRnnCell : public CellImpl {
 public:
  IntersectionRnnCell(std::int64_t in, std::int64_t out) : out_(out) {
    if (in != out) {
      throw InputError(
          "convrnn: the intersectionrnn cell needs as many input channels as "
          "output channels, got " +
          std::to_string(in) + " and " + std::to_string(out));
    }
    conv_ = register_module("conv", TfConv(in + out, 4 * out, 3));
  }
  CellOutput step(const CellInput& in, const Tensor& s) override {
    const auto p = conv_(catChannels({in.x, s})).chunk(4, 1);  // gh, hh, gy, yy
    const auto gate_state = torch::sigmoid(p[0] + 1.0);
    const auto gate_out = torch::sigmoid(p[2] + 1.0);
    auto next = gate_state * s + (1 - gate_state) * torch::tanh(p[1]);
    auto out = gate_out * in.x + (1 - gate_out) * torch::relu(p[3]);
    return {out, next};
  }
  std::int64_t stateChannels() const override { return out_; }
  void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const override {
    const auto s = scope + "/ConvIntersectionRNNCell/";
    conv_->addSlots(slots, s + "weights", s + "bias");
  }

 private:
  std::int64_t out_;
  TfConv conv_{nullptr};
};

}  // namespace

Tensor CellImpl::initialState(std::int64_t side, const torch::TensorOptions& options) const {
  return torch::zeros({1, stateChannels(), side, side}, options);
}

std::shared_ptr<CellImpl> makeReciprocalGateCell(const ConvRnnSpec& spec, const ConvRnnNode& node);

std::shared_ptr<CellImpl> makeCell(const ConvRnnSpec& spec, const ConvRnnNode& node) {
  const std::int64_t in = node.pre_channels, out = node.out_channels;
  switch (spec.cell) {
    case ConvRnnCell::TimeDecay: return std::make_shared<TimeDecayCell>(out);
    case ConvRnnCell::SimpleRnn:
      return std::make_shared<SimpleRnnCell>(in, out, node.layer_norm, spec.ln_eps);
    case ConvRnnCell::Gru: return std::make_shared<GruCell>(in, out);
    case ConvRnnCell::Lstm: return std::make_shared<LstmCell>(node, spec.ln_eps);
    case ConvRnnCell::IntersectionRnn: return std::make_shared<IntersectionRnnCell>(in, out);
    case ConvRnnCell::Ugrnn: return std::make_shared<UgrnnCell>(in, out);
    case ConvRnnCell::Rgc: return makeReciprocalGateCell(spec, node);
  }
  throw InputError("convrnn: unknown cell");
}

}  // namespace fovea::models::convrnn
