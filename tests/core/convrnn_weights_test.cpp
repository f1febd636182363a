// ConvRNN weights in TF names, shapes and layouts (science-convrnn.md section 5): the names a
// converted checkpoint holds, the layout conversions, a round trip through an archive file,
// clear errors, and an archive written by Debian's python3-torch from an independent
// step-by-step PyTorch implementation whose outputs Fovea must reproduce at every step.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>

#include "core/experiment/experiment_spec.h"
#include "core/models/convrnn_net.h"
#include "core/models/convrnn_weights.h"
#include "core/models/model_family.h"
#include "core/util/errors.h"

using namespace fovea;
using namespace fovea::models;
using namespace fovea::models::convrnn;

namespace {

ConvRnnSpec fullSpec(ConvRnnCell cell, ConvRnnDepth depth) {
  ConvRnnSpec spec;
  spec.cell = cell;
  spec.depth = depth;
  resolvePresentation(spec, 0, 0);
  return spec;
}

ConvRnnSpec smallSpec(ConvRnnCell cell, ConvRnnDepth depth) {
  auto spec = fullSpec(cell, depth);
  spec.width = 1.0 / 16;
  spec.image_px = 72;
  spec.in_channels = 1;
  spec.classes = 10;
  return spec;
}

std::vector<std::int64_t> shapeOf(const TensorArchive& archive, const std::string& name) {
  const auto found = archive.find(name);
  if (found == archive.end()) {
    ADD_FAILURE() << "no " << name;
    return {};
  }
  return found->second.shape;
}

std::string errorOf(ConvRnnNetImpl& net, const TensorArchive& archive) {
  try {
    loadWeights(net, archive, "weights.safetensors");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("fovea-convrnn-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST(ConvRnnWeights, NamesAndShapesAreTheCheckpointsOwn) {
  ConvRnnNetImpl gru(fullSpec(ConvRnnCell::Gru, ConvRnnDepth::Shallow));
  const auto a = weightsArchive(gru);
  EXPECT_EQ(shapeOf(a, "tnn_model/conv1/pre_0/weights_basenet"),
            (std::vector<std::int64_t>{7, 7, 3, 64}));
  EXPECT_EQ(shapeOf(a, "tnn_model/conv3/ConvGRUCell/gates/weights"),
            (std::vector<std::int64_t>{3, 3, 512, 512}));
  EXPECT_EQ(shapeOf(a, "tnn_model/conv5/ConvGRUCell/candidates/bias"),
            (std::vector<std::int64_t>{512}));
  EXPECT_EQ(shapeOf(a, "tnn_model/imnetds/pre_1/weights"),
            (std::vector<std::int64_t>{2, 2, 512, 1000}));
  ConvRnnNetImpl rgc(fullSpec(ConvRnnCell::Rgc, ConvRnnDepth::Intermediate));
  const auto b = weightsArchive(rgc);
  EXPECT_EQ(shapeOf(b, "tnn_model/conv6/ReciprocalGateCell/out/feedback_to_out_weights"),
            (std::vector<std::int64_t>{1, 1, 768, 256}));
  EXPECT_EQ(shapeOf(b, "tnn_model/conv5/ReciprocalGateCell/out/feedback_to_out_weights"),
            (std::vector<std::int64_t>{1, 1, 256, 128}));
  EXPECT_EQ(shapeOf(b, "tnn_model/conv4/ReciprocalGateCell/cell/tau/depthwise_weights"),
            (std::vector<std::int64_t>{7, 7, 64, 1}));
  EXPECT_EQ(shapeOf(b, "tnn_model/conv4/ReciprocalGateCell/out/gate/pointwise_weights"),
            (std::vector<std::int64_t>{1, 1, 64, 128}));
  EXPECT_EQ(shapeOf(b, "tnn_model/conv4/ReciprocalGateCell/cell/input_to_cell_weights"),
            (std::vector<std::int64_t>{2, 2, 128, 64}));
  EXPECT_EQ(shapeOf(b, "tnn_model/imnetds/pre_3/weights"), (std::vector<std::int64_t>{512, 1000}));
  ConvRnnNetImpl lstm(fullSpec(ConvRnnCell::Lstm, ConvRnnDepth::Shallow));
  const auto c = weightsArchive(lstm);
  EXPECT_EQ(shapeOf(c, "tnn_model/conv4/ConvLSTMCell/peepholes/w_o_diag"),
            (std::vector<std::int64_t>{14, 14, 256}));
  EXPECT_EQ(shapeOf(c, "tnn_model/conv3/ConvLSTMCell/weights"),
            (std::vector<std::int64_t>{2, 2, 384, 512}));
  EXPECT_EQ(shapeOf(c, "tnn_model/conv5/ConvLSTMCell/state/gamma"),
            (std::vector<std::int64_t>{256}));
}

TEST(ConvRnnWeights, LayoutsConvertIndexByIndex) {
  // Each TF element holds its own index digits, so a misplaced axis shows.
  const auto hwio = torch::arange(2 * 3 * 4 * 5, torch::kFloat32).view({2, 3, 4, 5});
  const auto oihw = fromTf(hwio, Layout::ConvHwio);
  ASSERT_EQ(oihw.sizes(), (std::vector<std::int64_t>{5, 4, 2, 3}));
  EXPECT_EQ(oihw[4][1][0][2].item<float>(), hwio[0][2][1][4].item<float>());
  EXPECT_TRUE(torch::equal(toTf(oihw, Layout::ConvHwio), hwio));
  const auto depthwise = torch::arange(7 * 7 * 6, torch::kFloat32).view({7, 7, 6, 1});
  const auto grouped = fromTf(depthwise, Layout::Depthwise);
  ASSERT_EQ(grouped.sizes(), (std::vector<std::int64_t>{6, 1, 7, 7}));
  EXPECT_EQ(grouped[5][0][1][3].item<float>(), depthwise[1][3][5][0].item<float>());
  EXPECT_TRUE(torch::equal(toTf(grouped, Layout::Depthwise), depthwise));
  const auto dense = torch::arange(12, torch::kFloat32).view({3, 4});
  EXPECT_EQ(fromTf(dense, Layout::Dense)[3][2].item<float>(), dense[2][3].item<float>());
  const auto peephole = torch::arange(2 * 2 * 3, torch::kFloat32).view({2, 2, 3});
  const auto chw = fromTf(peephole, Layout::Peephole);
  ASSERT_EQ(chw.sizes(), (std::vector<std::int64_t>{1, 3, 2, 2}));
  EXPECT_EQ(chw[0][2][1][0].item<float>(), peephole[1][0][2].item<float>());
}

TEST(ConvRnnWeights, AnArchiveRoundTripGivesTheSameNetwork) {
  const auto dir = scratch("roundtrip");
  for (auto cell : {ConvRnnCell::Rgc, ConvRnnCell::Lstm}) {
    for (auto depth : {ConvRnnDepth::Shallow, ConvRnnDepth::Intermediate}) {
      torch::manual_seed(1);
      ConvRnnNetImpl first(smallSpec(cell, depth));
      torch::manual_seed(2);
      ConvRnnNetImpl second(smallSpec(cell, depth));
      ASSERT_NE(weightsCrc32(first), weightsCrc32(second));
      writeTensorArchive(dir / "w.safetensors", weightsArchive(first));
      loadWeights(second, readTensorArchive(dir / "w.safetensors"), "w.safetensors");
      EXPECT_EQ(weightsCrc32(first), weightsCrc32(second));
      torch::NoGradGuard no_grad;
      const auto images = torch::rand({2, 1, 72, 72});
      EXPECT_TRUE(torch::equal(first.forward(images), second.forward(images)));
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(ConvRnnWeights, MismatchesNameTheTensor) {
  ConvRnnNetImpl gru(smallSpec(ConvRnnCell::Gru, ConvRnnDepth::Shallow));
  auto archive = weightsArchive(gru);
  // What a checkpoint holds beside the weights is skipped.
  archive["global_step"] = {{}, {100.0f}};
  archive["tnn_model/conv3/ConvGRUCell/gates/weights/Momentum"] = {{1}, {0.0f}};
  archive["tnn_model/conv1/memory_decay"] = {{1}, {0.0f}};
  EXPECT_EQ(errorOf(gru, archive), "");
  auto missing = archive;
  missing.erase("tnn_model/conv4/ConvGRUCell/candidates/bias");
  EXPECT_EQ(errorOf(gru, missing),
            "weights.safetensors: no tensor 'tnn_model/conv4/ConvGRUCell/candidates/bias'");
  auto reshaped = archive;
  reshaped["tnn_model/conv2/pre_0/bias"] = {{9}, std::vector<float>(9, 0.0f)};
  EXPECT_EQ(errorOf(gru, reshaped),
            "weights.safetensors: tensor 'tnn_model/conv2/pre_0/bias' has shape [9], the "
            "network expects [8]");
  ConvRnnNetImpl lstm(smallSpec(ConvRnnCell::Lstm, ConvRnnDepth::Shallow));
  const auto message = errorOf(gru, weightsArchive(lstm));
  EXPECT_NE(message.find("that this gru_shallow network does not have"), std::string::npos)
      << message;
  EXPECT_NE(message.find("ConvLSTMCell"), std::string::npos) << message;
}

TEST(ConvRnnWeights, AStoredBetaOrThresholdReplacesTheDefaultButNotTheUsersKey) {
  const auto dir = scratch("readout");
  auto spec = smallSpec(ConvRnnCell::Gru, ConvRnnDepth::Shallow);
  spec.classes = 5;
  spec.readout = ConvRnnReadout::MaxConf;
  spec.beta = 2.5;
  ConvRnnNetImpl trained(spec);
  auto archive = weightsArchive(trained);
  ASSERT_EQ(archive.at("tnn_model/normalize/softmax_beta").values, std::vector<float>{2.5f});
  archive["tnn_model/decoder_threshold"] = {{}, {0.75f}};
  writeTensorArchive(dir / "w.safetensors", archive);
  auto experiment = [&](const std::string& extra) {
    return "[experiment]\nname = \"r\"\n[retina]\ncrop_px = 72\n[[model]]\nname = \"gru\"\n"
           "kind = \"convrnn\"\nwidth = 0.0625\nimage_px = 72\nin_channels = 1\n"
           "readout = \"max_conf\"\nweights = \"" +
           (dir / "w.safetensors").string() + "\"\n" + extra;
  };
  const auto& family = ModelRegistry::instance().find("convrnn");
  auto net = experiment::parseExperimentSpec(experiment(""), "r.toml").models[0].net;
  EXPECT_DOUBLE_EQ(net.at("beta").get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(net.at("threshold").get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(family.build(net)->readoutConstants().beta, 2.5);
  EXPECT_NEAR(family.build(net)->readoutConstants().threshold, 0.75, 1e-7);
  // The user's key wins, in the spec and in the network the spec builds.
  net = experiment::parseExperimentSpec(experiment("beta = 3.0\n"), "r.toml").models[0].net;
  EXPECT_DOUBLE_EQ(net.at("beta").get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(family.build(net)->readoutConstants().beta, 3.0);
  archive["tnn_model/normalize/softmax_beta"] = {{1}, {-1.0f}};
  writeTensorArchive(dir / "w.safetensors", archive);
  try {
    experiment::parseExperimentSpec(experiment(""), "r.toml");
    FAIL() << "a negative beta was taken";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("'tnn_model/normalize/softmax_beta' should hold one "
                        "value in (0"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("r.toml"), std::string::npos) << error.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(ConvRnnWeights, FoveaReproducesAStepByStepPyTorchPortFromItsArchive) {
  for (const std::string cell : {"gru", "lstm"}) {
    const auto dir = scratch("python-" + cell);
    const std::string command = "/usr/bin/python3 " + std::string(FOVEA_SOURCE_DIR) +
                                "/tools/bench/convrnn_vs_pytorch.py --reference " + dir.string() +
                                " --cell " + cell +
                                " --width 0.0625 --image 72 --in-channels 1 --batch 2";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    nlohmann::json spec = toJson(smallSpec(parseConvRnnCell(cell), ConvRnnDepth::Shallow));
    spec["weights"] = (dir / "weights.safetensors").string();
    const auto& family = ModelRegistry::instance().find("convrnn");
    auto net = family.build(spec);
    net->eval();
    const auto reference = readTensorArchive(dir / "reference.safetensors");
    auto tensorOf = [&](const std::string& name) {
      const auto& t = reference.at(name);
      return torch::from_blob(const_cast<float*>(t.values.data()), t.shape, torch::kFloat32)
          .clone();
    };
    torch::NoGradGuard no_grad;
    const auto courses = net->timeCourse(tensorOf("images"));
    const char* names[] = {"conv1", "conv2", "conv3", "conv4", "conv5", "imnetds"};
    for (std::size_t n = 0; n < courses.size(); ++n) {
      for (int t = 0; t < 16; ++t) {
        const auto expected = tensorOf(std::string(names[n]) + "/" + std::to_string(t));
        const auto got = courses[n].steps[t];
        ASSERT_EQ(got.sizes(), expected.sizes()) << names[n] << " step " << t;
        EXPECT_LT((got - expected).abs().max().item<float>(), 2e-4f)
            << cell << " " << names[n] << " step " << t;
      }
    }
    std::filesystem::remove_all(dir);
  }
}
