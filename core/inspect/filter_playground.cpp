#include "core/inspect/filter_playground.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/util/errors.h"

namespace fovea::inspect {

namespace {

void checkSettings(const Plane& image, const std::vector<Kernel>& kernels,
                   const FilterSettings& settings) {
  if (image.height < 1 || image.width < 1 || image.height > kMaxPlaygroundSide ||
      image.width > kMaxPlaygroundSide) {
    throw InputError("image of " + std::to_string(image.width) + " x " +
                     std::to_string(image.height) + " px: the playground takes 1 to " +
                     std::to_string(kMaxPlaygroundSide) + " px a side");
  }
  if (image.values.size() != static_cast<std::size_t>(image.height) * image.width) {
    throw InputError("image has " + std::to_string(image.values.size()) + " values for " +
                     std::to_string(image.width) + " x " + std::to_string(image.height) + " px");
  }
  if (!std::all_of(image.values.begin(), image.values.end(),
                   [](float v) { return std::isfinite(v); })) {
    throw InputError("image has a value that is not a finite number");
  }
  if (settings.stride < 1 || settings.stride > kMaxStride) {
    throw InputError("stride " + std::to_string(settings.stride) + " is outside [1, " +
                     std::to_string(kMaxStride) + "]");
  }
  if (settings.pooling != Pooling::None &&
      (settings.pool_size < 1 || settings.pool_size > kMaxPoolSize)) {
    throw InputError("pool size " + std::to_string(settings.pool_size) + " is outside [1, " +
                     std::to_string(kMaxPoolSize) + "]");
  }
  if (kernels.size() > static_cast<std::size_t>(kMaxTrainedKernels)) {
    throw InputError(std::to_string(kernels.size()) + " kernels: at most " +
                     std::to_string(kMaxTrainedKernels));
  }
  for (const auto& k : kernels) {
    if (k.size < kMinKernelSize || k.size > kMaxKernelSize ||
        k.weights.size() != static_cast<std::size_t>(k.size) * k.size) {
      throw InputError("kernel '" + k.name + "' is not a square of 1 to " +
                       std::to_string(kMaxKernelSize) + " px");
    }
    if (!std::all_of(k.weights.begin(), k.weights.end(),
                     [](float v) { return std::isfinite(v); })) {
      throw InputError("kernel '" + k.name + "' has a weight that is not a finite number");
    }
  }
}

// The image with zeros around it: pad_before/pad_after rows and columns.
Plane padded(const Plane& image, const AxisArithmetic& rows, const AxisArithmetic& cols) {
  Plane out;
  out.height = image.height + rows.pad_before + rows.pad_after;
  out.width = image.width + cols.pad_before + cols.pad_after;
  out.values.assign(static_cast<std::size_t>(out.height) * out.width, 0.0f);
  for (int r = 0; r < image.height; ++r) {
    std::copy_n(image.values.begin() + static_cast<std::ptrdiff_t>(r) * image.width, image.width,
                out.values.begin() + static_cast<std::ptrdiff_t>(r + rows.pad_before) * out.width +
                    cols.pad_before);
  }
  return out;
}

Plane correlate(const Plane& source, const Kernel& kernel, const AxisArithmetic& rows,
                const AxisArithmetic& cols, bool relu) {
  Plane out{rows.output, cols.output, {}};
  out.values.assign(static_cast<std::size_t>(out.height) * out.width, 0.0f);
  const int k = kernel.size, s = rows.stride;
  for (int r = 0; r < out.height; ++r) {
    float* line = out.values.data() + static_cast<std::ptrdiff_t>(r) * out.width;
    for (int i = 0; i < k; ++i) {
      const float* in =
          source.values.data() + static_cast<std::ptrdiff_t>(r * s + i) * source.width;
      for (int j = 0; j < k; ++j) {
        const float w = kernel.weights[static_cast<std::size_t>(i * k + j)];
        if (w == 0.0f) continue;
        for (int c = 0; c < out.width; ++c) line[c] += w * in[c * s + j];
      }
    }
  }
  if (relu) {
    for (float& v : out.values) v = std::max(v, 0.0f);
  }
  return out;
}

Plane pool(const Plane& map, const AxisArithmetic& rows, const AxisArithmetic& cols,
           Pooling pooling) {
  Plane out{rows.output, cols.output, {}};
  out.values.resize(static_cast<std::size_t>(out.height) * out.width);
  const int q = rows.kernel;
  for (int r = 0; r < out.height; ++r) {
    for (int c = 0; c < out.width; ++c) {
      float best = -std::numeric_limits<float>::infinity();
      double sum = 0;
      for (int i = 0; i < q; ++i) {
        for (int j = 0; j < q; ++j) {
          const float v = map.values[static_cast<std::size_t>(r * q + i) * map.width + c * q + j];
          best = std::max(best, v);
          sum += v;
        }
      }
      out.values[static_cast<std::size_t>(r) * out.width + c] =
          pooling == Pooling::Max ? best : static_cast<float>(sum / (q * q));
    }
  }
  return out;
}

}  // namespace

FilterResult applyFilters(const Plane& image, const std::vector<Kernel>& kernels,
                          const FilterSettings& settings) {
  checkSettings(image, kernels, settings);
  FilterResult result;
  const int k = kernels.empty() ? 1 : kernels.front().size;
  for (const auto& kernel : kernels) {
    if (kernel.size != k) {
      throw InputError("kernel '" + kernel.name + "' is " + std::to_string(kernel.size) +
                       " px and '" + kernels.front().name + "' " + std::to_string(k) +
                       " px: the kernels of one bank must have one size");
    }
  }
  result.rows = slideAxis(image.height, k, settings.stride, settings.padding);
  result.cols = slideAxis(image.width, k, settings.stride, settings.padding);
  if (result.rows.output < 1 || result.cols.output < 1) {
    result.refusal = "a " + std::to_string(k) + " px kernel does not fit a " +
                     std::to_string(image.width) + " x " + std::to_string(image.height) +
                     " px image without padding";
    return result;
  }
  const Plane source = padded(image, result.rows, result.cols);
  for (const auto& kernel : kernels) {
    result.maps.push_back(correlate(source, kernel, result.rows, result.cols, settings.relu));
  }
  if (settings.pooling == Pooling::None) return result;
  const int q = settings.pool_size;
  result.pool_rows = slideAxis(result.rows.output, q, q, Padding::Valid);
  result.pool_cols = slideAxis(result.cols.output, q, q, Padding::Valid);
  if (result.pool_rows.output < 1 || result.pool_cols.output < 1) {
    result.refusal = "a " + std::to_string(q) + " px pooling window does not fit the " +
                     std::to_string(result.cols.output) + " x " +
                     std::to_string(result.rows.output) + " maps";
    return result;
  }
  for (const auto& map : result.maps) {
    result.pooled.push_back(pool(map, result.pool_rows, result.pool_cols, settings.pooling));
  }
  return result;
}

}  // namespace fovea::inspect
