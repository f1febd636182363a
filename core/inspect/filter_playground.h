#pragma once
// The filter playground's computation: a grey image filtered by a bank of kernels with a stride
// and padding, optionally rectified, then optionally max- or average-pooled; plain loops, so
// that what it does is what the formula beside it says.
#include <string>
#include <vector>

#include "core/inspect/filter_arithmetic.h"
#include "core/inspect/kernel_presets.h"

namespace fovea::inspect {

// A single-channel image or map, row-major.
struct Plane {
  int height = 0;
  int width = 0;
  std::vector<float> values;
};

enum class Pooling { None, Max, Average };

struct FilterSettings {
  int stride = 1;
  Padding padding = Padding::Valid;
  bool relu = false;
  Pooling pooling = Pooling::None;
  int pool_size = 2;  // window side; its stride is the same (non-overlapping, as is usual)
};

// Limits on what the playground computes, checked before allocating.
constexpr int kMaxPlaygroundSide = 1024;
constexpr int kMaxStride = 8;
constexpr int kMaxPoolSize = 8;

struct FilterResult {
  AxisArithmetic rows, cols;            // the convolution
  AxisArithmetic pool_rows, pool_cols;  // the pooling (output 0 when none)
  std::vector<Plane> maps;              // one per kernel, after the optional ReLU
  std::vector<Plane> pooled;            // one per kernel when pooling, else empty
  std::string refusal;                  // why nothing was computed (a window that does not fit)
};

// InputError naming the setting for an empty or oversized image, values that are not finite, or
// a kernel, stride or pool size out of range. A window larger than the (padded) image is not an
// error: the result says so in `refusal`.
FilterResult applyFilters(const Plane& image, const std::vector<Kernel>& kernels,
                          const FilterSettings& settings);

}  // namespace fovea::inspect
