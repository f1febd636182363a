#include "core/retina/polo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/errors.h"

using namespace fovea::retina;

namespace {

const PoloCode& polo() {
  static const PoloCode code;
  return code;
}

TEST(Polo, SixHundredAndSixtyEightValuesFromSixRadii) {
  EXPECT_EQ(polo().spec().size(), 768);
  EXPECT_NEAR(polo().radius(0), 8.0, 1e-9);
  EXPECT_NEAR(polo().radius(1), 11.3137, 1e-3);  // 8 sqrt(2)
  const cv::Mat image(128, 128, CV_64F, cv::Scalar(0.5));
  EXPECT_EQ(polo().encode(image).size(), 768u);
}

// The original notebook reports K in [-0.3125, 1]; built by the recipe of science-attention.md
// section 4 (LogGabor + SLIP conventions, B_sf infinite) the minimum comes out at -0.279. The
// maximum is 1 by construction; the minimum is pinned to our value so any change shows.
TEST(Polo, FilterTensorSpansToOne) {
  double lowest = 1e9, highest = -1e9;
  for (int k = 0; k < 2; ++k)
    for (int az = 0; az < 16; ++az)
      for (int t = 0; t < 8; ++t) {
        double lo = 0, hi = 0;
        cv::minMaxLoc(polo().filter(k, az, t), &lo, &hi);
        lowest = std::min(lowest, lo);
        highest = std::max(highest, hi);
      }
  EXPECT_NEAR(highest, 1.0, 1e-6);
  EXPECT_NEAR(lowest, -0.2794, 0.001);
}

TEST(Polo, PyramidIsResidualsOfTheCentreAndTheLowPassRest) {
  cv::Mat image(128, 128, CV_64F);
  cv::randu(image, 0.0, 1.0);
  const auto levels = polo().pyramid(image);
  ASSERT_EQ(levels.size(), 3u);
  for (const auto& level : levels) EXPECT_EQ(level.size(), cv::Size(32, 32));
  // Level 2 is the image averaged over 4 x 4 blocks.
  double block = 0;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) block += image.at<double>(8 + r, 12 + c);
  EXPECT_NEAR(levels[2].at<double>(2, 3), block / 16, 1e-12);
  // A flat image has no residual detail.
  const auto flat = polo().pyramid(cv::Mat(128, 128, CV_64F, cv::Scalar(0.3)));
  EXPECT_NEAR(cv::norm(flat[0], cv::NORM_INF), 0.0, 1e-12);
  EXPECT_NEAR(cv::norm(flat[1], cv::NORM_INF), 0.0, 1e-12);
  EXPECT_THROW(polo().pyramid(cv::Mat(64, 64, CV_64F)), fovea::InputError);
}

TEST(Polo, ABlobFarOutLightsTheOuterRowsNotTheInner) {
  // A bright spot 40 px below the centre: outside the central 64 px, so only level 2 sees it.
  cv::Mat image(128, 128, CV_64F, cv::Scalar(0.5));
  cv::circle(image, {64, 104}, 5, cv::Scalar(1.0), -1);
  const auto code = polo().encode(image);
  double inner = 0, outer = 0;
  for (int t = 0; t < 8; ++t)
    for (int row = 0; row < 6; ++row)
      for (int az = 0; az < 16; ++az) {
        const double v = std::fabs(code[static_cast<std::size_t>((t * 6 + row) * 16 + az)]);
        (row < 4 ? inner : outer) += v;
      }
  EXPECT_GT(outer, 10 * inner);
}

}  // namespace

#include "core/retina/foveated_crops.h"

namespace {

TEST(FoveatedCrops, FourBranchesMagnifyTheCentre) {
  cv::Mat image(96, 96, CV_64F);
  for (int r = 0; r < 96; ++r)
    for (int c = 0; c < 96; ++c) image.at<double>(r, c) = c;  // a horizontal ramp
  const auto crops = fovea::retina::foveatedCrops(image);
  ASSERT_EQ(crops.size(), 4u);
  for (const auto& crop : crops) EXPECT_EQ(crop.size(), cv::Size(48, 48));
  // Slope of the ramp in each branch: 2 (x0.5), 1, 0.5 (x2), 0.25 (x4) per output pixel.
  const std::vector<double> slopes = {2.0, 1.0, 0.5, 0.25};
  for (std::size_t k = 0; k < 4; ++k) {
    const double slope = (crops[k].at<double>(24, 30) - crops[k].at<double>(24, 20)) / 10;
    EXPECT_NEAR(slope, slopes[k], 1e-9) << "branch " << k;
    EXPECT_NEAR(crops[k].at<double>(24, 24), 48, 1.0) << "branch " << k << " is centred";
  }
  EXPECT_THROW(fovea::retina::foveatedCrops(cv::Mat(90, 90, CV_64F)), fovea::InputError);
}

}  // namespace
