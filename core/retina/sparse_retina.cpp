#include "core/retina/sparse_retina.h"

#include <algorithm>
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

struct Entry {
  std::uint32_t column;
  float weight;
  double energy;
};

// The fewest entries that hold all but `tolerance` of the total energy; entries come and stay
// in column order.
std::vector<Entry> strongest(const std::vector<Entry>& entries, double tolerance) {
  std::vector<double> energies(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) energies[i] = entries[i].energy;
  std::sort(energies.begin(), energies.end(), std::greater<>());
  const double total = std::accumulate(energies.begin(), energies.end(), 0.0);
  double kept = 0;
  std::size_t count = 0;
  while (count < energies.size() && kept < (1 - tolerance) * total) kept += energies[count++];
  const double floor = energies[std::max<std::size_t>(count, 1) - 1];
  std::vector<Entry> out;
  out.reserve(count);
  for (const auto& e : entries) {
    if (e.energy >= floor && out.size() < std::max<std::size_t>(count, 1)) out.push_back(e);
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
  if (!slot) slot = build(*dense, energy_tolerance);
  return slot;
}

std::shared_ptr<const SparseRetina> SparseRetina::build(const LogGaborRetina& dense,
                                                        double energy_tolerance) {
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
    auto in_space = strongest(spatial, energy_tolerance);
    in_space.push_back({static_cast<std::uint32_t>(pixels), static_cast<float>(mean), 0});
    auto in_frequency = strongest(spectral, energy_tolerance);
    const bool use_space = in_space.size() <= in_frequency.size();
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

void SparseRetina::features(const float* image, float* out) const {
  const int n = size_;
  cv::Mat spectrum;
  cv::dft(cv::Mat(n, n, CV_32F, const_cast<float*>(image)), spectrum);
  cv::mulSpectrums(spectrum, whitening_, spectrum, 0);
  cv::Mat whitened(n, n, CV_32F, out);
  cv::dft(spectrum, whitened, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
  for (int i = 0; i < n * n; ++i) out[i] = std::clamp(out[i] + 0.5f, 0.0f, 1.0f);
  cv::Mat packed(n, n, CV_32F, out + n * n);
  cv::dft(whitened, packed);
}

void SparseRetina::whiten(const float* images, int count, float* whitened, int threads) const {
  const int pixels = size_ * size_;
  parallelFor(count, threads, [&](std::int64_t i) {
    std::vector<float> out(static_cast<std::size_t>(feature_count_));
    features(images + i * pixels, out.data());
    std::copy_n(out.data(), pixels, whitened + i * pixels);
  });
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
    for (int row = 0; row < filters_; ++row) {
      float sum[kTile] = {};
      for (std::int64_t k = row_start_[static_cast<std::size_t>(row)];
           k < row_start_[static_cast<std::size_t>(row) + 1]; ++k) {
        const float w = weights_[static_cast<std::size_t>(k)];
        const float* x = by_feature.data() + static_cast<std::size_t>(columns_[k]) * kTile;
        for (int s = 0; s < kTile; ++s) sum[s] += w * x[s];
      }
      for (int s = 0; s < in_tile; ++s) {
        codes[static_cast<std::int64_t>(first + s) * filters_ + row] = sum[s];
      }
    }
  });
}

}  // namespace fovea::retina
