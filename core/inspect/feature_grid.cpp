#include "core/inspect/feature_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

namespace fovea::inspect {

cv::Mat featureGrid(const float* maps, std::int64_t channels, std::int64_t height,
                    std::int64_t width, int min_tile_px) {
  if (channels < 1 || height < 1 || width < 1) return cv::Mat(1, 1, CV_8U, cv::Scalar(128));
  const std::int64_t count = channels * height * width;
  // The scale from the finite values only: one NaN must not grey out the layer.
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (std::int64_t i = 0; i < count; ++i) {
    if (!std::isfinite(maps[i])) continue;
    lo = std::min(lo, maps[i]);
    hi = std::max(hi, maps[i]);
  }
  if (lo > hi) lo = hi = 0;
  const double span = hi > lo ? hi - lo : 1.0;
  const int zoom = static_cast<int>(std::max<std::int64_t>(
      1, (min_tile_px + std::max(height, width) - 1) / std::max(height, width)));
  const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(channels))));
  const int rows = static_cast<int>((channels + columns - 1) / columns);
  constexpr int kGap = 2;
  const int tile_w = static_cast<int>(width) * zoom, tile_h = static_cast<int>(height) * zoom;
  cv::Mat grid(rows * (tile_h + kGap) - kGap, columns * (tile_w + kGap) - kGap, CV_8U,
               cv::Scalar(128));
  for (std::int64_t c = 0; c < channels; ++c) {
    cv::Mat tile(static_cast<int>(height), static_cast<int>(width), CV_8U);
    const float* map = maps + c * height * width;
    for (int i = 0; i < tile.rows * tile.cols; ++i) {
      // Non-finite values are drawn mid-grey.
      tile.data[i] = std::isfinite(map[i])
                         ? static_cast<std::uint8_t>(std::lround(255.0 * (map[i] - lo) / span))
                         : 128;
    }
    const int r = static_cast<int>(c / columns), col = static_cast<int>(c % columns);
    cv::resize(tile, grid(cv::Rect(col * (tile_w + kGap), r * (tile_h + kGap), tile_w, tile_h)),
               {tile_w, tile_h}, 0, 0, cv::INTER_NEAREST);
  }
  return grid;
}

}  // namespace fovea::inspect
