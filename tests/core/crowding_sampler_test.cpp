#include "core/stimulus/crowding_sampler.h"

#include <gtest/gtest.h>

#include <array>
#include <opencv2/core.hpp>

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
