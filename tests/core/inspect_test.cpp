// The inspection API against the networks themselves: layer tables against the built modules,
// features up to a layer against the full forward pass, a unit's gradient against its kernel.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <filesystem>

#include "core/eval/predictor.h"
#include "core/inspect/filter_playground.h"
#include "core/models/attention_nets.h"
#include "core/models/eccentricity_net.h"
#include "core/models/model_family.h"
#include "core/models/receptive_field.h"
#include "core/train/checkpoint.h"
#include "core/util/errors.h"

using namespace fovea;

namespace {

std::filesystem::path tempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("fovea-inspect-" + std::to_string(::getpid()) + "-" + name);
}

struct FamilySpec {
  std::string kind;
  nlohmann::json net;
};

std::vector<FamilySpec> familySpecs() {
  models::ModelSpec progressive;
  progressive.scheme = "11-7-5-3-1";
  progressive.pool_stride = 2;
  const nlohmann::json transformer = {{"image_px", 28},
                                      {"glimpse_px", 28},
                                      {"classes", 10},
                                      {"foveated", false},
                                      {"localisation_rate", 1.0}};
  auto stn128 = transformer;
  stn128["image_px"] = stn128["glimpse_px"] = 128;
  auto atn = transformer;
  atn["image_px"] = 128;
  atn["scale"] = 0.2;
  auto foveated = atn;
  foveated["foveated"] = true;
  return {{"eccentricity", models::toJson(models::ModelSpec{})},
          {"eccentricity", models::toJson(progressive)},
          {"dcnn", models::toJson(models::ModelSpec::dcnn("no-total-pooling"))},
          {"what", {{"image_px", 28}, {"classes", 10}, {"foveated", false}}},
          {"stn", transformer},
          {"stn", stn128},
          {"atn", atn},
          {"polo-atn", foveated},
          {"what-where",
           {{"image_px", 128},
            {"classes", 10},
            {"saccades", 2},
            {"confidence_stop", false},
            {"what_steps", 0}}}};
}

TEST(LayerTable, EveryFamilyTableMatchesItsNetwork) {
  for (const auto& [kind, spec] : familySpecs()) {
    SCOPED_TRACE(kind + " " + spec.dump());
    const auto& family = models::ModelRegistry::instance().find(kind);
    const auto layers = family.layers(spec);
    auto net = family.build(spec);
    long long parameters = 0;
    for (const auto& p : net->parameters()) parameters += p.numel();
    EXPECT_EQ(models::totalParameters(layers), parameters);
    net->eval();
    torch::NoGradGuard no_grad;
    auto shape = family.input(spec).shape;
    shape.insert(shape.begin(), 2);
    const auto features = net->features(torch::rand(shape));
    ASSERT_EQ(features.size(), layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
      EXPECT_EQ(features[i].first, layers[i].name);
      auto produced = features[i].second.sizes().vec();
      produced.erase(produced.begin());  // the batch
      EXPECT_EQ(produced, layers[i].shape) << layers[i].name;
    }
  }
}

TEST(Features, UpToALayerEqualsTheFullPassAndStopsThere) {
  torch::manual_seed(3);
  for (const auto& [kind, spec] : familySpecs()) {
    SCOPED_TRACE(kind + " " + spec.dump());
    const auto& family = models::ModelRegistry::instance().find(kind);
    auto net = family.build(spec);
    net->eval();
    torch::NoGradGuard no_grad;
    auto shape = family.input(spec).shape;
    shape.insert(shape.begin(), 3);
    const auto x = torch::rand(shape);
    const auto all = net->features(x);
    EXPECT_TRUE(torch::equal(all.back().second, net->forward(x)));
    for (std::size_t i = 0; i < all.size(); ++i) {
      const auto until = net->featuresUntil(x, all[i].first);
      ASSERT_EQ(until.size(), i + 1) << all[i].first;
      EXPECT_TRUE(torch::equal(until.back().second, all[i].second)) << all[i].first;
    }
  }
}

// A one-convolution network saved as a run, with a bias large enough that every unit is active.
std::filesystem::path oneLayerRun(models::EccentricityNet& net) {
  models::ModelSpec spec;
  spec.scheme = "1-1";
  spec.crop_px = 20;
  spec.total_pool = false;
  net = models::EccentricityNet(spec);
  {
    torch::NoGradGuard no_grad;
    net->named_parameters()["conv1.bias"].fill_(10.0);
  }
  train::CheckpointHeader header;
  header.family = "dcnn";
  header.net = models::toJson(spec);
  header.input = {models::InputSpec::Kind::MultiscaleCrops, {1, 20, 20}};
  header.class_names = {"0", "2", "4", "6", "8"};
  header.stimulus.retina.scales = 1;
  header.stimulus.retina.crop_px = 20;
  header.run = "one-layer";
  const auto path = tempPath("one-layer.pt");
  train::saveCheckpoint(path, header, *net, nullptr);
  return path;
}

TEST(EmpiricalField, TheGradientOfAOneLayerUnitIsItsKernel) {
  torch::manual_seed(5);
  models::EccentricityNet net{nullptr};
  const auto path = oneLayerRun(net);
  const eval::Predictor predictor(path);
  const auto kernel = net->named_parameters()["conv1.weight"].detach();  // 32 x 1 x 5 x 5
  const auto field = *models::receptiveFields(predictor.layers())[0];    // 5x5 conv, 3x3 pool
  ASSERT_EQ(field.size, 7);
  const auto input = torch::rand({1, 20, 20});
  const std::vector<float> values(input.data_ptr<float>(), input.data_ptr<float>() + 400);
  // conv1 is 1 x 32 x 14 x 14: unit (channel 7, row 4, column 9).
  const int channel = 7, row = 4, col = 9;
  const auto gradient =
      torch::tensor(predictor.unitGradient(values, "conv1", (channel * 14 + row) * 14 + col))
          .view({20, 20});
  // The max-pool passes one 5x5 window: the kernel itself, somewhere inside the 7x7 field.
  const auto nonzero = gradient.nonzero();
  ASSERT_EQ(nonzero.size(0), 25);
  const auto top = nonzero.select(1, 0).min().item<int>();
  const auto left = nonzero.select(1, 1).min().item<int>();
  EXPECT_GE(top, field.firstPixel(row));
  EXPECT_LE(top + 4, field.lastPixel(row));
  EXPECT_GE(left, field.firstPixel(col));
  EXPECT_LE(left + 4, field.lastPixel(col));
  EXPECT_TRUE(torch::allclose(gradient.narrow(0, top, 5).narrow(1, left, 5), kernel[channel][0],
                              1e-6, 1e-7));
  EXPECT_THROW(predictor.unitGradient(values, "conv1", 32 * 14 * 14), InputError);
  EXPECT_THROW(predictor.feature(values, 1, "conv7"), InputError);
  std::filesystem::remove(path);
}

TEST(FilterPlayground, ARunsFirstKernelsFilterAsTorchsConvolutionDoes) {
  torch::manual_seed(6);
  models::EccentricityNet net{nullptr};
  const auto path = oneLayerRun(net);
  const eval::Predictor predictor(path);
  const auto first = predictor.firstConvolution();
  EXPECT_EQ(first.name, "conv1.weight");
  ASSERT_EQ(first.shape, (std::vector<std::int64_t>{32, 1, 5, 5}));
  const auto bank = inspect::trainedBank(first.name, first.shape, first.values);
  ASSERT_EQ(bank.kernels.size(), 32u);
  const auto kernel = net->named_parameters()["conv1.weight"].detach();
  const auto image = torch::rand({1, 1, 21, 20});
  const inspect::Plane plane{
      21, 20, std::vector<float>(image.data_ptr<float>(), image.data_ptr<float>() + 420)};
  for (const auto& [stride, padding] :
       {std::pair{2, inspect::Padding::Valid}, std::pair{1, inspect::Padding::Same}}) {
    inspect::FilterSettings settings;
    settings.stride = stride;
    settings.padding = padding;
    const auto result = inspect::applyFilters(plane, bank.kernels, settings);
    const auto expected =
        torch::conv2d(image, kernel, {}, stride, padding == inspect::Padding::Same ? 2 : 0)[0];
    ASSERT_EQ(result.maps.size(), 32u);
    ASSERT_EQ(result.maps[0].height, expected.size(1));
    ASSERT_EQ(result.maps[0].width, expected.size(2));
    for (int c = 0; c < 32; ++c) {
      const auto ours = torch::tensor(result.maps[static_cast<std::size_t>(c)].values)
                            .view({expected.size(1), expected.size(2)});
      EXPECT_TRUE(torch::allclose(ours, expected[c], 1e-4, 1e-5)) << c << " stride " << stride;
    }
  }
  std::filesystem::remove(path);
}

}  // namespace
