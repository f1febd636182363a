#include "core/retina/log_gabor_retina.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace fs = std::filesystem;
using namespace fovea::retina;

namespace {

class LogGaborRetinaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // ctest runs each test in its own process: a cache in the build tree lets the first build
    // the paper-scale bank (seconds) and the others load it. It is rebuilt whenever it fails
    // its check, so a stale or half-written copy cannot leak into a result.
    cache_ = FOVEA_TEST_CACHE_DIR;
    ::setenv("FOVEA_CACHE_DIR", cache_.c_str(), 1);
    paper_ = LogGaborRetina::get();
  }

  static fs::path cache_;
  static std::shared_ptr<const LogGaborRetina> paper_;
};
fs::path LogGaborRetinaTest::cache_;
std::shared_ptr<const LogGaborRetina> LogGaborRetinaTest::paper_;

// Index of filter (theta, azimuth, eccentricity, phase) in C order.
int filterIndex(const LogGaborRetinaSpec& s, int theta, int az, int ecc, int phase) {
  return ((theta * s.n_azimuth + az) * s.n_eccentricity + ecc) * s.n_phase + phase;
}

TEST_F(LogGaborRetinaTest, PaperScaleHas2880FiltersOnTenRings) {
  const auto& spec = paper_->spec();
  EXPECT_EQ(spec.filterCount(), 2880);
  const std::vector<double> radii = {2.33,  3.29,  4.63,  6.54,  9.21,
                                     12.99, 18.32, 25.83, 36.42, 51.35};
  for (int i = 0; i < 10; ++i)
    EXPECT_NEAR(ringRadius(spec, i), radii[static_cast<std::size_t>(i)], 0.01);
}

TEST_F(LogGaborRetinaTest, FiltersAreNormalisedAndSitWhereTheSpecPutsThem) {
  const auto& spec = paper_->spec();
  for (int ecc : {5, 7, 9}) {
    for (int az : {0, 6, 13}) {
      const float* f = paper_->filter(filterIndex(spec, 0, az, ecc, 0));
      const cv::Mat filter(128, 128, CV_32F, const_cast<float*>(f));
      double lo = 0, hi = 0;
      cv::minMaxLoc(filter, &lo, &hi);
      EXPECT_NEAR(std::max(-lo, hi), 1.0, 1e-5);
      // The even (phase 0) filter peaks at its centre (64 + r cos psi, 64 + r sin psi). (Large
      // outer filters wrap around the image edge, as in the original's FFT construction, so the
      // peak is a steadier landmark than the energy centroid.)
      cv::Point peak;
      cv::minMaxLoc(cv::abs(filter), nullptr, nullptr, nullptr, &peak);
      const double psi = (az + 0.5 * (ecc % 2)) * 2 * 3.14159265358979 / 24;
      const double radius = ringRadius(spec, ecc);
      EXPECT_NEAR(peak.y, 64 + radius * std::cos(psi), 2.0) << "ecc " << ecc << " az " << az;
      EXPECT_NEAR(peak.x, 64 + radius * std::sin(psi), 2.0) << "ecc " << ecc << " az " << az;
    }
  }
}

TEST_F(LogGaborRetinaTest, CollicularCellsSumToOneAndFindABlob) {
  for (int cell = 0; cell < 240; cell += 17) {
    const cv::Mat row(1, 128 * 128, CV_32F, const_cast<float*>(paper_->collicularCell(cell)));
    EXPECT_NEAR(cv::sum(row)[0], 1.0, 1e-4);
  }
  // A blob 30 px below the centre: azimuth 0 (psi = 0 points along rows), ring 7 or 8.
  cv::Mat map = cv::Mat::zeros(128, 128, CV_64F);
  cv::circle(map, {64, 94}, 3, cv::Scalar(1.0), -1);
  const auto cells = paper_->collicular(map);
  ASSERT_EQ(cells.size(), 240u);
  const auto best = static_cast<int>(std::max_element(cells.begin(), cells.end()) - cells.begin());
  const int az = best / 10;
  const int ecc = best % 10;
  EXPECT_TRUE(az == 0 || az == 23 || az == 1) << "azimuth " << az;
  EXPECT_TRUE(ecc == 7 || ecc == 8) << "ring " << ecc;
  EXPECT_EQ(paper_->encode(map).size(), 2880u);
}

TEST_F(LogGaborRetinaTest, TheDiskCacheIsReusedAndACorruptCopyRebuilt) {
  // A private cache: this test corrupts what it finds there.
  const auto private_cache =
      fs::temp_directory_path() / ("fovea-filter-cache-" + std::to_string(::getpid()));
  ::setenv("FOVEA_CACHE_DIR", private_cache.c_str(), 1);
  LogGaborRetinaSpec small;
  small.size = 32;
  small.n_theta = 2;
  small.n_azimuth = 6;
  small.n_eccentricity = 4;
  const auto first = LogGaborRetina::loadOrBuild(small);
  EXPECT_FALSE(first->loadedFromCache());
  const auto second = LogGaborRetina::loadOrBuild(small);
  EXPECT_TRUE(second->loadedFromCache());
  EXPECT_EQ(std::memcmp(first->filter(0), second->filter(0), 32 * 32 * 4 * 96), 0);
  for (const auto& entry : fs::directory_iterator(private_cache / "filters")) {
    if (entry.path().extension() != ".f32") continue;
    std::fstream file(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(100);
    file.put('\x42');
  }
  const auto third = LogGaborRetina::loadOrBuild(small);
  EXPECT_FALSE(third->loadedFromCache());
  EXPECT_EQ(std::memcmp(first->filter(0), third->filter(0), 32 * 32 * 4 * 96), 0);

  // A description whose keys hold the wrong types is as good as none: rebuilt, no exception.
  for (const auto& entry : fs::directory_iterator(private_cache / "filters")) {
    if (entry.path().extension() == ".json") std::ofstream(entry.path()) << R"({"key": 42})";
  }
  std::shared_ptr<const LogGaborRetina> fourth;
  EXPECT_NO_THROW(fourth = LogGaborRetina::loadOrBuild(small));
  EXPECT_FALSE(fourth->loadedFromCache());
  EXPECT_EQ(std::memcmp(first->filter(0), fourth->filter(0), 32 * 32 * 4 * 96), 0);

  // A cache that cannot be written costs a rebuild each time, never the bank.
  fs::remove_all(private_cache / "filters");
  std::ofstream(private_cache / "filters") << "a file where the folder should be";
  std::shared_ptr<const LogGaborRetina> fifth;
  EXPECT_NO_THROW(fifth = LogGaborRetina::loadOrBuild(small));
  EXPECT_EQ(std::memcmp(first->filter(0), fifth->filter(0), 32 * 32 * 4 * 96), 0);
  fs::remove_all(private_cache);
  ::setenv("FOVEA_CACHE_DIR", cache_.c_str(), 1);
}

}  // namespace
