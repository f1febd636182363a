// The attention families' networks: the transformers start where their recipes start them,
// sample with align_corners = false and theta's first row on columns, and POLO-ATN's code inside
// the network is the POLO code of core/retina.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <random>

#include "core/models/attention_nets.h"
#include "core/models/model_family.h"
#include "core/models/two_conv_net.h"
#include "core/retina/polo.h"
#include "core/util/errors.h"

using namespace fovea;

namespace {

std::shared_ptr<models::NetworkImpl> build(const std::string& kind, nlohmann::json spec) {
  spec["classes"] = 10;
  const auto& family = models::ModelRegistry::instance().find(kind);
  family.validate(spec);
  return family.build(spec);
}

torch::Tensor feature(models::NetworkImpl& net, const torch::Tensor& x, const std::string& name) {
  for (auto& [n, t] : net.features(x)) {
    if (n == name) return t;
  }
  ADD_FAILURE() << "no feature " << name;
  return {};
}

void setTranslation(models::NetworkImpl& net, std::vector<float> bias) {
  torch::NoGradGuard no_grad;
  net.named_parameters()["head2.bias"].copy_(torch::tensor(bias));
}

}  // namespace

TEST(AttentionNets, TheStnStartsAtTheIdentityAndItsGlimpseIsTheInput) {
  torch::manual_seed(1);
  for (int side : {28, 128}) {
    auto net = build("stn", {{"image_px", side}, {"glimpse_px", side}});
    net->eval();
    const auto x = torch::rand({2, 1, side, side});
    const auto glimpse = feature(*net, x, "glimpse");
    ASSERT_EQ(glimpse.sizes(), x.sizes());
    // align_corners = false puts the identity grid on pixel centres: bilinear returns the pixels.
    EXPECT_LT((glimpse - x).abs().max().item<float>(), 1e-5f) << side;
    const auto theta = feature(*net, x, "theta");
    EXPECT_TRUE(torch::allclose(theta[0], torch::tensor({1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 0.0f})));
    EXPECT_EQ(net->forward(x).sizes(), (std::vector<std::int64_t>{2, 10}));
  }
}

TEST(AttentionNets, ThetasFirstRowMovesTheWindowAlongColumnsByHalfWidths) {
  torch::manual_seed(2);
  auto net = build("atn", {{"image_px", 128}, {"glimpse_px", 28}, {"scale", 0.2}});
  net->eval();
  // A bright 3 x 3 spot 32 px right of the centre: t_x = 32 / 64 = 0.5 centres the window on it.
  auto x = torch::zeros({1, 1, 128, 128});
  x.index_put_({0, 0, torch::indexing::Slice(63, 66), torch::indexing::Slice(95, 98)}, 1.0f);
  setTranslation(*net, {0.2f, 0.5f, 0.0f});
  auto glimpse = feature(*net, x, "glimpse")[0][0];
  const auto at = glimpse.argmax().item<std::int64_t>();
  EXPECT_NEAR(at / 28, 13.5, 1.5);
  EXPECT_NEAR(at % 28, 13.5, 1.5);
  // The same t on the second row moves it along rows: the spot leaves the window.
  setTranslation(*net, {0.2f, 0.0f, 0.5f});
  glimpse = feature(*net, x, "glimpse")[0][0];
  EXPECT_LT(glimpse.max().item<float>(), 1e-6f);
  // At the recipe's start (s = 0.2, t = 0) the window spans ~25.6 px about the centre.
  setTranslation(*net, {0.2f, 0.0f, 0.0f});
  x.zero_();
  x.index_put_(
      {0, 0, torch::indexing::Slice(64 - 12, 64 + 12), torch::indexing::Slice(64 - 12, 64 + 12)},
      1.0f);
  glimpse = feature(*net, x, "glimpse")[0][0];
  EXPECT_GT(glimpse[2][2].item<float>(), 0.99f);  // inside the 24 px square
  EXPECT_LT(glimpse[0][0].item<float>(), 0.5f);   // at the window's edge, ~12.8 px out
}

TEST(AttentionNets, PoloAtnLocatesFromThePoloCodeOfCoreRetina) {
  torch::manual_seed(3);
  auto net = build("polo-atn", {{"image_px", 128}, {"glimpse_px", 28}, {"scale", 0.2}});
  const retina::PoloCode polo;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uniform(0, 1);
  cv::Mat image(128, 128, CV_64F);
  for (int r = 0; r < 128; ++r) {
    for (int c = 0; c < 128; ++c) image.at<double>(r, c) = uniform(rng);
  }
  const auto expected = polo.encode(image);
  cv::Mat as_float;
  image.convertTo(as_float, CV_32F);
  const auto x = torch::from_blob(as_float.data, {1, 1, 128, 128}).clone();
  // The network's first layer reads the code: its input equals encode() to float precision.
  auto* impl = dynamic_cast<models::SpatialTransformerImpl*>(net.get());
  ASSERT_NE(impl, nullptr);
  const auto code = impl->poloCodeOf(x);
  ASSERT_EQ(code.size(1), static_cast<std::int64_t>(expected.size()));
  double worst = 0, scale = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    worst = std::max(worst,
                     std::fabs(code[0][static_cast<std::int64_t>(i)].item<double>() - expected[i]));
    scale = std::max(scale, std::fabs(double(expected[i])));
  }
  EXPECT_LT(worst, 1e-4 * scale);
  // Zero-initialised head: translation 0 at a fixed scale 0.2 for any input.
  const auto theta = feature(*net, x, "theta");
  EXPECT_TRUE(torch::allclose(theta[0], torch::tensor({0.2f, 0.0f, 0.0f, 0.0f, 0.2f, 0.0f})));
}

TEST(AttentionNets, FamiliesRefuseImpossibleShapesNamingTheKey) {
  const auto& stn = models::ModelRegistry::instance().find("stn");
  EXPECT_THROW(stn.validate({{"image_px", 64}, {"glimpse_px", 28}, {"classes", 10}}), InputError);
  EXPECT_THROW(stn.validate({{"image_px", 28}, {"glimpse_px", 128}, {"classes", 10}}), InputError);
  const auto& polo = models::ModelRegistry::instance().find("polo-atn");
  try {
    polo.validate({{"image_px", 28}, {"glimpse_px", 28}, {"scale", 0.2}, {"classes", 10}});
    FAIL() << "a 28 px POLO-ATN was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("image_px = 128"), std::string::npos) << error.what();
  }
  EXPECT_EQ(models::ModelRegistry::instance()
                .find("what")
                .input({{"image_px", 28}, {"classes", 10}})
                .shape,
            (std::vector<std::int64_t>{1, 28, 28}));
}

TEST(AttentionNets, TheLocalisationLearnsFromTheClassifiersLoss) {
  torch::manual_seed(4);
  for (const char* kind : {"stn", "atn", "polo-atn"}) {
    const bool small = std::string(kind) == "stn";
    auto net =
        build(kind, small ? nlohmann::json{{"image_px", 28}, {"glimpse_px", 28}}
                          : nlohmann::json{{"image_px", 128}, {"glimpse_px", 28}, {"scale", 0.2}});
    const int side = small ? 28 : 128;
    const auto x = torch::rand({4, 1, side, side});
    const auto labels = torch::tensor({1, 2, 3, 4}, torch::kInt64);
    // The recipes' rates: POLO's code is not normalised, and a larger step kills its ReLUs.
    const double rate = std::string(kind) == "polo-atn" ? 0.005 : 0.01;
    torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(rate));
    for (int step = 0; step < 3; ++step) {
      sgd.zero_grad();
      torch::nn::functional::cross_entropy(net->forward(x), labels).backward();
      // The zero-initialised last layer of the localisation gets a gradient through the grid.
      EXPECT_GT(net->named_parameters()["head2.weight"].grad().abs().sum().item<float>(), 0.0f)
          << kind;
      sgd.step();
    }
    // After a few steps theta depends on the input.
    const auto theta = feature(*net, x, "theta");
    EXPECT_GT((theta[0] - theta[1]).abs().max().item<float>(), 0.0f) << kind;
  }
}

TEST(AttentionNets, AFoveatedFirstLayerSeesTheCentreInEveryBranchAndTheBorderInOne) {
  torch::manual_seed(4);
  auto net = build("what", {{"image_px", 28}, {"foveated", true}});
  auto* two_conv = dynamic_cast<models::TwoConvNetImpl*>(net.get());
  ASSERT_NE(two_conv, nullptr);
  const auto names = net->named_parameters().keys();
  EXPECT_NE(std::find(names.begin(), names.end(), "fovea3.weight"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "conv1.weight"), names.end());
  torch::NoGradGuard no_grad;
  const auto blank = two_conv->firstLayer(torch::zeros({1, 1, 28, 28}));
  ASSERT_EQ(blank.sizes(), (std::vector<std::int64_t>{1, 20, 24, 24}));  // 4 branches of 5
  auto changed = [&](const torch::Tensor& image) {
    const auto diff = (two_conv->firstLayer(image) - blank).abs().sum({0, 2, 3});
    std::vector<bool> out;
    for (int k = 0; k < 4; ++k) out.push_back(diff.narrow(0, 5 * k, 5).sum().item<float>() > 1e-6f);
    return out;
  };
  auto border = torch::zeros({1, 1, 28, 28});
  border[0][0][2][2] = 1;  // outside the central 14 px: only the whole-image branch sees it
  EXPECT_EQ(changed(border), (std::vector<bool>{true, false, false, false}));
  auto centre = torch::zeros({1, 1, 28, 28});
  centre[0][0][13][13] = 1;
  centre[0][0][14][14] = 1;
  EXPECT_EQ(changed(centre), (std::vector<bool>{true, true, true, true}));
  EXPECT_EQ(net->forward(centre).sizes(), (std::vector<std::int64_t>{1, 10}));
  auto stn = build("stn", {{"image_px", 28}, {"glimpse_px", 28}, {"foveated", true}});
  EXPECT_EQ(stn->forward(torch::rand({2, 1, 28, 28})).sizes(), (std::vector<std::int64_t>{2, 10}));
}

TEST(AttentionNets, LocalisationRateScalesOnlyTheLocalisationsGradient) {
  auto gradients = [](double rate) {
    torch::manual_seed(6);
    auto net = build("stn", {{"image_px", 28}, {"glimpse_px", 28}, {"localisation_rate", rate}});
    torch::manual_seed(7);
    const auto x = torch::rand({4, 1, 28, 28});
    const auto loss =
        torch::nn::functional::cross_entropy(net->forward(x), torch::tensor({1, 2, 3, 4}));
    loss.backward();
    auto params = net->named_parameters();
    return std::pair{params["head2.weight"].grad().clone(),
                     params["classifier.fc2.weight"].grad().clone()};
  };
  const auto [full_head, full_classifier] = gradients(1.0);
  const auto [slow_head, slow_classifier] = gradients(0.1);
  ASSERT_GT(full_head.abs().max().item<float>(), 0.0f);
  EXPECT_TRUE(torch::allclose(slow_head, 0.1 * full_head, 1e-5, 1e-8));
  EXPECT_TRUE(torch::equal(slow_classifier, full_classifier));  // the forward pass is the same
}
