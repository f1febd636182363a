#include "core/stimulus/crowding_sampler.h"

#include <gtest/gtest.h>

#include <array>
#include <opencv2/core.hpp>
#include <set>

#include "core/data/digit_sheet.h"
#include "core/data/glyph_sets.h"

using namespace fovea::stimulus;

namespace {

StimulusSpec flankedSpec(Configuration configuration) {
  StimulusSpec spec;
  spec.retina.scales = 6;
  spec.geometry.configuration = configuration;
  spec.geometry.spacing_px = 150;
  spec.glyphs.split = "train";
  return spec;
}

// In the study the flankers came in MNIST's own order: every target class met every flanker
// class, about equally often.
TEST(CrowdingSampler, EveryTargetClassMeetsEveryFlankerClass) {
  const CrowdingSampler sampler(flankedSpec(Configuration::XAX), 2017, false);
  const auto& digits = fovea::data::defaultDigits();
  std::array<std::array<int, 10>, 10> pairs{};
  const int samples = 1250;
  for (int k = 0; k < samples; ++k) {
    const auto sample = sampler.sample(static_cast<std::uint64_t>(k));
    const int target = digits.labels[sample.target_digit];
    const int flanker = digits.labels[sample.flanker_digit];
    ASSERT_EQ(target % 2, 0);
    ASSERT_EQ(flanker % 2, 1);
    ++pairs[static_cast<std::size_t>(target)][static_cast<std::size_t>(flanker)];
  }
  // 25 pairs, 50 expected each: a binomial count lies within 50 +- 25 with overwhelming odds.
  for (int t = 0; t < 10; t += 2) {
    for (int f = 1; f < 10; f += 2) {
      const int count = pairs[static_cast<std::size_t>(t)][static_cast<std::size_t>(f)];
      EXPECT_GE(count, 25) << "target " << t << " with flanker " << f;
      EXPECT_LE(count, 75) << "target " << t << " with flanker " << f;
    }
  }
}

TEST(CrowdingSampler, PairingIsFixedBySeedAndChangesWithIt) {
  const auto spec = flankedSpec(Configuration::XAX);
  const CrowdingSampler a(spec, 7, false), b(spec, 7, false), c(spec, 8, false);
  int differ = 0;
  for (std::uint64_t k = 0; k < 50; ++k) {
    EXPECT_EQ(a.sample(k).flanker_digit, b.sample(k).flanker_digit);
    differ += a.sample(k).flanker_digit != c.sample(k).flanker_digit;
  }
  EXPECT_GT(differ, 40);
}

// Training with flankers and random shifts keeps the signed offset from target to flanker, as
// the study did: a flanker placed to the right stays to the right on both sides of fixation.
TEST(CrowdingSampler, ShiftedFlankerKeepsItsSideOfTheTarget) {
  const CrowdingSampler sampler(flankedSpec(Configuration::AX), 5, true);
  int left_of_fixation = 0;
  for (std::uint64_t k = 0; k < 200; ++k) {
    const auto sample = sampler.sample(k);
    const auto boxes = layoutGlyphs(sample.geometry);
    ASSERT_EQ(boxes.size(), 2u);
    EXPECT_DOUBLE_EQ(boxes[1].centre_x - boxes[0].centre_x, 150)
        << "target at " << sample.target_ecc_px;
    EXPECT_EQ(sample.geometry.target_ecc_px, sample.target_ecc_px);
    if (sample.target_ecc_px < 0) {
      ++left_of_fixation;
      EXPECT_EQ(sample.geometry.configuration, Configuration::XA) << "an inner flanker now";
    }
  }
  EXPECT_GT(left_of_fixation, 60);
}

// The reference path renders the whole canvas; it must draw the same flankers as the fast path.
TEST(CrowdingSampler, ReferenceCropsUseTheChosenFlankerSet) {
  for (const std::string set : {"digits", "letters"}) {
    auto spec = flankedSpec(Configuration::XAX);
    spec.glyphs.flanker_set = set;
    const CrowdingSampler sampler(spec, 3, true, 400);
    for (std::uint64_t k = 0; k < 4; ++k) {
      const auto sample = sampler.sample(k);
      const auto reference = sampler.referenceCrops(sample);
      ASSERT_EQ(reference.size(), sample.crops.size());
      for (std::size_t i = 0; i < reference.size(); ++i) {
        ASSERT_EQ(cv::norm(reference[i], sample.crops[i], cv::NORM_INF), 0.0)
            << set << " sample " << k << " scale " << i;
      }
    }
  }
}

}  // namespace

namespace {

// The Places experiments: every sample has its own photograph behind the glyphs, and the test
// split's photographs are never seen in training.
TEST(CrowdingSampler, PhotoBackgroundsVaryPerSampleAndSplitTrainFromTest) {
  auto spec = flankedSpec(Configuration::XAX);
  spec.geometry.canvas_px = 480;
  spec.geometry.target_px = spec.geometry.flanker_px = 30;
  spec.geometry.spacing_px = 40;
  spec.retina.canvas_px = 480;
  spec.retina.crop_px = 15;
  spec.background.kind = "photo";
  spec.background.image = "opencv-doc";
  const CrowdingSampler train(spec, 4, true, 100);
  spec.glyphs.split = "test";
  const CrowdingSampler test(spec, 4, true, 100);

  const auto& train_pool = sharedBackgroundPool(spec.background, 480, "train");
  const auto& test_pool = sharedBackgroundPool(spec.background, 480, "test");
  EXPECT_EQ(train_pool.size(), 15u);
  EXPECT_EQ(test_pool.size(), 5u);
  for (std::size_t i = 0; i < train_pool.size(); ++i) {
    for (std::size_t j = 0; j < test_pool.size(); ++j) {
      EXPECT_GT(cv::norm(train_pool.at(static_cast<int>(i)), test_pool.at(static_cast<int>(j)),
                         cv::NORM_L1),
                0.0)
          << "a test photograph is also a training one";
    }
  }

  std::set<int> used;
  for (std::uint64_t k = 0; k < 60; ++k) {
    const auto sample = train.sample(k);
    ASSERT_GE(sample.background, 0);
    used.insert(sample.background);
    // The whole field (the last crop) shows the photograph, not black.
    EXPECT_GT(cv::mean(sample.crops.back())[0], 20) << "sample " << k;
    EXPECT_GT(cv::countNonZero(sample.crops.back()), 200) << "sample " << k;
  }
  EXPECT_GE(used.size(), 12u);
  // Deterministic for (seed, index).
  const auto again = train.sample(7);
  EXPECT_EQ(cv::norm(again.crops[3], train.sample(7).crops[3], cv::NORM_INF), 0.0);
  EXPECT_GE(test.sample(0).background, 0);

  // Glyphs are pasted by maximum: the same sample on black is nowhere brighter, so the target
  // keeps the photograph around its strokes (the study's overwrite left a black square), and
  // its ink is all there.
  auto black_spec = spec;
  black_spec.glyphs.split = "train";
  black_spec.background.kind = "black";
  const CrowdingSampler on_black(black_spec, 4, true, 100);
  for (std::uint64_t k = 0; k < 5; ++k) {
    const auto with_photo = train.sample(k);
    const auto without = on_black.sample(k);
    ASSERT_EQ(with_photo.target_digit, without.target_digit);
    for (std::size_t i = 0; i < with_photo.crops.size(); ++i) {
      EXPECT_EQ(cv::countNonZero(with_photo.crops[i] < without.crops[i]), 0)
          << "sample " << k << " scale " << i;
    }
    EXPECT_GT(cv::countNonZero(with_photo.crops[0] > without.crops[0]), 0) << "sample " << k;
  }
}

TEST(CrowdingSampler, NoiseBackgroundsComeFromDisjointSeedsPerSplit) {
  BackgroundChoice choice;
  choice.kind = "noise";
  choice.noise_pool = 3;
  const BackgroundPool train(choice, 128, "train"), test(choice, 128, "test");
  ASSERT_EQ(train.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_GT(cv::norm(train.at(i), test.at(i), cv::NORM_L1), 0.0);
    // Mid-grey on average; the largest swing from mid-grey is the requested contrast.
    EXPECT_NEAR(cv::mean(train.at(i))[0], 127.5, 10);
    double lo = 0, hi = 0;
    cv::minMaxLoc(train.at(i), &lo, &hi);
    EXPECT_NEAR(std::max(127.5 - lo, hi - 127.5), 0.75 * 127.5, 2.0);
  }
}

}  // namespace
