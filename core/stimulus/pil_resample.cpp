#include "core/stimulus/pil_resample.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace fovea::stimulus {
namespace {

double triangle(double x) {
  x = std::fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

}  // namespace

ResampleAxis bilinearAxis(int in_size, int out_size) {
  if (in_size < 1 || out_size < 1) {
    throw std::invalid_argument("resample sizes must be positive, got " + std::to_string(in_size) +
                                " -> " + std::to_string(out_size));
  }
  ResampleAxis axis;
  axis.in_size = in_size;
  axis.out_size = out_size;
  const double scale = static_cast<double>(in_size) / out_size;
  const double filter_scale = std::max(scale, 1.0);
  const double support = 1.0 * filter_scale;  // the bilinear filter's support is 1
  axis.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
  axis.first.resize(static_cast<std::size_t>(out_size));
  axis.count.resize(static_cast<std::size_t>(out_size));
  axis.weights.assign(static_cast<std::size_t>(out_size) * static_cast<std::size_t>(axis.ksize), 0);
  std::vector<double> kernel(static_cast<std::size_t>(axis.ksize));
  for (int out = 0; out < out_size; ++out) {
    const double center = (out + 0.5) * scale;
    // Pillow truncates with (int) after adding 0.5; the values here are never negative
    // enough for truncation and floor to differ before the clamp.
    int lo = static_cast<int>(center - support + 0.5);
    if (lo < 0) lo = 0;
    int hi = static_cast<int>(center + support + 0.5);
    if (hi > in_size) hi = in_size;
    const int n = hi - lo;
    double total = 0;
    for (int k = 0; k < n; ++k) {
      kernel[static_cast<std::size_t>(k)] = triangle((k + lo - center + 0.5) / filter_scale);
      total += kernel[static_cast<std::size_t>(k)];
    }
    std::int32_t* weights = axis.weights.data() + static_cast<std::size_t>(out) * axis.ksize;
    for (int k = 0; k < n; ++k) {
      const double w = total != 0.0 ? kernel[static_cast<std::size_t>(k)] / total : 0.0;
      const double fixed = w * (1 << ResampleAxis::kPrecisionBits);
      weights[k] = static_cast<std::int32_t>(w < 0 ? fixed - 0.5 : fixed + 0.5);
    }
    axis.first[static_cast<std::size_t>(out)] = lo;
    axis.count[static_cast<std::size_t>(out)] = n;
  }
  return axis;
}

cv::Mat resizeLikePil(const cv::Mat& source, cv::Size size) {
  if (source.type() != CV_8UC1) throw std::invalid_argument("resizeLikePil needs an 8-bit image");
  if (source.size() == size) return source.clone();
  const bool horizontal = size.width != source.cols;
  const bool vertical = size.height != source.rows;
  const ResampleAxis rows = bilinearAxis(source.rows, size.height);
  const ResampleAxis cols = bilinearAxis(source.cols, size.width);

  // Horizontal pass over just the rows the vertical pass will read.
  const int row_first = vertical ? rows.first.front() : 0;
  const int row_last = vertical ? rows.first.back() + rows.count.back() : source.rows;
  cv::Mat temp;
  if (horizontal) {
    temp.create(row_last - row_first, size.width, CV_8UC1);
    for (int y = row_first; y < row_last; ++y) {
      const std::uint8_t* in = source.ptr<std::uint8_t>(y);
      std::uint8_t* out = temp.ptr<std::uint8_t>(y - row_first);
      for (int x = 0; x < size.width; ++x) {
        const std::int32_t* w = cols.weights.data() + static_cast<std::size_t>(x) * cols.ksize;
        const std::uint8_t* px = in + cols.first[static_cast<std::size_t>(x)];
        std::int64_t sum = 1 << (ResampleAxis::kPrecisionBits - 1);
        for (int k = 0; k < cols.count[static_cast<std::size_t>(x)]; ++k) sum += px[k] * w[k];
        out[x] = clipFixedPoint(sum);
      }
    }
  } else {
    temp = source.rowRange(row_first, row_last);
  }
  if (!vertical) return horizontal ? temp : temp.clone();

  cv::Mat result(size, CV_8UC1);
  for (int y = 0; y < size.height; ++y) {
    const std::int32_t* w = rows.weights.data() + static_cast<std::size_t>(y) * rows.ksize;
    const int first = rows.first[static_cast<std::size_t>(y)] - row_first;
    const int n = rows.count[static_cast<std::size_t>(y)];
    std::uint8_t* out = result.ptr<std::uint8_t>(y);
    for (int x = 0; x < size.width; ++x) {
      std::int64_t sum = 1 << (ResampleAxis::kPrecisionBits - 1);
      for (int k = 0; k < n; ++k) sum += temp.at<std::uint8_t>(first + k, x) * w[k];
      out[x] = clipFixedPoint(sum);
    }
  }
  return result;
}

}  // namespace fovea::stimulus
