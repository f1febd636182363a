#include "core/retina/multiscale.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>
#include <random>

#include "core/data/digit_sheet.h"
#include "core/stimulus/crowding_renderer.h"
#include "core/util/errors.h"

using namespace fovea;
using retina::MultiscalePlan;
using retina::MultiscaleSpec;

namespace {

const data::GlyphSet& digits() {
  static const auto set = data::loadDigitSheet(data::defaultDigitSheetPath());
  return set;
}

TEST(Multiscale, PaperCropBoxesKeepTheOriginalTruncation) {
  const MultiscalePlan plan{MultiscaleSpec{}};
  const std::vector<int> sides = {60, 85, 120, 169, 240, 339, 481, 679, 961, 1357, 1920};
  const std::vector<int> lows = {930, 917, 900, 875, 840, 790, 719, 620, 479, 281, 0};
  ASSERT_EQ(plan.boxes().size(), 11u);
  for (std::size_t i = 0; i < sides.size(); ++i) {
    EXPECT_EQ(plan.boxes()[i].side(), sides[i]) << "scale " << i;
    EXPECT_EQ(plan.boxes()[i].lo, lows[i]) << "scale " << i;
  }
  EXPECT_NEAR(plan.ratio(), std::sqrt(2.0), 1e-12);
}

TEST(Multiscale, LinearFoveaAndASingleScale) {
  MultiscaleSpec spec;
  spec.fovea = retina::Fovea::Linear;
  spec.scales = 4;  // step = int(1920 / 240) = 8: sides 60, 540, 1020, 1500
  const MultiscalePlan linear(spec);
  EXPECT_EQ(linear.boxes()[1].side(), 540);
  EXPECT_EQ(linear.boxes()[3].side(), 1500);
  EXPECT_DOUBLE_EQ(linear.areaDivisor(0), 16);
  spec = {};
  spec.scales = 1;
  EXPECT_EQ(MultiscalePlan(spec).boxes()[0].side(), 1920);
}

TEST(Multiscale, TheTargetIsWhollyInsideACropUpToTheSpecifiedEccentricity) {
  const MultiscalePlan plan{MultiscaleSpec{}};
  // Largest target eccentricity (px) whose 120-px box fits inside crops 2, 4, 6, 8 and 9.
  const std::vector<std::pair<int, int>> limits = {{2, 0}, {4, 60}, {6, 180}, {8, 420}, {9, 618}};
  for (const auto& [scale, limit] : limits) {
    int largest = -1;
    for (int ecc = 0; ecc <= 900; ++ecc) {
      stimulus::CrowdingGeometry geometry;
      geometry.target_ecc_px = ecc;
      const auto box = stimulus::layoutGlyphs(geometry)[0];
      if (plan.boxes()[static_cast<std::size_t>(scale)].contains(
              {box.x, box.y, box.side, box.side})) {
        largest = ecc;
      }
    }
    EXPECT_EQ(largest, limit) << "crop " << scale;
  }
}

TEST(Multiscale, AreafactorDividesByTheAreaRatio) {
  MultiscaleSpec spec;
  spec.contrast_norm = retina::ContrastNorm::AreaFactor;
  const MultiscalePlan plan(spec);
  for (int i = 0; i < 11; ++i) EXPECT_NEAR(plan.areaDivisor(i), std::pow(2.0, 10 - i), 1e-9);

  // A target at the centre: every crop sees ink, so crop i peaks at 1 / 2^(10-i) - 0.5.
  stimulus::CrowdingGeometry geometry;
  const auto boxes = stimulus::layoutGlyphs(geometry);
  const auto glyphs = stimulus::prepareGlyphs(geometry, digits().glyph(0), digits().glyph(0));
  const auto crops = plan.cropsFromWindow(stimulus::renderWindow(boxes, glyphs, 1920));
  const auto input = plan.networkInput(crops);
  ASSERT_EQ(input.size(), 11u * 60 * 60);
  for (int i = 0; i < 11; ++i) {
    const auto begin = input.begin() + i * 3600;
    EXPECT_NEAR(*std::max_element(begin, begin + 3600), std::pow(2.0, i - 10) - 0.5, 1e-6);
    EXPECT_NEAR(*std::min_element(begin, begin + 3600), -0.5, 1e-6);
  }
}

TEST(Multiscale, EmptyCropsStayAtMinusOneHalfAndPlainScalingIsByteOver255) {
  MultiscaleSpec spec;
  spec.contrast_norm = retina::ContrastNorm::AreaFactor;
  const MultiscalePlan plan(spec);
  std::vector<cv::Mat> crops(11, cv::Mat::zeros(60, 60, CV_8UC1));
  for (float v : plan.networkInput(crops)) ASSERT_EQ(v, -0.5f);
  const MultiscalePlan plain{MultiscaleSpec{}};
  crops[3] = cv::Mat(60, 60, CV_8UC1, cv::Scalar(255));
  const auto input = plain.networkInput(crops);
  EXPECT_FLOAT_EQ(input[3 * 3600], 0.5f);
  EXPECT_FLOAT_EQ(input[2 * 3600], -0.5f);
}

TEST(Multiscale, ChevronZeroesTheAreaOfTheCropTwoScalesFiner) {
  MultiscaleSpec spec;
  spec.chevron = 2;
  const MultiscalePlan plan(spec);
  const cv::Mat white(1920, 1920, CV_8UC1, cv::Scalar(255));
  const auto crops = plan.cropsFromCanvas(white);
  EXPECT_EQ(cv::countNonZero(crops[0] != 255), 0);
  EXPECT_EQ(cv::countNonZero(crops[1] != 255), 0);
  for (int i = 2; i < 11; ++i) {
    EXPECT_EQ(plan.hole(i).side(), plan.boxes()[static_cast<std::size_t>(i - 2)].side());
    const cv::Mat& crop = crops[static_cast<std::size_t>(i)];
    EXPECT_EQ(crop.at<std::uint8_t>(30, 30), 0) << "scale " << i;
    EXPECT_EQ(crop.at<std::uint8_t>(0, 0), 255) << "scale " << i;
    // The hole is half the side, a quarter of the area (plus a blurred rim).
    const int dark = cv::countNonZero(crop < 128);
    EXPECT_NEAR(dark, 900, 70) << "scale " << i;
  }
}

// With the linear fovea the crops grow by a constant step, so the hole of scale i is the box of
// scale i - chevron under that rule, not the exponential fovea's.
TEST(Multiscale, LinearFoveaChevronHoleIsTheLinearCropTwoScalesFiner) {
  MultiscaleSpec spec;
  spec.fovea = retina::Fovea::Linear;
  spec.chevron = 2;
  const MultiscalePlan plan(spec);
  // step = int(1920 / (11 x 60)) = 2: sides 60 x (2i + 1) = 60, 180, 300, ...
  EXPECT_EQ(plan.boxes()[3].side(), 420);
  for (int i = 2; i < 11; ++i) {
    EXPECT_EQ(plan.hole(i).side(), 60 * (2 * (i - 2) + 1)) << "scale " << i;
  }
  const cv::Mat white(1920, 1920, CV_8UC1, cv::Scalar(255));
  const auto crops = plan.cropsFromCanvas(white);
  // Scale 4 (540 px) loses the 300 px square of scale 2: (300 / 540)^2 of its 60 x 60 pixels.
  EXPECT_NEAR(cv::countNonZero(crops[4] < 128), 3600.0 * (300.0 / 540) * (300.0 / 540), 80);
}

// The fast path must give the reference path's pixels exactly, for any geometry.
TEST(Multiscale, WindowPathEqualsFullCanvasPathExactly) {
  std::mt19937 rng(11);
  const auto& set = digits();
  int checked = 0;
  for (int trial = 0; trial < 60; ++trial) {
    stimulus::CrowdingGeometry geometry;
    geometry.target_ecc_px = std::uniform_real_distribution<double>(-900, 900)(rng);
    geometry.configuration = static_cast<stimulus::Configuration>(trial % 4);
    geometry.spacing_px = std::uniform_real_distribution<double>(100, 400)(rng);
    geometry.flanker_px = trial % 3 == 0 ? 85 : 120;
    geometry.meridian_deg = trial % 5 == 0 ? 90.0 * (trial % 7) / 3 : 0.0;
    geometry.flanker_contrast = trial % 2 ? 1.0 : 0.6;
    std::vector<stimulus::GlyphBox> boxes;
    try {
      boxes = stimulus::layoutGlyphs(geometry);
    } catch (const InputError&) {
      continue;  // impossible geometry: not a stimulus
    }
    MultiscaleSpec spec;
    if (trial % 6 == 1) spec.chevron = 2;
    if (trial % 6 == 2) spec.scales = 6;
    const MultiscalePlan plan(spec);
    const auto glyphs =
        stimulus::prepareGlyphs(geometry, set.glyph(static_cast<std::size_t>(trial) * 83),
                                set.glyph(static_cast<std::size_t>(trial) * 61 + 1));
    const auto window = stimulus::renderWindow(boxes, glyphs, 1920);
    const auto fast = plan.cropsFromWindow(window);
    const auto reference = plan.cropsFromCanvas(stimulus::renderCanvas(boxes, glyphs, 1920));
    ASSERT_EQ(fast.size(), reference.size());
    for (std::size_t i = 0; i < fast.size(); ++i) {
      ASSERT_EQ(cv::norm(fast[i], reference[i], cv::NORM_INF), 0.0)
          << "trial " << trial << " scale " << i << " ecc " << geometry.target_ecc_px;
    }
    ++checked;
  }
  EXPECT_GT(checked, 30);
}

TEST(Multiscale, InvalidSpecsAreInputErrors) {
  MultiscaleSpec spec;
  spec.scales = 0;
  EXPECT_THROW(MultiscalePlan{spec}, InputError);
  spec = {};
  spec.crop_px = 4000;
  EXPECT_THROW(MultiscalePlan{spec}, InputError);
  spec = {};
  spec.chevron = -1;
  EXPECT_THROW(MultiscalePlan{spec}, InputError);
  EXPECT_THROW(retina::parseContrastNorm("area"), InputError);
}

}  // namespace
