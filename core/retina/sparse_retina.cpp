#include "core/retina/sparse_retina.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <numeric>
#include <opencv2/core.hpp>

#include "core/util/parallel.h"

namespace fovea::retina {
namespace {

// Samples per pass of the product: one pass reads the features of this many images side by
// side, so every stored weight feeds a short vector and the features stay in cache.
constexpr int kTile = 8;

// kTile floats as one value: the compiler keeps a row's sums in vector registers.
using Lanes = float __attribute__((vector_size(kTile * sizeof(float))));

// sums[row][s] = sum_k weight_k x[column_k][s] for every row of the CSR matrix, with x
// feature-major (kTile samples per feature). Built twice, the CPU picking the wider one.
#if defined(__x86_64__) && defined(__GNUC__)
#define FOVEA_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define FOVEA_VECTOR_CLONES
#endif
FOVEA_VECTOR_CLONES void sparseRows(const std::int64_t* row_start, const std::uint32_t* columns,
                                    const float* weights, int rows, const float* x, float* sums) {
  for (int row = 0; row < rows; ++row) {
    Lanes sum = {};
    for (std::int64_t k = row_start[row]; k < row_start[row + 1]; ++k) {
      Lanes value;
      std::memcpy(&value, x + static_cast<std::size_t>(columns[k]) * kTile, sizeof value);
      sum += weights[k] * value;
    }
    std::memcpy(sums + static_cast<std::size_t>(row) * kTile, &sum, sizeof sum);
  }
}

struct Entry {
  std::uint32_t column;
  float weight;
  double energy;
};

// How many of a filter's entries, strongest first, hold all but `tolerance` of its energy:
// found by sorting ever larger heads of the list, so that a filter that needs few entries in
// one representation costs little, and the other representation is only searched that far.
class StrongestCount {
 public:
  StrongestCount(const std::vector<Entry>& entries, double tolerance) {
    energies_.reserve(entries.size());
    for (const auto& e : entries) energies_.push_back(e.energy);
    wanted_ = (1 - tolerance) * std::accumulate(energies_.begin(), energies_.end(), 0.0);
  }
  std::size_t size() const { return energies_.size(); }
  // The count when it is at most `top` (0 otherwise).
  std::size_t within(std::size_t top) {
    top = std::min(top, energies_.size());
    std::partial_sort(energies_.begin(), energies_.begin() + static_cast<std::ptrdiff_t>(top),
                      energies_.end(), std::greater<>());
    double kept = 0;
    std::size_t count = 0;
    while (count < top && kept < wanted_) kept += energies_[count++];
    if (kept >= wanted_ || top == energies_.size()) return std::max<std::size_t>(count, 1);
    return 0;
  }
  double floor(std::size_t count) const { return energies_[count - 1]; }

 private:
  std::vector<double> energies_;
  double wanted_ = 0;
};

// The `count` strongest entries, in column order (the head of `counter` is sorted that far).
std::vector<Entry> strongest(const std::vector<Entry>& entries, const StrongestCount& counter,
                             std::size_t count) {
  const double floor = counter.floor(count);
  // Everything above the floor, then as many entries at the floor as there is room for.
  std::size_t above = 0;
  for (const auto& e : entries) above += e.energy > floor ? 1 : 0;
  std::size_t ties = count > above ? count - above : 0;
  std::vector<Entry> out;
  out.reserve(count);
  for (const auto& e : entries) {
    if (e.energy > floor || (e.energy == floor && ties > 0 && ties--)) out.push_back(e);
  }
  return out;
}

}  // namespace

std::shared_ptr<const SparseRetina> SparseRetina::get(const LogGaborRetinaSpec& spec,
                                                      double energy_tolerance) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, double>, std::shared_ptr<const SparseRetina>> built;
  const auto dense = LogGaborRetina::get(spec);
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = built[{spec.key(), energy_tolerance}];
  if (!slot) slot = loadOrBuild(*dense, energy_tolerance);
  return slot;
}

std::shared_ptr<SparseRetina> SparseRetina::withWhitening(const LogGaborRetina& dense) {
  std::shared_ptr<SparseRetina> retina(new SparseRetina);
  const int n = dense.spec().size;
  retina->size_ = n;
  retina->filters_ = dense.spec().filterCount();
  const int pixels = n * n;
  retina->feature_count_ = 2 * pixels;

  // The whitening filter as a packed (CCS) spectrum with zero imaginary parts, so that
  // mulSpectrums scales both parts of every bin: the spectrum of its real, even kernel.
  const cv::Mat shifted = whiteningFilter(n);
  cv::Mat unshifted(n, n, CV_64F);
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      unshifted.at<double>(r, c) = shifted.at<double>((r + n / 2) % n, (c + n / 2) % n);
    }
  }
  cv::Mat complex_filter, kernel;
  cv::merge(std::vector<cv::Mat>{unshifted, cv::Mat::zeros(n, n, CV_64F)}, complex_filter);
  cv::dft(complex_filter, kernel, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
  cv::Mat packed;
  cv::dft(kernel, packed);
  packed.convertTo(retina->whitening_, CV_32F);
  return retina;
}

std::shared_ptr<const SparseRetina> SparseRetina::build(const LogGaborRetina& dense,
                                                        double energy_tolerance) {
  auto retina = withWhitening(dense);
  const int n = retina->size_;
  const int pixels = n * n;

  // Parseval in the packed layout: sum f.w = (1/N^2) sum_slots m f_slot w_slot, where a slot
  // holds the real or imaginary part of one bin and stands for its mirror bin too (m = 2),
  // except the four bins that are their own mirror (m = 1): those are the only slots in
  // which the spectrum of a +-1 checkerboard (or constant) is non-zero.
  std::vector<float> mirror(static_cast<std::size_t>(pixels), 2.0f);
  for (int pattern = 0; pattern < 4; ++pattern) {
    cv::Mat board(n, n, CV_32F);
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < n; ++c) {
        board.at<float>(r, c) = ((pattern & 1 ? r : 0) + (pattern & 2 ? c : 0)) % 2 ? -1.0f : 1.0f;
      }
    }
    cv::Mat board_spectrum;
    cv::dft(board, board_spectrum);
    for (int i = 0; i < pixels; ++i) {
      if (std::abs(board_spectrum.ptr<float>()[i]) > 1.0f) mirror[static_cast<std::size_t>(i)] = 1;
    }
  }

  std::vector<std::vector<Entry>> rows(static_cast<std::size_t>(retina->filters_));
  std::vector<char> in_space_rows(rows.size());
  parallelFor(retina->filters_, 0, [&](std::int64_t index) {
    const float* filter = dense.filter(static_cast<int>(index));
    // In space the filter's mean goes through the spectrum's DC bin (the pixel sum): the
    // whitened image sits on a 0.5 offset, so dropping many tiny far weights would otherwise
    // drop their sum times that offset.
    const double mean = std::accumulate(filter, filter + pixels, 0.0) / pixels;
    std::vector<Entry> spatial(static_cast<std::size_t>(pixels));
    for (int p = 0; p < pixels; ++p) {
      const double centred = filter[p] - mean;
      spatial[static_cast<std::size_t>(p)] = {static_cast<std::uint32_t>(p),
                                              static_cast<float>(centred), centred * centred};
    }
    cv::Mat spectrum;
    cv::dft(cv::Mat(n, n, CV_32F, const_cast<float*>(filter)), spectrum);
    std::vector<Entry> spectral(static_cast<std::size_t>(pixels));
    for (int i = 0; i < pixels; ++i) {
      const double value = spectrum.ptr<float>()[i];
      const double a = mirror[static_cast<std::size_t>(i)] * value / pixels;
      spectral[static_cast<std::size_t>(i)] = {static_cast<std::uint32_t>(pixels + i),
                                               static_cast<float>(a), a * value};
    }
    // Widen both searches together; once one representation has its count, the other only
    // needs to be searched up to it.
    StrongestCount space_count(spatial, energy_tolerance),
        frequency_count(spectral, energy_tolerance);
    std::size_t in_space_n = 0, in_frequency_n = 0;
    for (std::size_t top = 128; in_space_n == 0 && in_frequency_n == 0; top *= 2) {
      in_space_n = space_count.within(top);
      in_frequency_n = frequency_count.within(top);
    }
    if (in_space_n == 0) in_space_n = space_count.within(in_frequency_n);
    if (in_frequency_n == 0) in_frequency_n = frequency_count.within(in_space_n);
    // The spatial form also carries its mean, one more weight.
    const bool use_space =
        in_space_n != 0 && (in_frequency_n == 0 || in_space_n + 1 <= in_frequency_n);
    auto in_space = use_space ? strongest(spatial, space_count, in_space_n) : std::vector<Entry>{};
    in_space.push_back({static_cast<std::uint32_t>(pixels), static_cast<float>(mean), 0});
    auto in_frequency =
        use_space ? std::vector<Entry>{} : strongest(spectral, frequency_count, in_frequency_n);
    in_space_rows[static_cast<std::size_t>(index)] = use_space;
    rows[static_cast<std::size_t>(index)] =
        use_space ? std::move(in_space) : std::move(in_frequency);
  });

  retina->row_start_.assign(1, 0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    for (const auto& e : row) {
      retina->columns_.push_back(e.column);
      retina->weights_.push_back(e.weight);
    }
    retina->row_start_.push_back(static_cast<std::int64_t>(retina->columns_.size()));
    ++(in_space_rows[i] ? retina->stats_.spatial_filters : retina->stats_.spectral_filters);
  }
  retina->stats_.weights = static_cast<std::int64_t>(retina->weights_.size());
  retina->stats_.dense_weights = static_cast<std::int64_t>(retina->filters_) * pixels;
  return retina;
}

void SparseRetina::whitenOne(const float* image, float* out) const {
  const int n = size_;
  cv::Mat spectrum;
  cv::dft(cv::Mat(n, n, CV_32F, const_cast<float*>(image)), spectrum);
  cv::mulSpectrums(spectrum, whitening_, spectrum, 0);
  cv::Mat whitened(n, n, CV_32F, out);
  cv::dft(spectrum, whitened, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
  for (int i = 0; i < n * n; ++i) out[i] = std::clamp(out[i] + 0.5f, 0.0f, 1.0f);
}

void SparseRetina::features(const float* image, float* out) const {
  const int n = size_;
  whitenOne(image, out);
  cv::Mat packed(n, n, CV_32F, out + n * n);
  cv::dft(cv::Mat(n, n, CV_32F, out), packed);
}

void SparseRetina::whiten(const float* images, int count, float* whitened, int threads) const {
  const int pixels = size_ * size_;
  parallelFor(count, threads,
              [&](std::int64_t i) { whitenOne(images + i * pixels, whitened + i * pixels); });
}

void SparseRetina::encode(const float* images, int count, float* codes, int threads) const {
  const int pixels = size_ * size_;
  const int tiles = (count + kTile - 1) / kTile;
  parallelFor(tiles, threads, [&](std::int64_t tile) {
    const int first = static_cast<int>(tile) * kTile;
    const int in_tile = std::min(kTile, count - first);
    // Feature-major: feature f of the tile's images at [f * kTile, f * kTile + kTile).
    std::vector<float> by_feature(static_cast<std::size_t>(feature_count_) * kTile, 0.0f);
    std::vector<float> one(static_cast<std::size_t>(feature_count_));
    for (int s = 0; s < in_tile; ++s) {
      features(images + static_cast<std::int64_t>(first + s) * pixels, one.data());
      for (int f = 0; f < feature_count_; ++f) {
        by_feature[static_cast<std::size_t>(f) * kTile + s] = one[static_cast<std::size_t>(f)];
      }
    }
    std::vector<float> sums(static_cast<std::size_t>(filters_) * kTile);
    sparseRows(row_start_.data(), columns_.data(), weights_.data(), filters_, by_feature.data(),
               sums.data());
    for (int row = 0; row < filters_; ++row) {
      for (int s = 0; s < in_tile; ++s) {
        codes[static_cast<std::int64_t>(first + s) * filters_ + row] =
            sums[static_cast<std::size_t>(row) * kTile + s];
      }
    }
  });
}

}  // namespace fovea::retina
