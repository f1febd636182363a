// The What/Where saccade model: its foveal crop is where the fixation says, Where's target
// peaks at the digit, and a Where net trained on real stimuli moves the eye toward the digit.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/data/digit_sheet.h"
#include "core/models/model_family.h"
#include "core/models/what_where_net.h"
#include "core/retina/log_gabor_retina.h"
#include "core/stimulus/noisy_digits.h"

using namespace fovea;
using models::WhatWhereImpl;

namespace {

std::shared_ptr<WhatWhereImpl> build(int saccades) {
  nlohmann::json spec = {{"image_px", 128},
                         {"classes", 10},
                         {"saccades", saccades},
                         {"what_steps", 0},
                         {"confidence_stop", false}};
  const auto& family = models::ModelRegistry::instance().find("what-where");
  family.validate(spec);
  return std::dynamic_pointer_cast<WhatWhereImpl>(family.build(spec));
}

// An accuracy map that is 1 for a centred digit and falls to chance 6 px away.
void peakedMap(WhatWhereImpl& net) {
  const auto r = torch::arange(-27, 28).to(torch::kFloat32);
  const auto d2 = r.view({-1, 1}).pow(2) + r.view({1, -1}).pow(2);
  net.setAccuracyMap(0.1 + 0.9 * torch::exp(-d2 / 72));
}

struct Stimuli {
  torch::Tensor images, labels, offsets;
};

Stimuli stimuli(int count, std::uint64_t seed) {
  const auto& digits = data::defaultDigits();
  stimulus::NoisyDigitSpec spec;
  spec.noise = 0.0;  // clean digits: the mechanism, not the noise, is on test here
  spec.offset_std = 30;
  spec.offset_max = 40;
  Stimuli s{torch::empty({count, 1, 128, 128}), torch::empty({count}, torch::kInt64),
            torch::empty({count, 2})};
  for (int i = 0; i < count; ++i) {
    const auto index = (seed * 7919 + static_cast<std::uint64_t>(i) * 13) % 4000;
    const auto d = stimulus::makeNoisyDigit(digits.glyph(index), spec, seed * 100000 + i);
    cv::Mat f;
    d.image.convertTo(f, CV_32F);
    std::copy_n(f.ptr<float>(), 128 * 128, s.images[i].data_ptr<float>());
    s.labels[i] = digits.labels[index];
    s.offsets[i][0] = d.row_offset;
    s.offsets[i][1] = d.col_offset;
  }
  return s;
}

}  // namespace

TEST(WhatWhere, TheFovealCropIsCentredOnTheFixationAndGreyOutside) {
  auto net = build(1);
  auto images = torch::full({2, 1, 128, 128}, 0.2f);
  images[0][0][64 + 10][64 - 5] = 1.0f;
  images[1][0][3][120] = 1.0f;
  const auto crops = net->crops(images, torch::tensor({{10.0f, -5.0f}, {-61.0f, 56.0f}}));
  ASSERT_EQ(crops.sizes(), (std::vector<std::int64_t>{2, 1, 28, 28}));
  EXPECT_EQ(crops[0][0][14][14].item<float>(), 1.0f);
  EXPECT_EQ(crops[1][0][14][14].item<float>(), 1.0f);
  EXPECT_EQ(crops[1][0][0][0].item<float>(), 0.5f);  // above the image: the grey surround
  EXPECT_EQ(crops[1][0][14][0].item<float>(), 0.2f);
}

TEST(WhatWhere, WheresTargetPeaksInTheCellOverTheDigit) {
  auto net = build(1);
  peakedMap(*net);
  const auto offsets =
      torch::tensor({{20.0f, 0.0f}, {0.0f, -30.0f}, {-15.0f, 15.0f}, {5.0f, 3.0f}});
  const auto target = net->whereTarget(offsets);
  ASSERT_EQ(target.sizes(), (std::vector<std::int64_t>{4, 240}));
  EXPECT_NEAR(target.min().item<float>(), 0.1f, 1e-3);  // cells far from the digit: chance
  // The best cell's peak, where a saccade to it lands, is near the digit (cells grow with
  // eccentricity: a few px apart at 20-30 px).
  const auto retina = retina::LogGaborRetina::get();
  for (int i = 0; i < 4; ++i) {
    const auto best = static_cast<int>(target[i].argmax().item<std::int64_t>());
    const float* cell = retina->collicularCell(best);
    const auto peak = std::max_element(cell, cell + 128 * 128) - cell;
    const double row = peak / 128 - 64.0, col = peak % 128 - 64.0;
    const double d_row = offsets[i][0].item<float>(), d_col = offsets[i][1].item<float>();
    EXPECT_LT(std::hypot(row - d_row, col - d_col), 0.3 * std::hypot(d_row, d_col) + 4)
        << "digit at " << d_row << ", " << d_col << "; cell peak at " << row << ", " << col;
  }
}

TEST(WhatWhere, ATrainedWhereNetMovesTheEyeTowardTheDigit) {
  torch::manual_seed(3);
  auto net = build(1);
  peakedMap(*net);
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-3));
  const auto train = stimuli(2000, 1);
  net->train();
  for (int step = 0; step < 250; ++step) {
    const auto at = (step * 100) % 2000;
    models::TrainingStep data;
    data.labels = train.labels.narrow(0, at, 100);
    data.target_offsets = train.offsets.narrow(0, at, 100);
    data.step = step;
    adam.zero_grad();
    auto [loss, logits] = net->trainingLoss(train.images.narrow(0, at, 100), data);
    loss.backward();
    adam.step();
  }
  net->eval();
  torch::NoGradGuard no_grad;
  const auto test = stimuli(200, 2);
  torch::Tensor fixations;
  for (auto& [name, value] : net->features(test.images)) {
    if (name == "fixations") fixations = value;
  }
  ASSERT_TRUE(fixations.defined());
  ASSERT_EQ(fixations.sizes(), (std::vector<std::int64_t>{200, 2, 2}));
  EXPECT_EQ(fixations.select(1, 0).abs().max().item<float>(), 0.0f);  // it starts at the centre
  const auto before = test.offsets.norm(2, 1);
  const auto after = (fixations.select(1, 1) - test.offsets).norm(2, 1);
  // Digits sit 20-40 px out on average; one saccade must bring the eye well inside that.
  EXPECT_LT(after.median().item<float>(), 0.5f * before.median().item<float>())
      << "before " << before.median().item<float>() << " after " << after.median().item<float>();
}
