#include "core/stimulus/noisy_digits.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/core.hpp>

#include "core/data/digit_sheet.h"
#include "core/retina/whitening.h"
#include "core/util/errors.h"

using namespace fovea::stimulus;

namespace {

// Radially averaged amplitude spectrum of an N x N image, in bins of 1/N cycles per pixel.
std::vector<double> radialAmplitude(const cv::Mat& image) {
  const int n = image.rows;
  cv::Mat centred = image - cv::mean(image)[0];
  cv::Mat spectrum;
  cv::dft(centred, spectrum, cv::DFT_COMPLEX_OUTPUT);
  std::vector<double> sum(static_cast<std::size_t>(n / 2), 0.0);
  std::vector<int> count(sum.size(), 0);
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      const int fr = r <= n / 2 ? r : r - n;
      const int fc = c <= n / 2 ? c : c - n;
      const auto bin = static_cast<std::size_t>(std::lround(std::hypot(fr, fc)));
      if (bin == 0 || bin >= sum.size()) continue;
      const cv::Vec2d v = spectrum.at<cv::Vec2d>(r, c);
      sum[bin] += std::hypot(v[0], v[1]);
      ++count[bin];
    }
  }
  for (std::size_t b = 0; b < sum.size(); ++b) sum[b] = count[b] ? sum[b] / count[b] : 0;
  return sum;
}

TEST(MotionCloud, SpansTheRequestedRangeAboutMidGrey) {
  MotionCloudSpec spec;
  const cv::Mat noise = motionCloud(spec, 3);
  double lo = 0, hi = 0;
  cv::minMaxLoc(noise, &lo, &hi);
  // The rectification puts the larger excursion exactly at 0.5 +- noise / 2.
  EXPECT_NEAR(std::max(0.5 - lo, hi - 0.5), spec.noise / 2, 1e-9);
  EXPECT_NEAR(cv::mean(noise)[0], 0.5, 1e-9);
  EXPECT_EQ(cv::norm(noise, motionCloud(spec, 3), cv::NORM_INF), 0.0);
  EXPECT_GT(cv::norm(noise, motionCloud(spec, 4), cv::NORM_INF), 0.1);
}

TEST(MotionCloud, AmplitudeSpectrumFollowsTheEnvelope) {
  MotionCloudSpec spec;
  std::vector<double> mean(64, 0.0);
  for (std::uint64_t seed = 0; seed < 24; ++seed) {
    const auto amplitude = radialAmplitude(motionCloud(spec, seed));
    for (std::size_t b = 0; b < mean.size(); ++b) mean[b] += amplitude[b];
  }
  // The envelope peaks at sf_0 * exp(-ln(2)^2) = 0.062 cycles/px: bin 8 of 128.
  const auto peak = std::max_element(mean.begin() + 1, mean.end()) - mean.begin();
  EXPECT_NEAR(static_cast<double>(peak), 0.1 * std::exp(-std::pow(std::log(2.0), 2)) * 128, 1.5);
  // Ratios between frequencies match the envelope's within sampling noise.
  for (int b : {4, 13, 20, 26, 50}) {
    const double measured = mean[static_cast<std::size_t>(b)] / mean[8];
    const double expected =
        motionCloudEnvelope(spec, b / 128.0) / motionCloudEnvelope(spec, 8 / 128.0);
    EXPECT_NEAR(measured / expected, 1.0, 0.2) << "bin " << b;
  }
  // Far above sf_0 little is left (the envelope predicts 3 % of the peak at 0.39 cycles/px).
  EXPECT_LT(mean[50] / mean[8], 0.05);
}

TEST(NoisyDigits, RetinaSetIsMaskedShiftedAndShowsTheStroke) {
  const auto& digits = fovea::data::defaultDigits();
  NoisyDigitSpec spec;  // 128, contrast 0.7
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto stimulus = makeNoisyDigit(digits.glyph(seed * 97), spec, seed);
    ASSERT_EQ(stimulus.image.size(), cv::Size(128, 128));
    EXPECT_EQ(stimulus.image.at<double>(0, 0), 0.5);  // outside the disk
    EXPECT_EQ(stimulus.image.at<double>(127, 64), 0.5);
    EXPECT_LE(std::hypot(stimulus.row_offset, stimulus.col_offset), spec.offset_max + 1e-9);
    double lo = 0, hi = 0;
    cv::minMaxLoc(stimulus.image, &lo, &hi);
    EXPECT_GE(lo, 0.0);
    EXPECT_LE(hi, 1.0);
  }
  spec.radius = 20;
  const auto fixed = makeNoisyDigit(digits.glyph(0), spec, 1);
  EXPECT_NEAR(std::hypot(fixed.row_offset, fixed.col_offset), 20, 1.5);
}

TEST(NoisyDigits, StrokesAppearOnlyWhereBrighterThanTheNoise) {
  cv::Mat digit = cv::Mat::zeros(8, 8, CV_64F);
  digit.at<double>(4, 4) = 1.0;
  cv::Mat noise(8, 8, CV_64F, cv::Scalar(0.6));
  const cv::Mat mixed = mixDigitWithNoise(digit, noise, 0.7);
  EXPECT_DOUBLE_EQ(mixed.at<double>(4, 4), 0.85);  // 0.5 + c / 2
  EXPECT_DOUBLE_EQ(mixed.at<double>(0, 0), 0.6);   // background: the noise
  const cv::Mat faint = mixDigitWithNoise(digit, cv::Mat(8, 8, CV_64F, cv::Scalar(0.9)), 0.7);
  EXPECT_DOUBLE_EQ(faint.at<double>(4, 4), 0.9);  // the noise is brighter: no stroke
}

TEST(NoisyDigits, WhatSetIs28PixelsQuantisedAndRandomContrastInRange) {
  const auto& digits = fovea::data::defaultDigits();
  NoisyDigitSpec spec;
  spec.size = 28;
  spec.contrast_min = 0.3;
  spec.contrast_max = 0.7;
  spec.offset_std = 15;
  spec.offset_max = 25;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto stimulus = makeNoisyDigit(digits.glyph(seed), spec, seed);
    EXPECT_EQ(stimulus.image.size(), cv::Size(28, 28));
    EXPECT_GE(stimulus.contrast, 0.3);
    EXPECT_LE(stimulus.contrast, 0.7);
    EXPECT_LE(std::abs(stimulus.row_offset), 25);
    const double v = stimulus.image.at<double>(5, 7) * 255;
    EXPECT_NEAR(v, std::round(v), 1e-9);
  }
  spec.size = 64;
  EXPECT_THROW(makeNoisyDigit(digits.glyph(0), spec, 0), fovea::InputError);
}

TEST(Whitening, FlattensTheSpectrumOfOneOverFNoise) {
  MotionCloudSpec broad;
  broad.B_sf = 10;  // nearly pure 1/f
  const cv::Mat noise = motionCloud(broad, 5);
  fovea::retina::WhiteningSpec raw;
  raw.offset_and_clip = false;
  const auto before = radialAmplitude(noise);
  const auto after = radialAmplitude(fovea::retina::whitenImage(noise, raw));
  // 1/f noise falls by ~8x from 2 to 16 cycles; whitened it falls far less.
  EXPECT_GT(before[2] / before[16], 4.0);
  EXPECT_LT(after[2] / after[16], 2.0);
  const cv::Mat filter = fovea::retina::whiteningFilter(128);
  EXPECT_NEAR(cv::mean(filter)[0], 1.0, 1e-9);
  const cv::Mat flat = fovea::retina::whitenImage(cv::Mat(128, 128, CV_64F, cv::Scalar(0.3)));
  EXPECT_NEAR(cv::mean(flat)[0], 0.5, 1e-6);
}

}  // namespace
