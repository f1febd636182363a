#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/retina/log_gabor_retina.h"
#include "core/retina/whitening.h"

namespace fovea::retina {

// The log-polar retina as a sparse product. Each filter is local somewhere: the small foveal
// ones in space, the wide peripheral ones in frequency (a log-Gabor of 0.03 cycles/px covers a
// few dozen Fourier bins). Every filter keeps whichever representation needs fewer weights to
// hold all but `energy_tolerance` of its energy, and the code reads one feature vector: the
// whitened image followed by its packed real spectrum (OpenCV's CCS layout).
struct SparseRetinaStats {
  std::int64_t weights = 0;        // stored multiply-adds per image
  std::int64_t dense_weights = 0;  // filters x pixels
  int spatial_filters = 0;         // filters kept in space
  int spectral_filters = 0;        // filters kept in frequency
};

class SparseRetina {
 public:
  // From the shared (disk-cached) dense bank; shared per process and tolerance.
  static std::shared_ptr<const SparseRetina> get(const LogGaborRetinaSpec& spec = {},
                                                 double energy_tolerance = 1e-4);
  static std::shared_ptr<const SparseRetina> build(const LogGaborRetina& dense,
                                                   double energy_tolerance);
  // From the disk cache beside the dense bank when a copy for this bank and tolerance
  // verifies (CRC-32 and every index in range), else built and cached atomically.
  static std::shared_ptr<const SparseRetina> loadOrBuild(const LogGaborRetina& dense,
                                                         double energy_tolerance);
  bool loadedFromCache() const { return from_cache_; }

  int size() const { return size_; }
  int filters() const { return filters_; }
  const SparseRetinaStats& stats() const { return stats_; }

  // Codes of `count` images (size x size floats each, row-major, in [0, 1]): SLIP whitening,
  // then the sparse product. codes holds count x filters floats.
  void encode(const float* images, int count, float* codes, int threads = 0) const;
  // Whitens `count` images the way encode does (offset 0.5 and clipped), for the dense product.
  void whiten(const float* images, int count, float* whitened, int threads = 0) const;

 private:
  SparseRetina() = default;
  // The shape and the whitening, shared by build and the cache.
  static std::shared_ptr<SparseRetina> withWhitening(const LogGaborRetina& dense);
  // The cache's two files: the matrix (row starts, columns, weights) and its JSON description.
  void writeCache(const std::string& path, const std::string& key) const;
  bool readCache(const std::string& path, const std::string& key);
  // One image whitened (offset 0.5, clipped), size x size floats.
  void whitenOne(const float* image, float* out) const;
  // Fills one image's feature vector: the whitened pixels, then their packed (CCS) spectrum.
  void features(const float* image, float* out) const;

  int size_ = 0;
  int filters_ = 0;
  int feature_count_ = 0;
  cv::Mat whitening_;  // packed spectrum of SLIP's whitening kernel
  std::vector<std::int64_t> row_start_;
  std::vector<std::uint32_t> columns_;
  std::vector<float> weights_;
  SparseRetinaStats stats_;
  bool from_cache_ = false;
};

}  // namespace fovea::retina
