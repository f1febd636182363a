#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>
#include <random>

#include "core/inspect/filter_playground.h"
#include "core/util/errors.h"

namespace fovea::inspect {
namespace {

Plane randomPlane(int h, int w, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  Plane p{h, w, std::vector<float>(static_cast<std::size_t>(h * w))};
  for (float& v : p.values) v = u(rng);
  return p;
}

TEST(FilterArithmetic, OutputSizesFollowTheTextbookCases) {
  // valid: floor((n - k) / s) + 1
  EXPECT_EQ(slideAxis(28, 5, 1, Padding::Valid).output, 24);    // LeNet's first layer
  EXPECT_EQ(slideAxis(227, 11, 4, Padding::Valid).output, 55);  // AlexNet's first layer
  EXPECT_EQ(slideAxis(7, 3, 2, Padding::Valid).output, 3);
  EXPECT_EQ(slideAxis(4, 5, 1, Padding::Valid).output, 0);
  // same: ceil(n / s), the odd padding pixel after
  const auto same = slideAxis(28, 5, 2, Padding::Same);
  EXPECT_EQ(same.output, 14);
  EXPECT_EQ(same.pad_before, 1);
  EXPECT_EQ(same.pad_after, 2);
  const auto stride1 = slideAxis(128, 3, 1, Padding::Same);
  EXPECT_EQ(stride1.output, 128);
  EXPECT_EQ(stride1.pad_before, 1);
  EXPECT_EQ(stride1.pad_after, 1);
  EXPECT_EQ(formulaText(slideAxis(128, 3, 2, Padding::Same)), "⌊(128 + 1 − 3) / 2⌋ + 1 = 64");
  EXPECT_EQ(formulaText(slideAxis(28, 5, 1, Padding::Valid)), "⌊(28 − 5) / 1⌋ + 1 = 24");
}

TEST(FilterPlayground, ValidCorrelationAgreesWithOpenCv) {
  const Plane image = randomPlane(23, 31, 1);
  Kernel kernel{"k", 5, randomPlane(5, 5, 2).values};
  FilterSettings settings;
  const auto result = applyFilters(image, {kernel}, settings);
  ASSERT_EQ(result.maps.size(), 1u);
  ASSERT_EQ(result.maps[0].height, 19);
  ASSERT_EQ(result.maps[0].width, 27);
  // cv::filter2D correlates (no flip) around the anchor: its interior is the valid output.
  cv::Mat src(23, 31, CV_32F, const_cast<float*>(image.values.data()));
  cv::Mat k(5, 5, CV_32F, kernel.weights.data());
  cv::Mat full;
  cv::filter2D(src, full, CV_32F, k, cv::Point(-1, -1), 0, cv::BORDER_CONSTANT);
  for (int r = 0; r < 19; ++r) {
    for (int c = 0; c < 27; ++c) {
      ASSERT_NEAR(result.maps[0].values[static_cast<std::size_t>(r * 27 + c)],
                  full.at<float>(r + 2, c + 2), 1e-4)
          << r << "," << c;
    }
  }
}

TEST(FilterPlayground, SameStridedSamplesTheZeroPaddedCorrelation) {
  const Plane image = randomPlane(16, 15, 3);
  Kernel kernel{"k", 4, randomPlane(4, 4, 4).values};
  FilterSettings settings;
  settings.padding = Padding::Same;
  settings.stride = 2;
  const auto result = applyFilters(image, {kernel}, settings);
  ASSERT_EQ(result.maps[0].height, 8);
  ASSERT_EQ(result.maps[0].width, 8);
  // By hand at output (r, c): the window starts at (2r - 1, 2c - 1), zeros outside the image.
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c) {
      double sum = 0;
      for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
          const int y = 2 * r - 1 + i, x = 2 * c - 1 + j;
          if (y < 0 || y >= 16 || x < 0 || x >= 15) continue;
          sum += kernel.weights[static_cast<std::size_t>(i * 4 + j)] *
                 image.values[static_cast<std::size_t>(y * 15 + x)];
        }
      }
      ASSERT_NEAR(result.maps[0].values[static_cast<std::size_t>(r * 8 + c)], sum, 1e-4);
    }
  }
}

TEST(FilterPlayground, AnEdgeKernelRespondsAtTheEdgeWithItsPolarity) {
  // Black left half, white right half.
  Plane image{8, 8, std::vector<float>(64, 0.0f)};
  for (int r = 0; r < 8; ++r) {
    for (int c = 4; c < 8; ++c) image.values[static_cast<std::size_t>(r * 8 + c)] = 1;
  }
  const auto edges = presetBanks()[1].kernels;  // dark to light, light to dark, ...
  FilterSettings settings;
  settings.relu = true;
  const auto result = applyFilters(image, {edges[0], edges[1]}, settings);
  ASSERT_EQ(result.maps[0].width, 6);
  // Output column c sees input columns c..c+2: only c = 2 and 3 straddle the edge.
  for (int c = 0; c < 6; ++c) {
    const float rising = result.maps[0].values[static_cast<std::size_t>(c)];
    EXPECT_EQ(rising > 0, c == 2 || c == 3) << c;
    EXPECT_EQ(result.maps[1].values[static_cast<std::size_t>(c)], 0.0f) << c;  // rectified away
  }
  EXPECT_FLOAT_EQ(result.maps[0].values[2], 4.0f);  // (1 + 2 + 1) across the step
}

TEST(FilterPlayground, PoolingTakesTheMaximumOrTheMeanOfEachWindow) {
  Plane image{5, 5, {}};
  for (int i = 0; i < 25; ++i) image.values.push_back(static_cast<float>(i));
  FilterSettings settings;
  settings.pooling = Pooling::Max;
  settings.pool_size = 2;
  const Kernel identity{"id", 1, {1.0f}};
  const auto max = applyFilters(image, {identity}, settings);
  ASSERT_EQ(max.pooled.size(), 1u);
  ASSERT_EQ(max.pooled[0].height, 2);  // the fifth row and column are dropped (valid)
  EXPECT_EQ(max.pooled[0].values, (std::vector<float>{6, 8, 16, 18}));
  settings.pooling = Pooling::Average;
  const auto mean = applyFilters(image, {identity}, settings);
  EXPECT_EQ(mean.pooled[0].values, (std::vector<float>{3, 5, 13, 15}));
  EXPECT_EQ(formulaText(mean.pool_rows), "⌊(5 − 2) / 2⌋ + 1 = 2");
}

TEST(FilterPlayground, AWindowThatDoesNotFitIsExplainedNotComputed) {
  Plane image{4, 4, std::vector<float>(16, 1.0f)};
  const auto result = applyFilters(image, {blankKernel(5)}, {});
  EXPECT_TRUE(result.maps.empty());
  EXPECT_NE(result.refusal.find("5 px kernel does not fit"), std::string::npos) << result.refusal;
  FilterSettings same;
  same.padding = Padding::Same;
  EXPECT_EQ(applyFilters(image, {blankKernel(5)}, same).maps.size(), 1u);
}

TEST(FilterPlayground, BadInputIsRefusedWithTheSettingNamed) {
  Plane image{4, 4, std::vector<float>(16, 1.0f)};
  FilterSettings settings;
  settings.stride = 0;
  EXPECT_THROW(applyFilters(image, {blankKernel(3)}, settings), InputError);
  image.values[5] = std::numeric_limits<float>::quiet_NaN();
  try {
    applyFilters(image, {blankKernel(3)}, {});
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("not a finite number"), std::string::npos);
  }
  EXPECT_THROW(blankKernel(16), InputError);
  Plane huge{5000, 5000, {}};
  EXPECT_THROW(applyFilters(huge, {blankKernel(3)}, {}), InputError);
}

TEST(KernelPresets, TrainedKernelsAreSummedOverInputChannels) {
  // Two kernels of two channels, 1 x 1: a grey image sees w[o][0] + w[o][1].
  const auto bank = trainedBank("conv1", {2, 2, 1, 1}, {1, 2, 3, -5});
  ASSERT_EQ(bank.kernels.size(), 2u);
  EXPECT_EQ(bank.kernels[0].weights, std::vector<float>{3});
  EXPECT_EQ(bank.kernels[1].weights, std::vector<float>{-2});
  EXPECT_THROW(trainedBank("fc", {10, 64}, std::vector<float>(640)), InputError);
  EXPECT_THROW(trainedBank("conv", {2, 1, 3, 3}, std::vector<float>(5)), InputError);
  // Every preset is zero-sum except the blurs, which sum to one.
  for (const auto& b : presetBanks()) {
    for (const auto& k : b.kernels) {
      double sum = 0;
      for (float w : k.weights) sum += w;
      EXPECT_NEAR(sum, b.name == "Blur" ? 1.0 : 0.0, 1e-5) << k.name;
    }
  }
}

}  // namespace
}  // namespace fovea::inspect
