#include "core/stimulus/pil_resample.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <random>

#include "core/data/digit_sheet.h"

namespace fs = std::filesystem;
using fovea::stimulus::resizeLikePil;

namespace {

// A test image with sharp edges, smooth ramps and noise, so any difference in the filter shows.
cv::Mat testImage(int rows, int cols) {
  cv::Mat image(rows, cols, CV_8UC1);
  std::mt19937 rng(7);
  for (int y = 0; y < rows; ++y) {
    for (int x = 0; x < cols; ++x) {
      int value = (x * 255) / std::max(cols - 1, 1);
      if ((x / 17 + y / 13) % 2 == 0) value = 255 - value;
      if (y % 29 < 3) value = static_cast<int>(rng() % 256);
      image.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(value);
    }
  }
  return image;
}

TEST(PilResample, MatchesPillowBilinearExactly) {
  const fs::path dir = fs::temp_directory_path() / ("fovea-pil-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const cv::Mat image = testImage(1357, 1357);
  const cv::Mat small = testImage(150, 200);
  ASSERT_TRUE(cv::imwrite((dir / "large.png").string(), image));
  ASSERT_TRUE(cv::imwrite((dir / "small.png").string(), small));
  const std::string script = std::string(FOVEA_TEST_DATA) + "/pil_reference.py";
  const std::vector<cv::Size> large_sizes = {
      {60, 60}, {85, 85}, {481, 481}, {60, 45}, {1400, 1400}};
  const std::vector<cv::Size> small_sizes = {{60, 45}, {120, 120}, {200, 150}, {201, 77}};
  auto run = [&](const std::string& input, const std::vector<cv::Size>& sizes) {
    fs::create_directories(dir / (input + ".out"));
    std::string command = "/usr/bin/python3 " + script + " " + (dir / input).string() + " " +
                          (dir / (input + ".out")).string();
    for (const auto& size : sizes) {
      command += " " + std::to_string(size.width) + "x" + std::to_string(size.height);
    }
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  };
  run("large.png", large_sizes);
  run("small.png", small_sizes);
  auto compare = [&](const cv::Mat& source, const std::string& input,
                     const std::vector<cv::Size>& sizes) {
    for (const auto& size : sizes) {
      const std::string name = std::to_string(size.width) + "x" + std::to_string(size.height);
      const cv::Mat expected =
          cv::imread((dir / (input + ".out") / (name + ".png")).string(), cv::IMREAD_GRAYSCALE);
      ASSERT_FALSE(expected.empty()) << name;
      const cv::Mat actual = resizeLikePil(source, size);
      EXPECT_EQ(cv::norm(actual, expected, cv::NORM_INF), 0.0) << name;
    }
  };
  compare(image, "large.png", large_sizes);
  compare(small, "small.png", small_sizes);
  fs::remove_all(dir);
}

TEST(PilResample, WorksOnARegionOfALargerImage) {
  const cv::Mat image = testImage(400, 400);
  const cv::Rect region(37, 51, 213, 213);
  EXPECT_EQ(cv::norm(resizeLikePil(image(region), {60, 60}),
                     resizeLikePil(image(region).clone(), {60, 60}), cv::NORM_INF),
            0.0);
}

TEST(PilResample, SameSizeIsACopy) {
  const cv::Mat image = testImage(60, 60);
  EXPECT_EQ(cv::norm(resizeLikePil(image, {60, 60}), image, cv::NORM_INF), 0.0);
}

TEST(PilResample, DownscalingAveragesInsteadOfAliasing) {
  // A one-pixel checkerboard averages to mid-grey when antialiased; point sampling would not.
  cv::Mat board(240, 240, CV_8UC1);
  for (int y = 0; y < 240; ++y)
    for (int x = 0; x < 240; ++x) board.at<std::uint8_t>(y, x) = ((x + y) % 2) ? 255 : 0;
  const cv::Mat small = resizeLikePil(board, {60, 60});
  double lowest = 0, highest = 0;
  cv::minMaxLoc(small(cv::Rect(2, 2, 56, 56)), &lowest, &highest);
  EXPECT_GE(lowest, 120);
  EXPECT_LE(highest, 135);
}

}  // namespace
