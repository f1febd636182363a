#include "core/retina/sparse_retina.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>

#include "core/data/digit_sheet.h"
#include "core/stimulus/noisy_digits.h"

using namespace fovea::retina;

namespace {

class SparseRetinaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::setenv("FOVEA_CACHE_DIR", FOVEA_TEST_CACHE_DIR, 1);
    dense_ = LogGaborRetina::get();
    sparse_ = SparseRetina::get();
  }
  static std::shared_ptr<const LogGaborRetina> dense_;
  static std::shared_ptr<const SparseRetina> sparse_;
};
std::shared_ptr<const LogGaborRetina> SparseRetinaTest::dense_;
std::shared_ptr<const SparseRetina> SparseRetinaTest::sparse_;

// Real stimuli of the Where task: noisy digits on the 128 px retina set.
std::vector<float> stimuli(int count, double contrast) {
  const auto& digits = fovea::data::defaultDigits();
  fovea::stimulus::NoisyDigitSpec spec;
  spec.noise = 1.0;
  spec.contrast_min = spec.contrast_max = contrast;
  std::vector<float> images;
  for (int i = 0; i < count; ++i) {
    const auto s = fovea::stimulus::makeNoisyDigit(digits.glyph(i * 31), spec, 500 + i);
    cv::Mat f;
    s.image.convertTo(f, CV_32F);
    images.insert(images.end(), f.begin<float>(), f.end<float>());
  }
  return images;
}

TEST_F(SparseRetinaTest, WhiteningMatchesTheDenseWhitening) {
  const auto images = stimuli(3, 0.5);
  std::vector<float> whitened(images.size());
  sparse_->whiten(images.data(), 3, whitened.data());
  for (int i = 0; i < 3; ++i) {
    cv::Mat image(128, 128, CV_32F, const_cast<float*>(images.data()) + i * 16384);
    cv::Mat image64;
    image.convertTo(image64, CV_64F);
    const cv::Mat reference = whitenImage(image64);
    cv::Mat ours(128, 128, CV_32F, whitened.data() + i * 16384);
    cv::Mat ours64;
    ours.convertTo(ours64, CV_64F);
    EXPECT_LT(cv::norm(reference, ours64, cv::NORM_INF), 1e-4) << "image " << i;
  }
}

TEST_F(SparseRetinaTest, CodesMatchTheDenseProductWithATwentiethOfTheWeights) {
  const auto& stats = sparse_->stats();
  EXPECT_EQ(stats.dense_weights, 2880LL * 16384);
  EXPECT_LT(stats.weights * 20, stats.dense_weights) << stats.weights << " weights";
  // Both representations are in use: the fovea's filters in space, the periphery's in frequency.
  EXPECT_GT(stats.spatial_filters, 600);
  EXPECT_GT(stats.spectral_filters, 600);

  const int count = 37;  // not a multiple of the product's tile of 16
  const auto images = stimuli(count, 0.7);
  std::vector<float> codes(static_cast<std::size_t>(count) * 2880);
  sparse_->encode(images.data(), count, codes.data());
  std::vector<float> whitened(images.size());
  sparse_->whiten(images.data(), count, whitened.data());
  double worst = 0;
  for (int i = 0; i < count; ++i) {
    cv::Mat image(128, 128, CV_32F, whitened.data() + i * 16384);
    cv::Mat image64;
    image.convertTo(image64, CV_64F);
    const auto reference = dense_->encode(image64);
    double error = 0, norm = 0;
    for (int k = 0; k < 2880; ++k) {
      const double d = codes[static_cast<std::size_t>(i) * 2880 + k] - reference[k];
      error += d * d;
      norm += double(reference[k]) * reference[k];
    }
    worst = std::max(worst, std::sqrt(error / norm));
  }
  // The whitened image is white by design, so a filter that drops a fraction t of its energy
  // errs by about sqrt(t) of its response: 1 % at the default 1e-4.
  EXPECT_LT(worst, 0.015);
  EXPECT_GT(worst, 0);  // it is an approximation: the test would notice a dense fallback
}

TEST_F(SparseRetinaTest, ToleranceTradesWeightsForError) {
  const auto loose = SparseRetina::build(*dense_, 1e-2);
  const auto tight = SparseRetina::build(*dense_, 1e-6);
  EXPECT_LT(loose->stats().weights, sparse_->stats().weights);
  EXPECT_GT(tight->stats().weights, sparse_->stats().weights);
  const auto images = stimuli(4, 0.3);
  std::vector<float> a(4 * 2880), b(4 * 2880), whitened(images.size());
  loose->encode(images.data(), 4, a.data());
  tight->encode(images.data(), 4, b.data());
  sparse_->whiten(images.data(), 4, whitened.data());
  double loose_error = 0, tight_error = 0;
  for (int i = 0; i < 4; ++i) {
    cv::Mat image(128, 128, CV_32F, whitened.data() + i * 16384), image64;
    image.convertTo(image64, CV_64F);
    const auto reference = dense_->encode(image64);
    for (int k = 0; k < 2880; ++k) {
      loose_error += std::pow(a[static_cast<std::size_t>(i) * 2880 + k] - reference[k], 2);
      tight_error += std::pow(b[static_cast<std::size_t>(i) * 2880 + k] - reference[k], 2);
    }
  }
  EXPECT_LT(tight_error * 100, loose_error);
}

}  // namespace

namespace {

TEST_F(SparseRetinaTest, TheCachedMatrixIsTheBuiltOneAndADamagedCopyIsRebuilt) {
  const auto dir = std::filesystem::path(FOVEA_TEST_CACHE_DIR) / "sparse-cache-test";
  std::filesystem::remove_all(dir);
  ::setenv("FOVEA_CACHE_DIR", dir.c_str(), 1);
  const auto first = SparseRetina::loadOrBuild(*dense_, 1e-3);
  EXPECT_FALSE(first->loadedFromCache());
  const auto second = SparseRetina::loadOrBuild(*dense_, 1e-3);
  EXPECT_TRUE(second->loadedFromCache());
  EXPECT_EQ(second->stats().weights, first->stats().weights);
  EXPECT_EQ(second->stats().spatial_filters, first->stats().spatial_filters);
  const auto images = stimuli(3, 0.5);
  std::vector<float> a(3 * 2880), b(3 * 2880);
  first->encode(images.data(), 3, a.data());
  second->encode(images.data(), 3, b.data());
  EXPECT_EQ(a, b);
  // Flip one byte of the matrix: the CRC catches it and the bank is built again.
  std::filesystem::path matrix;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "filters")) {
    if (entry.path().extension() == ".bin") matrix = entry.path();
  }
  ASSERT_FALSE(matrix.empty());
  {
    std::fstream file(matrix, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(20000);
    file.put('\x5a');
  }
  const auto third = SparseRetina::loadOrBuild(*dense_, 1e-3);
  EXPECT_FALSE(third->loadedFromCache());
  EXPECT_EQ(third->stats().weights, first->stats().weights);
  EXPECT_TRUE(SparseRetina::loadOrBuild(*dense_, 1e-3)->loadedFromCache());  // rewritten
  ::setenv("FOVEA_CACHE_DIR", FOVEA_TEST_CACHE_DIR, 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
