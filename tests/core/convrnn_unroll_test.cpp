// Biological unrolling (science-convrnn.md section 3): which layer first sees the image at
// which step, what the blank frame is, which steps are returned, the readouts, and that the
// unrolling's shortcuts (shared image-independent work, skipped dead steps) change nothing.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "core/eval/stimulus_answer.h"
#include "core/experiment/experiment_spec.h"
#include "core/models/convrnn_net.h"
#include "core/models/model_family.h"
#include "core/util/errors.h"

using namespace fovea;
using namespace fovea::models;
using namespace fovea::models::convrnn;

namespace {

ConvRnnSpec smallSpec(ConvRnnCell cell, ConvRnnDepth depth = ConvRnnDepth::Shallow) {
  ConvRnnSpec spec;
  spec.cell = cell;
  spec.depth = depth;
  spec.width = 1.0 / 16;
  spec.image_px = depth == ConvRnnDepth::Shallow ? 72 : 64;
  spec.in_channels = 1;
  spec.classes = 5;
  resolvePresentation(spec, 0, 0);
  spec.validate();
  return spec;
}

bool sameForBothImages(const torch::Tensor& t) {
  return torch::allclose(t[0], t[1], 1e-6, 1e-7);
}

}  // namespace

TEST(ConvRnnUnroll, LayerLFirstSeesTheImageAtStepLMinusOne) {
  for (auto depth : {ConvRnnDepth::Shallow, ConvRnnDepth::Intermediate}) {
    torch::manual_seed(4);
    ConvRnnNetImpl net(smallSpec(ConvRnnCell::Gru, depth));
    net.eval();
    torch::NoGradGuard no_grad;
    const auto images = torch::rand({2, 1, net.spec().image_px, net.spec().image_px});
    const auto courses = net.timeCourse(images);
    ASSERT_EQ(courses.size(), depth == ConvRnnDepth::Shallow ? 6u : 11u);
    for (std::size_t n = 0; n < courses.size(); ++n) {
      EXPECT_EQ(courses[n].first_image_step, static_cast<int>(n));
      EXPECT_EQ(courses[n].returned_from, static_cast<int>(n) + 1);
      for (int t = 0; t < 12; ++t) {
        // Before the image arrives both images give the same output, from the biases alone.
        EXPECT_EQ(sameForBothImages(courses[n].steps[t]), t < static_cast<int>(n))
            << courses[n].name << " at step " << t;
      }
    }
    EXPECT_EQ(courses.back().name, "logits");
  }
}

TEST(ConvRnnUnroll, TheBlankIsHalfAfterNormalisationAndReachesConv1AtImageOff) {
  torch::manual_seed(5);
  ConvRnnNetImpl net(smallSpec(ConvRnnCell::Ugrnn));
  net.eval();
  torch::NoGradGuard no_grad;
  const auto images = torch::rand({2, 1, 72, 72});
  const auto conv1 = net.timeCourse(images).front();
  EXPECT_FALSE(sameForBothImages(conv1.steps[11]));
  EXPECT_TRUE(sameForBothImages(conv1.steps[12]));
  // The image whose normalised value is 0.5 everywhere: 0.5 * 0.226 + 0.449 in grey.
  const auto grey = torch::full({1, 1, 72, 72}, 0.5 * 0.226 + 0.449);
  const auto conv1_grey = net.timeCourse(grey).front();
  EXPECT_TRUE(torch::allclose(conv1.steps[12][0], conv1_grey.steps[0][0], 1e-5, 1e-6));
}

TEST(ConvRnnUnroll, TheCrowdingTasksCentredPixelsAreShiftedBackToUnitRange) {
  // The crowding task feeds v / 255 - 0.5, the attention task v / 255: a network of each sees
  // the same [0, 1] image, so the ImageNet normalisation and the 0.5 blank mean the same.
  const char* crowding = R"(
[experiment]
name = "c"
[retina]
crop_px = 72
[[model]]
name = "gru"
kind = "convrnn"
width = 0.0625
image_px = 72
in_channels = 1
)";
  const auto spec = experiment::parseExperimentSpec(crowding, "c.toml");
  EXPECT_DOUBLE_EQ(spec.models[0].net.at("pixel_offset").get<double>(), 0.5);
  const auto attention = experiment::parseExperimentSpec(
      "[experiment]\nname = \"a\"\n[attention]\n[[model]]\nname = \"gru\"\n"
      "kind = \"convrnn\"\nwidth = 0.0625\nimage_px = 128\nin_channels = 1\n",
      "a.toml");
  EXPECT_DOUBLE_EQ(attention.models[0].net.at("pixel_offset").get<double>(), 0.0);

  auto centred = convRnnSpecFromJson(spec.models[0].net);
  auto unit = centred;
  unit.pixel_offset = 0;
  torch::manual_seed(6);
  ConvRnnNetImpl centred_net(centred);
  ConvRnnNetImpl unit_net(unit);
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < centred_net.parameters().size(); ++i) {
    unit_net.parameters()[i].copy_(centred_net.parameters()[i]);
  }
  centred_net.eval();
  unit_net.eval();
  const auto pixels = torch::rand({2, 1, 72, 72});
  const auto a = centred_net.forward(pixels - 0.5);
  EXPECT_TRUE(torch::allclose(a, unit_net.forward(pixels), 1e-5, 1e-6));
  EXPECT_FALSE(torch::allclose(a, unit_net.forward(pixels - 0.5), 1e-3, 1e-3));
}

TEST(ConvRnnUnroll, PresentationsGiveTheSpecifiedSchedules) {
  ConvRnnSpec spec;
  resolvePresentation(spec, 0, 0);
  EXPECT_EQ(spec.times, 16);
  EXPECT_EQ(spec.image_off, 12);
  spec.depth = ConvRnnDepth::Intermediate;
  resolvePresentation(spec, 0, 0);
  EXPECT_EQ(spec.times, 17);
  spec.presentation = ConvRnnPresentation::Neural;
  resolvePresentation(spec, 0, 0);
  EXPECT_EQ(spec.times, 26);
  EXPECT_EQ(spec.image_off, 10);
  spec.presentation = ConvRnnPresentation::Constant;
  resolvePresentation(spec, 22, 0);
  EXPECT_EQ(spec.times, 22);
  EXPECT_TRUE(spec.imageAt(21));
  spec.presentation = ConvRnnPresentation::Default;
  EXPECT_THROW(resolvePresentation(spec, 20, 0), InputError);  // default refuses times
  spec.presentation = ConvRnnPresentation::ImageOff;
  EXPECT_THROW(resolvePresentation(spec, 20, 0), InputError);  // needs image_off
}

TEST(ConvRnnUnroll, TheLastStepReadoutUnderDefaultIsPurelyImageDriven) {
  // Blank frames from step 12 reach at most conv4 by step 15, so the default presentation's
  // last logits equal those of an image shown throughout; a blank one step earlier does not.
  torch::manual_seed(6);
  auto spec = smallSpec(ConvRnnCell::Lstm);
  ConvRnnNetImpl net(spec);
  net.eval();
  torch::NoGradGuard no_grad;
  const auto images = torch::rand({3, 1, 72, 72});
  const auto default_logits = net.forward(images);
  auto constant = spec;
  constant.presentation = ConvRnnPresentation::Constant;
  resolvePresentation(constant, 16, 0);
  auto early = spec;
  early.presentation = ConvRnnPresentation::ImageOff;
  resolvePresentation(early, 16, 10);
  for (auto* other : {&constant, &early}) {
    ConvRnnNetImpl twin(*other);
    twin.eval();
    {
      auto from = net.named_parameters(), to = twin.named_parameters();
      for (auto& item : from) to[item.key()].copy_(item.value());
    }
    const bool same = torch::allclose(twin.forward(images), default_logits, 1e-5, 1e-6);
    EXPECT_EQ(same, other == &constant);
  }
}

TEST(ConvRnnUnroll, ShortcutsChangeNothingAndSaveWork) {
  for (auto cell : {ConvRnnCell::Gru, ConvRnnCell::Rgc}) {
    for (auto depth : {ConvRnnDepth::Shallow, ConvRnnDepth::Intermediate}) {
      torch::manual_seed(7);
      ConvRnnNetImpl net(smallSpec(cell, depth));
      net.eval();
      torch::NoGradGuard no_grad;
      const auto images = torch::rand({4, 1, net.spec().image_px, net.spec().image_px});
      const auto full = net.timeCourse(images);
      const auto [all_batch, all_shared] = net.lastWork();
      const auto logits = net.forward(images);
      const auto [batch_steps, shared_steps] = net.lastWork();
      EXPECT_TRUE(torch::allclose(logits, full.back().steps.back(), 1e-5, 1e-6));
      const int steps = net.spec().times, nodes = static_cast<int>(full.size());
      // Everything, and the shared part, is less than every node at every step.
      EXPECT_LT(all_batch + all_shared, nodes * steps);
      EXPECT_GT(all_shared, 0);
      // The last-step readout needs only each node's steps up to T - (nodes - index).
      EXPECT_LT(batch_steps, all_batch) << toString(cell) << " " << toString(depth);
      // Each image alone gives its own row of the batch.
      const auto single = net.forward(images.slice(0, 2, 3));
      EXPECT_TRUE(torch::allclose(single[0], logits[2], 1e-4, 1e-5));
    }
  }
}

TEST(ConvRnnUnroll, MaxConfidenceAndThresholdPickTheirSteps) {
  auto spec = smallSpec(ConvRnnCell::TimeDecay);
  spec.readout = ConvRnnReadout::MaxConf;
  spec.beta = 1.0;
  ConvRnnNetImpl max_conf(spec);
  spec.readout = ConvRnnReadout::Threshold;
  spec.threshold = 0.9;
  ConvRnnNetImpl threshold(spec);
  // Two images, five classes, steps 6..15 considered (the shallow net's six nodes).
  std::vector<torch::Tensor> logits(16, torch::zeros({2, 5}));
  auto row = [](int image_class, float value, int other_class, float other) {
    auto t = torch::zeros({2, 5});
    t[0][image_class] = value;
    t[1][other_class] = other;
    return t;
  };
  logits[7] = row(0, 3, 0, 0);   // p = 0.834 / 0.2
  logits[9] = row(1, 5, 2, 1);   // 0.974 / 0.405
  logits[12] = row(2, 6, 3, 2);  // 0.990 / 0.649
  logits[3] = row(3, 9, 4, 9);   // before the readout starts: ignored
  const auto best = max_conf.readout(logits);
  EXPECT_EQ(best.argmax(1)[0].item<long>(), 2);  // step 12
  EXPECT_EQ(best.argmax(1)[1].item<long>(), 3);
  const auto first = threshold.readout(logits);
  EXPECT_EQ(first.argmax(1)[0].item<long>(), 1);  // step 9, the first at 0.9
  EXPECT_EQ(first.argmax(1)[1].item<long>(), 3);  // never 0.9: the most confident
}

TEST(ConvRnnReadout, TheDesignersStepsTemperConfidenceByBeta) {
  // Step 1 is the more confident at beta 1 (0.55 > 0.5); at beta 4 step 2 is, since
  // softmax(4 z) = p^4 / sum p^4: 0.55^4 / (0.55^4 + 0.45^4) = 0.69 < 0.5^4 / (0.5^4 + 2 *
  // 0.25^4) = 0.89. Step 0 precedes the readout's start.
  const std::vector<std::vector<float>> p = {
      {0.9f, 0.05f, 0.05f}, {0.55f, 0.45f, 0.0f}, {0.5f, 0.25f, 0.25f}};
  using eval::StimulusAnswerer;
  EXPECT_EQ(StimulusAnswerer::readoutSteps(p, 1, 0.52, 1.0), std::make_pair(1, 1));
  EXPECT_EQ(StimulusAnswerer::readoutSteps(p, 1, 0.52, 4.0), std::make_pair(2, 1));
  EXPECT_EQ(StimulusAnswerer::readoutSteps(p, 1, 0.6, 0.1), std::make_pair(1, -1));
  EXPECT_EQ(StimulusAnswerer::readoutSteps(p, 0, 0.6, 1.0), std::make_pair(0, 0));
}

TEST(ConvRnnSpec, ParameterCountsMatchThePublishedModels) {
  // science-convrnn.md section 6 (M parameters, 1000 classes, 224 px RGB).
  const std::vector<std::tuple<ConvRnnCell, ConvRnnDepth, double>> published{
      {ConvRnnCell::TimeDecay, ConvRnnDepth::Shallow, 4.20},
      {ConvRnnCell::SimpleRnn, ConvRnnDepth::Shallow, 6.27},
      {ConvRnnCell::Gru, ConvRnnDepth::Shallow, 25.43},
      {ConvRnnCell::Lstm, ConvRnnDepth::Shallow, 21.13},
      {ConvRnnCell::IntersectionRnn, ConvRnnDepth::Shallow, 32.51},
      {ConvRnnCell::Ugrnn, ConvRnnDepth::Shallow, 18.36},
      {ConvRnnCell::Rgc, ConvRnnDepth::Shallow, 23.96},
      {ConvRnnCell::TimeDecay, ConvRnnDepth::Intermediate, 16.40},
      {ConvRnnCell::SimpleRnn, ConvRnnDepth::Intermediate, 33.51},
      {ConvRnnCell::Gru, ConvRnnDepth::Intermediate, 67.73},
      {ConvRnnCell::Lstm, ConvRnnDepth::Intermediate, 84.83},
      {ConvRnnCell::IntersectionRnn, ConvRnnDepth::Intermediate, 84.83},
      {ConvRnnCell::Ugrnn, ConvRnnDepth::Intermediate, 50.62},
      {ConvRnnCell::Rgc, ConvRnnDepth::Intermediate, 15.45},
  };
  for (const auto& [cell, depth, millions] : published) {
    ConvRnnSpec spec;
    spec.cell = cell;
    spec.depth = depth;
    resolvePresentation(spec, 0, 0);
    const double counted = convRnnParameters(spec) / 1e6;
    EXPECT_NEAR(counted, millions, 0.006) << toString(cell) << "_" << toString(depth);
  }
}

TEST(ConvRnnSpec, TheNetworkHasTheParametersItsTableCounts) {
  for (auto depth : {ConvRnnDepth::Shallow, ConvRnnDepth::Intermediate}) {
    for (auto cell :
         {ConvRnnCell::TimeDecay, ConvRnnCell::SimpleRnn, ConvRnnCell::Gru, ConvRnnCell::Lstm,
          ConvRnnCell::IntersectionRnn, ConvRnnCell::Ugrnn, ConvRnnCell::Rgc}) {
      auto spec = smallSpec(cell, depth);
      spec.readout = ConvRnnReadout::MaxConf;
      ConvRnnNetImpl net(spec);
      long long counted = 0;
      for (const auto& p : net.parameters()) counted += p.numel();
      EXPECT_EQ(counted, convRnnParameters(spec)) << toString(cell) << "_" << toString(depth);
    }
  }
}

TEST(ConvRnnFamily, ReadsItsKeysAndNamesBadOnes) {
  const auto& family = ModelRegistry::instance().find("convrnn");
  auto spec = toJson(smallSpec(ConvRnnCell::Rgc, ConvRnnDepth::Intermediate));
  family.validate(spec);
  const auto input = family.input(spec);
  EXPECT_EQ(input.shape, (std::vector<std::int64_t>{1, 64, 64}));
  const auto layers = family.layers(spec);
  ASSERT_EQ(layers.size(), 11u);
  EXPECT_EQ(layers[0].grid, "input");  // conv1 has a fixed field
  EXPECT_EQ(layers[5].grid, "");       // conv6: recurrent, with feedback
  EXPECT_EQ(layers.back().name, "logits");
  spec["image_px"] = 8;
  EXPECT_THROW(family.validate(spec), InputError);
  auto shallow = toJson(smallSpec(ConvRnnCell::Gru));
  shallow["image_px"] = 60;  // conv5 would be 1 px: the 2x2 readout needs 2
  try {
    family.validate(shallow);
    FAIL() << "60 px accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("image_px = 60"), std::string::npos) << error.what();
  }
}
