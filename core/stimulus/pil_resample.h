#pragma once
#include <cstdint>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::stimulus {

// One axis of PIL's BILINEAR resampling (Pillow's Resample.c): a triangle filter whose support
// grows with the downscale factor, so downscaling is antialiased, with 22-bit fixed-point
// weights. The original study resized with scipy.misc.imresize, i.e. this filter on uint8.
struct ResampleAxis {
  int in_size = 0;
  int out_size = 0;
  int ksize = 0;                      // weights per output sample
  std::vector<int> first;             // first input sample of each output sample
  std::vector<int> count;             // how many input samples it reads
  std::vector<std::int32_t> weights;  // out_size * ksize, fixed point

  static constexpr int kPrecisionBits = 32 - 8 - 2;
};

ResampleAxis bilinearAxis(int in_size, int out_size);

// Rounds a fixed-point accumulator to uint8 as Pillow does (floor, then clamp).
inline std::uint8_t clipFixedPoint(std::int64_t accumulator) {
  const std::int64_t value = accumulator >> ResampleAxis::kPrecisionBits;
  return static_cast<std::uint8_t>(value < 0 ? 0 : (value > 255 ? 255 : value));
}

// Resizes an 8-bit single-channel image (or ROI) exactly as PIL's Image.resize(size, BILINEAR):
// a horizontal pass into an 8-bit intermediate, then a vertical pass. A pass whose size does not
// change is skipped, as in Pillow.
cv::Mat resizeLikePil(const cv::Mat& source, cv::Size size);

}  // namespace fovea::stimulus
