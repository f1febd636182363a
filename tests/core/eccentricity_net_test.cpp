#include "core/models/eccentricity_net.h"

#include <gtest/gtest.h>

#include "core/util/errors.h"

using fovea::models::EccentricityNet;
using fovea::models::ModelSpec;

namespace {

int64_t countParameters(EccentricityNet& net) {
  int64_t count = 0;
  for (const auto& p : net->parameters()) count += p.numel();
  return count;
}

TEST(ModelSpec, PaperNetworkHas77893Parameters) {
  const ModelSpec paper;                                   // 11-1-1-1-1, total pooling
  EXPECT_EQ(fovea::models::parameterCount(paper), 77893);  // 832 + 3 x 25632 + 165
  const auto shapes = fovea::models::layerShapes(paper);
  ASSERT_EQ(shapes.size(), 4u);
  EXPECT_EQ(shapes[0].side, 54);
  EXPECT_EQ(shapes[1].side, 48);
  EXPECT_EQ(shapes[2].side, 42);
  EXPECT_EQ(shapes[3].side, 1);
  EXPECT_EQ(shapes[0].scales, 1);
}

TEST(ModelSpec, VariantsOfTheSpec) {
  ModelSpec at_end;
  at_end.scheme = "11-11-11-11-1";
  EXPECT_EQ(fovea::models::parameterCount(at_end), 77893);  // same weights, 11x the compute
  ModelSpec no_total;
  no_total.total_pool = false;  // FC input 36 x 36 x 32
  EXPECT_EQ(fovea::models::layerShapes(no_total).back().side, 36);
  ModelSpec progressive;
  progressive.pool_stride = 2;  // 60-56-27-23-11-7-3-(1x1)3-1
  const auto shapes = fovea::models::layerShapes(progressive);
  EXPECT_EQ(shapes[0].side, 27);
  EXPECT_EQ(shapes[1].side, 11);
  EXPECT_EQ(shapes[2].side, 3);
  EXPECT_EQ(shapes[3].side, 1);
  EXPECT_EQ(fovea::models::layerShapes(ModelSpec::dcnn("at-end")).back().side, 1);
  EXPECT_EQ(fovea::models::layerShapes(ModelSpec::dcnn("no-total-pooling")).back().side, 42);
  EXPECT_EQ(fovea::models::layerShapes(ModelSpec::dcnn("progressive")).back().side, 1);
  ModelSpec digits;
  digits.scheme = "66661";
  EXPECT_EQ(digits.scales(), (std::vector<int>{6, 6, 6, 6, 1}));
}

TEST(ModelSpec, InvalidSchemesAreNamedErrors) {
  for (const char* scheme : {"11-12-1", "11--1", "5", "a-1", "11-0"}) {
    ModelSpec spec;
    spec.scheme = scheme;
    try {
      spec.validate();
      ADD_FAILURE() << scheme << " was accepted";
    } catch (const fovea::InputError& error) {
      EXPECT_NE(std::string(error.what()).find(scheme), std::string::npos) << error.what();
    }
  }
  EXPECT_THROW(ModelSpec::dcnn("deep"), fovea::InputError);
}

TEST(EccentricityNet, ModuleMatchesTheSpecAndMapsScalesToLogits) {
  torch::manual_seed(0);
  for (const char* scheme : {"11-1-1-1-1", "11-11-11-11-1", "11-7-5-3-1"}) {
    ModelSpec spec;
    spec.scheme = scheme;
    EccentricityNet net(spec);
    EXPECT_EQ(countParameters(net), fovea::models::parameterCount(spec)) << scheme;
    const auto logits = net->forward(torch::rand({3, 11, 60, 60}) - 0.5);
    EXPECT_EQ(logits.sizes(), (std::vector<int64_t>{3, 5})) << scheme;
    EXPECT_TRUE(torch::isfinite(logits).all().item<bool>());
  }
  EccentricityNet dcnn(ModelSpec::dcnn("no-total-pooling"));
  EXPECT_EQ(dcnn->forward(torch::zeros({2, 1, 60, 60})).sizes(), (std::vector<int64_t>{2, 5}));
}

TEST(EccentricityNet, InitialisationIsTheOriginals) {
  torch::manual_seed(1);
  EccentricityNet net{ModelSpec{}};
  for (const auto& p : net->named_parameters()) {
    if (p.key().find("bias") != std::string::npos) {
      EXPECT_TRUE(torch::all(p.value() == 0.1f).item<bool>()) << p.key();
    } else {
      EXPECT_LE(p.value().abs().max().item<float>(), 0.2f + 1e-6f) << p.key();
      EXPECT_NEAR(p.value().std().item<float>(), 0.088, 0.01)
          << p.key();  // sd of N(0,0.1) cut at 2 sd
    }
  }
}

TEST(EccentricityNet, ScalePoolingIsAMaxOverNeighbouringScales) {
  // With scheme 3-1 the single layer's scale pool takes the maximum over all three scales, so
  // moving an input from one scale to another with the others empty cannot change the output.
  ModelSpec spec;
  spec.scheme = "3-1";
  spec.crop_px = 12;
  torch::manual_seed(2);
  EccentricityNet net(spec);
  net->eval();
  auto input = torch::zeros({1, 3, 12, 12});
  const auto pattern = torch::rand({12, 12});
  auto first = input.clone();
  first[0][0] = pattern;
  auto last = input.clone();
  last[0][2] = pattern;
  EXPECT_TRUE(torch::allclose(net->forward(first), net->forward(last)));
}

TEST(EccentricityNet, PoolingScalesFirstGivesTheOriginalsNumbers) {
  // The original order: conv, ReLU, spatial pool, then the sliding max over scales.
  for (const char* scheme : {"11-1-1-1-1", "11-7-5-3-1"}) {
    ModelSpec spec;
    spec.scheme = scheme;
    torch::manual_seed(3);
    EccentricityNet net(spec);
    net->eval();
    torch::NoGradGuard no_grad;
    const auto input = torch::rand({2, 11, 60, 60}) - 0.5;
    const auto scales = spec.scales();
    auto x = input.reshape({2 * 11, 1, 60, 60});
    std::vector<torch::nn::Conv2d> convs;
    for (const auto& child : net->named_children()) {
      if (child.key().rfind("conv", 0) == 0) {
        convs.emplace_back(std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(child.value()));
      }
    }
    ASSERT_EQ(convs.size(), scales.size() - 1);
    for (std::size_t l = 0; l < convs.size(); ++l) {
      x = torch::relu(convs[l]->forward(x));
      x = l + 1 == convs.size() ? std::get<0>(x.flatten(2).max(2, true)).unsqueeze(-1)
                                : torch::max_pool2d(x, 3, 1);
      const int window = scales[l] - scales[l + 1] + 1;
      x = x.view({2, scales[l], 32, x.size(2), x.size(3)}).unfold(1, window, 1).amax(-1);
      x = x.reshape({2 * scales[l + 1], 32, x.size(3), x.size(4)});
    }
    const auto fc = std::dynamic_pointer_cast<torch::nn::LinearImpl>(net->named_children()["fc"]);
    const auto expected = fc->forward(x.reshape({2, -1}));
    EXPECT_TRUE(torch::allclose(net->forward(input), expected, 1e-5, 1e-6)) << scheme;
  }
}

}  // namespace
