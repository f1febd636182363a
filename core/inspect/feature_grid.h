#pragma once
// One layer's maps for one sample laid out as a grid of tiles, for a PNG or a view.
#include <cstdint>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::inspect {

// `maps` is channels x height x width floats. Every tile shares one grey scale from the layer's
// minimum (black) to its maximum (white); tiles are enlarged by whole pixels to at least
// `min_tile_px` and separated by a 2 px mid-grey gap. 8-bit, one channel.
cv::Mat featureGrid(const float* maps, std::int64_t channels, std::int64_t height,
                    std::int64_t width, int min_tile_px = 48);

}  // namespace fovea::inspect
