#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::retina {

// The What/Where model's log-polar retina (science-attention.md 2.3): log-Gabor filters on a
// 128 x 128 image at 10 eccentricities x 24 azimuths x 6 orientations x 2 phases (2880), and
// the collicular map built from them (24 x 10 = 240 cells, 2.4).
struct LogGaborRetinaSpec {
  int size = 128;
  int n_theta = 6;
  int n_azimuth = 24;
  int n_eccentricity = 10;
  int n_phase = 2;
  double rho = 1.41;
  double ecc_max = 0.8;
  double B_sf = 0.4;
  double B_theta = 3.14159265358979323846 / 12;

  int filterCount() const { return n_theta * n_azimuth * n_eccentricity * n_phase; }
  std::string key() const;  // identifies the filter bank in the cache
};

// Radius (px) of eccentricity ring i: (sqrt(2) N / 2) * ecc_max * (1 / rho)^(n_ecc - i).
double ringRadius(const LogGaborRetinaSpec& spec, int ring);

class LogGaborRetina {
 public:
  // The filter bank for `spec`, from the disk cache when a valid copy is there, else built and
  // cached (atomically, with a CRC-32 check on every load). Shared per process.
  static std::shared_ptr<const LogGaborRetina> get(const LogGaborRetinaSpec& spec = {});
  // The disk cache alone (no sharing): load the bank if the cached copy verifies, else build it
  // and write the cache.
  static std::shared_ptr<const LogGaborRetina> loadOrBuild(const LogGaborRetinaSpec& spec);
  // Builds without touching any cache.
  static std::shared_ptr<const LogGaborRetina> build(const LogGaborRetinaSpec& spec);

  const LogGaborRetinaSpec& spec() const { return spec_; }
  // Row i of R: filter (theta, azimuth, eccentricity, phase) in C order; size*size floats.
  const float* filter(int index) const;
  const float* collicularCell(int index) const;  // (azimuth, eccentricity) in C order
  int collicularCells() const { return collicular_.rows; }

  // x = R . vec(image); the image is size x size CV_64F (whitened, as the Where net sees it).
  std::vector<float> encode(const cv::Mat& image) const;
  // a = C . vec(map) for a size x size CV_64F map (240 values).
  std::vector<float> collicular(const cv::Mat& map) const;

  bool loadedFromCache() const { return from_cache_; }

 private:
  explicit LogGaborRetina(LogGaborRetinaSpec spec) : spec_(std::move(spec)) {}
  void buildFilters();
  void buildCollicular();

  LogGaborRetinaSpec spec_;
  cv::Mat filters_;     // filterCount x size^2, CV_32F
  cv::Mat collicular_;  // (azimuth * eccentricity) x size^2, CV_32F
  bool from_cache_ = false;
};

}  // namespace fovea::retina
