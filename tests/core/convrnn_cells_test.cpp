// The ConvRNN cells against values computed by hand from science-convrnn.md section 2, and TF's
// SAME padding, SAME max-pool, the harbor's resize and layer norm against their definitions.
// The cells run on one pixel and one channel, so that a 3x3 convolution is its centre tap times
// the input: each equation is a few scalars (the literals were worked out with a calculator
// from the equations, two steps from the zero state).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <map>

#include "core/models/convrnn_cells.h"
#include "core/models/convrnn_ops.h"

using namespace fovea::models;
using namespace fovea::models::convrnn;

namespace {

// One pixel, one channel in and out, no layer norm.
ConvRnnNode pixelNode() {
  ConvRnnNode node;
  node.name = "conv3";
  node.in_channels = node.pre_channels = node.out_channels = 1;
  node.side = node.in_side = node.out_side = 1;
  node.cell = true;
  return node;
}

// Sets a slot from the tap that touches a lone pixel under SAME padding: its [out][in] values,
// or a bias / scalar's values.
void setSlot(std::vector<WeightSlot>& slots, const std::string& suffix,
             const std::vector<float>& values) {
  torch::NoGradGuard no_grad;
  for (auto& slot : slots) {
    if (slot.name.size() < suffix.size() ||
        slot.name.compare(slot.name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    auto t = slot.tensor;
    if (t.dim() == 4 && slot.layout != Layout::Peephole) {
      t.zero_();
      const auto tap = (t.size(2) - 1) / 2;
      const auto in = t.size(1);
      for (std::size_t v = 0; v < values.size(); ++v) {
        t[static_cast<long>(v) / in][static_cast<long>(v) % in][tap][tap] = values[v];
      }
    } else {
      t.copy_(torch::tensor(values).view(t.sizes()));
    }
    return;
  }
  ADD_FAILURE() << "no slot ending in " << suffix;
}

// Two steps from the zero state with inputs 0.5 then -1 (feed-forward input 0.9 then 0.1,
// feedback 0.4 then -0.2); the outputs.
std::vector<float> twoSteps(CellImpl& cell) {
  const std::vector<float> x{0.5f, -1.0f}, ff{0.9f, 0.1f}, fb{0.4f, -0.2f};
  auto state = cell.initialState(1, torch::kFloat32);
  std::vector<float> outs;
  for (int t = 0; t < 2; ++t) {
    auto pixel = [](float v) { return torch::full({1, 1, 1, 1}, v); };
    auto out = cell.step({pixel(x[t]), pixel(ff[t]), pixel(fb[t])}, state);
    outs.push_back(out.out.item<float>());
    state = out.state;
  }
  return outs;
}

std::vector<WeightSlot> slotsOf(const CellImpl& cell) {
  std::vector<WeightSlot> slots;
  cell.addSlots(slots, "tnn_model/conv3");
  return slots;
}

ConvRnnSpec cellSpec(ConvRnnCell cell, ConvRnnDepth depth = ConvRnnDepth::Intermediate) {
  ConvRnnSpec spec;
  spec.cell = cell;
  spec.depth = depth;
  return spec;
}

void expectOutputs(CellImpl& cell, float first, float second) {
  const auto outs = twoSteps(cell);
  EXPECT_NEAR(outs[0], first, 2e-6);
  EXPECT_NEAR(outs[1], second, 2e-6);
}

}  // namespace

TEST(ConvRnnOps, SamePaddingPutsTheOddPixelAfter) {
  EXPECT_EQ(samePadding(224, 7, 2), std::make_pair(std::int64_t{2}, std::int64_t{3}));
  EXPECT_EQ(samePadding(7, 2, 2), std::make_pair(std::int64_t{0}, std::int64_t{1}));
  EXPECT_EQ(samePadding(28, 2, 1), std::make_pair(std::int64_t{0}, std::int64_t{1}));
  EXPECT_EQ(samePadding(14, 4, 1), std::make_pair(std::int64_t{1}, std::int64_t{2}));
  EXPECT_EQ(samePadding(7, 3, 1), std::make_pair(std::int64_t{1}, std::int64_t{1}));
  EXPECT_EQ(samePadding(8, 2, 2), std::make_pair(std::int64_t{0}, std::int64_t{0}));
}

TEST(ConvRnnOps, TheFirstConvolutionSeesPixelZeroThroughTapTwo) {
  // A 7x7 stride-2 kernel numbered 0..48 on a 224 image lit at (0, 0): TF pads 2 before, so
  // output (0, 0) takes the tap at (2, 2) = 16; PyTorch's symmetric padding 3 would take 24.
  TfConv conv(1, 1, 7, 2, false);
  {
    torch::NoGradGuard no_grad;
    conv->weight.copy_(torch::arange(49, torch::kFloat32).view({1, 1, 7, 7}));
  }
  auto image = torch::zeros({1, 1, 224, 224});
  image[0][0][0][0] = 1;
  const auto out = conv(image);
  ASSERT_EQ(out.sizes(), (std::vector<std::int64_t>{1, 1, 112, 112}));
  EXPECT_FLOAT_EQ(out[0][0][0][0].item<float>(), 16);
  // A 2x2 kernel at stride 1 pads only after: the last output sees the last pixel alone.
  TfConv even(1, 1, 2, 1, false);
  {
    torch::NoGradGuard no_grad;
    even->weight.fill_(1);
  }
  const auto ramp = torch::arange(9, torch::kFloat32).view({1, 1, 3, 3});
  const auto summed = even(ramp);
  ASSERT_EQ(summed.sizes(), ramp.sizes());
  EXPECT_FLOAT_EQ(summed[0][0][0][0].item<float>(), 0 + 1 + 3 + 4);
  EXPECT_FLOAT_EQ(summed[0][0][2][2].item<float>(), 8);
  EXPECT_FLOAT_EQ(summed[0][0][1][2].item<float>(), 5 + 8);
}

TEST(ConvRnnOps, SameMaxPoolKeepsTheLastRowOfAnOddMap) {
  const auto x = -torch::arange(49, torch::kFloat32).view({1, 1, 7, 7});  // largest top-left
  const auto pooled = maxPoolSame(x);
  ASSERT_EQ(pooled.sizes(), (std::vector<std::int64_t>{1, 1, 4, 4}));
  EXPECT_FLOAT_EQ(pooled[0][0][0][0].item<float>(), 0);
  EXPECT_FLOAT_EQ(pooled[0][0][3][3].item<float>(), -48);  // the corner pixel alone
  EXPECT_FLOAT_EQ(pooled[0][0][3][0].item<float>(), -42);  // row 6, columns 0 and 1
}

TEST(ConvRnnOps, TheHarborResizesWithAlignedCorners) {
  const auto x = torch::tensor({1.0f, 2.0f, 3.0f, 4.0f}).view({1, 1, 2, 2});
  const auto up = resizeAligned(x, 3);
  // Corners stay on the input's corners; the centre is the mean of the four.
  EXPECT_FLOAT_EQ(up[0][0][0][0].item<float>(), 1);
  EXPECT_FLOAT_EQ(up[0][0][2][2].item<float>(), 4);
  EXPECT_FLOAT_EQ(up[0][0][1][1].item<float>(), 2.5f);
  EXPECT_FLOAT_EQ(up[0][0][0][1].item<float>(), 1.5f);
  // Shared (batch 1) and per-image (batch 3) parts concatenate into a batch of 3.
  const auto joined = catChannels({torch::zeros({1, 2, 3, 3}), torch::ones({3, 1, 3, 3})});
  EXPECT_EQ(joined.sizes(), (std::vector<std::int64_t>{3, 3, 3, 3}));
}

TEST(ConvRnnOps, LayerNormNormalisesOverChannelsAndPixelsWithPerChannelAffine) {
  const auto x = torch::tensor({1.0f, 2.0f, 3.0f, 4.0f}).view({1, 2, 1, 2});
  const auto y = layerNorm(x, torch::tensor({1.0f, 2.0f}), torch::tensor({0.0f, 1.0f}));
  // mean 2.5, variance 1.25: (x - 2.5) / 1.118034 = -1.341641, -0.447214, 0.447214, 1.341641.
  EXPECT_NEAR(y[0][0][0][0].item<float>(), -1.341641f, 1e-5);
  EXPECT_NEAR(y[0][0][0][1].item<float>(), -0.447214f, 1e-5);
  EXPECT_NEAR(y[0][1][0][0].item<float>(), 2 * 0.447214f + 1, 1e-5);
  EXPECT_NEAR(y[0][1][0][1].item<float>(), 2 * 1.341641f + 1, 1e-5);
}

TEST(ConvRnnCells, TimeDecayAccumulatesWithItsScalar) {
  auto cell = makeCell(cellSpec(ConvRnnCell::TimeDecay), pixelNode());
  auto slots = slotsOf(*cell);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(slots[0].name, "tnn_model/conv3/memory_decay");
  setSlot(slots, "memory_decay", {0.7f});
  expectOutputs(*cell, 0.5f, -0.65f);
}

TEST(ConvRnnCells, SimpleRnnIsEluOfInputAndStateConvolutions) {
  auto cell = makeCell(cellSpec(ConvRnnCell::SimpleRnn), pixelNode());
  auto slots = slotsOf(*cell);
  setSlot(slots, "i/weights", {0.8f});
  setSlot(slots, "i/bias", {0.1f});
  setSlot(slots, "s/weights", {-0.5f});
  setSlot(slots, "s/bias", {0.2f});
  expectOutputs(*cell, 0.7f, -0.572585068f);
}

TEST(ConvRnnCells, GruAddsOneToTheResetGate) {
  auto cell = makeCell(cellSpec(ConvRnnCell::Gru), pixelNode());
  auto slots = slotsOf(*cell);
  setSlot(slots, "gates/weights", {0.3f, -0.2f, 0.5f, 0.4f});  // [r, u] x [x, h]
  setSlot(slots, "gates/bias", {0.1f, -0.1f});
  setSlot(slots, "candidates/weights", {0.7f, 0.6f});
  setSlot(slots, "candidates/bias", {0.05f});
  expectOutputs(*cell, 0.175753050f, -0.262942534f);
}

TEST(ConvRnnCells, LstmPeepholesReadTheOldCellEvenForTheOutputGate) {
  auto node = pixelNode();
  node.peepholes = true;
  auto cell = makeCell(cellSpec(ConvRnnCell::Lstm), node);
  auto slots = slotsOf(*cell);
  // [i, j, f, o] x [x, h]
  setSlot(slots, "ConvLSTMCell/weights", {0.2f, 0.1f, 0.5f, -0.3f, -0.4f, 0.2f, 0.3f, 0.3f});
  setSlot(slots, "ConvLSTMCell/bias", {0.0f, 0.1f, -0.2f, 0.05f});
  setSlot(slots, "w_f_diag", {0.5f});
  setSlot(slots, "w_i_diag", {-0.25f});
  setSlot(slots, "w_o_diag", {0.75f});
  expectOutputs(*cell, 0.096098430f, -0.018901520f);
}

TEST(ConvRnnCells, UgrnnMixesTheStateWithTanhOfItsCandidate) {
  auto cell = makeCell(cellSpec(ConvRnnCell::Ugrnn), pixelNode());
  auto slots = slotsOf(*cell);
  setSlot(slots, "ConvUGRNNCell/weights", {0.4f, -0.3f, 0.9f, 0.2f});
  setSlot(slots, "ConvUGRNNCell/bias", {0.1f, -0.05f});
  expectOutputs(*cell, 0.081371776f, -0.193045114f);
}

TEST(ConvRnnCells, IntersectionRnnOutputsSomethingOtherThanItsState) {
  auto cell = makeCell(cellSpec(ConvRnnCell::IntersectionRnn), pixelNode());
  auto slots = slotsOf(*cell);
  setSlot(slots, "ConvIntersectionRNNCell/weights",
          {0.1f, 0.2f, 0.3f, -0.4f, -0.5f, 0.6f, 0.7f, 0.8f});  // [gh, hh, gy, yy] x [x, s]
  setSlot(slots, "ConvIntersectionRNNCell/bias", {0.01f, 0.02f, 0.03f, 0.04f});
  const auto outs = twoSteps(*cell);
  EXPECT_NEAR(outs[0], 0.465424813f, 2e-6);
  EXPECT_NEAR(outs[1], -0.825778000f, 2e-6);
}

TEST(ConvRnnCells, ShallowRgcHasNoBiasesAndGatesWithTheLayerInput) {
  auto cell = makeCell(cellSpec(ConvRnnCell::Rgc, ConvRnnDepth::Shallow), pixelNode());
  auto slots = slotsOf(*cell);
  for (const auto& slot : slots) EXPECT_EQ(slot.name.find("bias"), std::string::npos) << slot.name;
  EXPECT_EQ(slots.size(), 6u);
  setSlot(slots, "cell/input_to_cell/weights", {0.6f});
  setSlot(slots, "cell/tau/weights", {0.3f});
  setSlot(slots, "cell/gate/weights", {-0.4f});
  setSlot(slots, "out/tau/weights", {0.5f});
  setSlot(slots, "out/gate/weights", {0.2f});
  setSlot(slots, "out/residual_to_out_gate/weights", {-0.7f});
  expectOutputs(*cell, 0.326244731f, -0.302429246f);
}

TEST(ConvRnnCells, MedianRgcUsesSeparableGatesFeedbackAndItsFixedOffsets) {
  auto node = pixelNode();
  node.cell_depth = 1;
  node.feedback = {"conv8"};
  node.feedback_channels = 1;
  auto cell = makeCell(cellSpec(ConvRnnCell::Rgc), node);
  auto slots = slotsOf(*cell);
  setSlot(slots, "cell/input_to_cell_weights", {0.5f});
  setSlot(slots, "cell/input_to_cell_bias", {0.1f});
  setSlot(slots, "cell/tau/depthwise_weights", {0.8f});
  setSlot(slots, "cell/tau/pointwise_weights", {0.5f});
  setSlot(slots, "cell/tau/bias", {0.1f});
  setSlot(slots, "cell/out_to_cell/depthwise_weights", {-0.6f});
  setSlot(slots, "cell/out_to_cell/pointwise_weights", {0.7f});
  setSlot(slots, "cell/out_to_cell/bias", {0.0f});
  setSlot(slots, "out/input_to_out_weights", {0.9f});
  setSlot(slots, "out/input_to_out_bias", {-0.1f});
  setSlot(slots, "out/tau/depthwise_weights", {0.4f});
  setSlot(slots, "out/tau/pointwise_weights", {1.1f});
  setSlot(slots, "out/tau/bias", {0.2f});
  setSlot(slots, "out/gate/depthwise_weights", {0.3f});
  setSlot(slots, "out/gate/pointwise_weights", {-0.9f});
  setSlot(slots, "out/gate/bias", {0.05f});
  setSlot(slots, "out/feedback_to_out_weights", {0.25f});
  setSlot(slots, "out/feedback_to_out_bias", {0.1f});
  expectOutputs(*cell, 0.965196850f, -0.255399792f);
}
