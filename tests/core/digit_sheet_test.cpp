#include "core/data/digit_sheet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/errors.h"

namespace fs = std::filesystem;
using fovea::data::GlyphSet;

namespace {

const GlyphSet& digits() {
  static const GlyphSet set = fovea::data::loadDigitSheet(fovea::data::defaultDigitSheetPath());
  return set;
}

TEST(DigitSheet, HoldsFiveHundredDigitsOfEachClassInMnistFormat) {
  const auto& set = digits();
  ASSERT_EQ(set.size(), 5000u);
  EXPECT_EQ(set.rows, 28);
  EXPECT_EQ(set.cols, 28);
  std::array<int, 10> per_class{};
  for (int label : set.labels) {
    ASSERT_GE(label, 0);
    ASSERT_LE(label, 9);
    ++per_class[static_cast<std::size_t>(label)];
  }
  for (int count : per_class) EXPECT_EQ(count, 500);
}

// Rows from the first to the last that hold ink (any grey level >= `threshold`).
int inkHeight(const cv::Mat& glyph, int threshold) {
  int top = -1, bottom = -1;
  for (int y = 0; y < glyph.rows; ++y) {
    if (cv::countNonZero(glyph.row(y) >= threshold) == 0) continue;
    if (top < 0) top = y;
    bottom = y;
  }
  return top < 0 ? 0 : bottom - top + 1;
}

double medianInkHeight(const GlyphSet& set, int side, int threshold) {
  std::vector<int> heights;
  for (std::size_t i = 0; i < set.size(); i += 7) {
    cv::Mat glyph = set.glyph(i);
    if (side != set.rows) cv::resize(glyph, glyph, {side, side}, 0, 0, cv::INTER_LINEAR);
    heights.push_back(inkHeight(glyph, threshold));
  }
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  return heights[heights.size() / 2];
}

TEST(DigitSheet, GlyphsAreInkOnBlackAndRoughlyCentred) {
  const auto& set = digits();
  for (std::size_t i = 0; i < set.size(); i += 37) {
    const cv::Mat glyph = set.glyph(i);
    EXPECT_GT(cv::countNonZero(glyph > 128), 10) << "glyph " << i << " has no ink";
    const cv::Moments moments = cv::moments(glyph);
    EXPECT_NEAR(moments.m10 / moments.m00, 13.5, 4.0) << "glyph " << i;
    EXPECT_NEAR(moments.m01 / moments.m00, 13.5, 4.0) << "glyph " << i;
  }
}

// MNIST's ink box is 20 of 28 px, so a digit drawn 120 px tall has about 86 px of ink (the
// study's figure). The sheet's cells are whole MNIST images shrunk to 20 px: padding them to 28
// instead of enlarging them gives about 64 px of ink, and wider gaps between glyphs.
TEST(DigitSheet, DigitsHaveMnistsInkHeight) {
  const auto& set = digits();
  EXPECT_NEAR(medianInkHeight(set, 28, 64), 20, 1.5);
  EXPECT_NEAR(medianInkHeight(set, 120, 64), 86, 6);
}

TEST(DigitSheet, SplitIsFourHundredFiftyAndFiftyPerClassAndDisjoint) {
  const auto& set = digits();
  const auto split = fovea::data::splitDigitSheet(set);
  EXPECT_EQ(split.train.size(), 4500u);
  EXPECT_EQ(split.test.size(), 500u);
  std::vector<bool> seen(set.size(), false);
  std::array<int, 10> test_per_class{};
  for (auto i : split.train) seen[i] = true;
  for (auto i : split.test) {
    EXPECT_FALSE(seen[i]) << "digit " << i << " is in both parts";
    ++test_per_class[static_cast<std::size_t>(set.labels[i])];
  }
  for (int count : test_per_class) EXPECT_EQ(count, 50);
}

TEST(DigitSheet, WrongSizedImageIsAnInputErrorNamingTheFile) {
  const auto path =
      fs::temp_directory_path() / ("fovea-small-" + std::to_string(::getpid()) + ".png");
  cv::imwrite(path.string(), cv::Mat(100, 100, CV_8UC1, cv::Scalar(0)));
  try {
    fovea::data::loadDigitSheet(path);
    FAIL() << "expected an InputError";
  } catch (const fovea::InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("100 x 100"), std::string::npos) << message;
  }
  fs::remove(path);
}

TEST(DigitSheet, GarbageBytesAreAnInputError) {
  const auto path =
      fs::temp_directory_path() / ("fovea-garbage-" + std::to_string(::getpid()) + ".png");
  std::ofstream(path) << "this is not a PNG file";
  EXPECT_THROW(fovea::data::loadDigitSheet(path), fovea::InputError);
  fs::remove(path);
}

}  // namespace
