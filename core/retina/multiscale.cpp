#include "core/retina/multiscale.h"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>

#include "core/util/errors.h"

namespace fovea::retina {
namespace {

using stimulus::ResampleAxis;

CropBox centredBox(double half, double size) {
  CropBox box;
  box.size = size;
  // The original's int(half - size/2), int(half + size/2): truncation toward zero.
  box.lo = static_cast<int>(half - size / 2);
  box.hi = static_cast<int>(half + size / 2);
  return box;
}

}  // namespace

std::string toString(Fovea fovea) {
  return fovea == Fovea::Exponential ? "exponential" : "linear";
}
std::string toString(ContrastNorm norm) {
  return norm == ContrastNorm::None ? "none" : "areafactor";
}

Fovea parseFovea(const std::string& name) {
  if (name == "exponential") return Fovea::Exponential;
  if (name == "linear") return Fovea::Linear;
  throw InputError("fovea must be exponential or linear, got '" + name + "'");
}

ContrastNorm parseContrastNorm(const std::string& name) {
  if (name == "none") return ContrastNorm::None;
  if (name == "areafactor") return ContrastNorm::AreaFactor;
  throw InputError("contrast_norm must be none or areafactor, got '" + name + "'");
}

void MultiscaleSpec::validate() const {
  if (scales < 1 || scales > 64) {
    throw InputError("scales must be between 1 and 64, got " + std::to_string(scales));
  }
  if (field_px < 0 || field_px > canvas_px) {
    throw InputError("field_px must be between 0 (the whole canvas) and canvas_px (" +
                     std::to_string(canvas_px) + "), got " + std::to_string(field_px));
  }
  if (crop_px < 1 || crop_px > field()) {
    throw InputError("crop_px must be between 1 and the field (" + std::to_string(field()) +
                     " px), got " + std::to_string(crop_px));
  }
  if (std::isnan(chevron) || chevron < 0) {
    throw InputError("chevron must be a non-negative number of scales (inf: off), got " +
                     std::to_string(chevron));
  }
  if (fovea == Fovea::Linear && scales > 1 && field() / (scales * crop_px) < 1) {
    throw InputError("a linear fovea needs a field >= scales x crop_px");
  }
}

MultiscalePlan::MultiscalePlan(const MultiscaleSpec& spec) : spec_(spec) {
  spec_.validate();
  const int n = spec_.scales;
  const double half = spec_.canvas_px / 2.0;
  const double crop = spec_.crop_px;
  const int field = spec_.field();
  if (n > 1) ratio_ = std::pow(static_cast<double>(field) / crop, 1.0 / (n - 1));
  const int linear_step = n > 1 ? field / (n * spec_.crop_px) : 0;
  // The side of scale i (i may be fractional for a chevron hole), by the fovea's own rule.
  auto sideAt = [&](double i) -> double {
    if (n == 1) return field;  // one scale: the whole field
    return spec_.fovea == Fovea::Exponential ? crop * std::pow(ratio_, i)
                                             : crop * (linear_step * i + 1);
  };
  for (int i = 0; i < n; ++i) {
    boxes_.push_back(centredBox(half, sideAt(i)));
    CropBox hole{};
    if (std::isfinite(spec_.chevron) && i - spec_.chevron >= 0) {
      hole = centredBox(half, sideAt(i - spec_.chevron));
    }
    holes_.push_back(hole);
    divisors_.push_back(spec_.fovea == Fovea::Exponential ? std::pow(ratio_, 2.0 * (n - 1 - i))
                                                          : double(n - i) * (n - i));
    axes_.push_back(stimulus::bilinearAxis(boxes_.back().side(), spec_.crop_px));
  }
}

std::vector<cv::Mat> MultiscalePlan::cropsFromCanvas(const cv::Mat& canvas) const {
  if (canvas.type() != CV_8UC1 || canvas.rows != spec_.canvas_px ||
      canvas.cols != spec_.canvas_px) {
    throw InputError("the canvas must be an 8-bit " + std::to_string(spec_.canvas_px) + " x " +
                     std::to_string(spec_.canvas_px) + " image");
  }
  cv::Mat work = canvas.clone();
  std::vector<cv::Mat> crops;
  for (int i = 0; i < spec_.scales; ++i) {
    const CropBox& hole = holes_[static_cast<std::size_t>(i)];
    // As in the study, the holes are cut in place; they only grow, so this is harmless.
    if (hole.side() > 0) work(cv::Rect(hole.lo, hole.lo, hole.side(), hole.side())).setTo(0);
    const CropBox& box = boxes_[static_cast<std::size_t>(i)];
    crops.push_back(stimulus::resizeLikePil(work(cv::Rect(box.lo, box.lo, box.side(), box.side())),
                                            {spec_.crop_px, spec_.crop_px}));
  }
  return crops;
}

std::vector<cv::Mat> MultiscalePlan::cropsFromWindow(const stimulus::CanvasWindow& window) const {
  if (window.canvas_px != spec_.canvas_px) {
    throw InputError("the stimulus canvas is " + std::to_string(window.canvas_px) +
                     " px but the crops expect " + std::to_string(spec_.canvas_px) + " px");
  }
  std::vector<cv::Mat> crops;
  crops.reserve(static_cast<std::size_t>(spec_.scales));
  for (int i = 0; i < spec_.scales; ++i) crops.push_back(cropFromWindow(i, window));
  return crops;
}

// PIL's two passes restricted to where the input is not black. An output sample whose support
// misses every glyph pixel is 0 in PIL too (the accumulator starts at one half, which rounds
// down), so skipping it changes nothing: the result is bit-identical to cropsFromCanvas.
cv::Mat MultiscalePlan::cropFromWindow(int scale, const stimulus::CanvasWindow& window) const {
  const int out_size = spec_.crop_px;
  cv::Mat out = cv::Mat::zeros(out_size, out_size, CV_8UC1);
  const CropBox& box = boxes_[static_cast<std::size_t>(scale)];
  // The glyph window in crop coordinates, clipped to the crop.
  const cv::Rect crop_rect(box.lo, box.lo, box.side(), box.side());
  const cv::Rect visible = window.rect & crop_rect;
  if (visible.empty()) return out;
  cv::Mat source = window.pixels(cv::Rect(visible.tl() - window.rect.tl(), visible.size()));
  const CropBox& hole = holes_[static_cast<std::size_t>(scale)];
  if (hole.side() > 0) {
    const cv::Rect cut = cv::Rect(hole.lo, hole.lo, hole.side(), hole.side()) & visible;
    if (!cut.empty()) {
      source = source.clone();
      source(cv::Rect(cut.tl() - visible.tl(), cut.size())).setTo(0);
    }
  }
  const int x0 = visible.x - box.lo;  // where the source starts inside the crop
  const int y0 = visible.y - box.lo;
  const int x1 = x0 + visible.width;
  const int y1 = y0 + visible.height;
  if (box.side() == out_size) {
    source.copyTo(out(cv::Rect(x0, y0, visible.width, visible.height)));
    return out;
  }
  const ResampleAxis& axis = axes_[static_cast<std::size_t>(scale)];
  const std::int64_t half_unit = std::int64_t{1} << (ResampleAxis::kPrecisionBits - 1);

  // Horizontal pass: only the source rows, only the output columns that reach the source.
  int col_lo = out_size;
  int col_hi = 0;
  for (int c = 0; c < out_size; ++c) {
    const int first = axis.first[static_cast<std::size_t>(c)];
    if (first < x1 && first + axis.count[static_cast<std::size_t>(c)] > x0) {
      col_lo = std::min(col_lo, c);
      col_hi = std::max(col_hi, c + 1);
    }
  }
  cv::Mat rows_pass = cv::Mat::zeros(visible.height, out_size, CV_8UC1);
  for (int y = 0; y < visible.height; ++y) {
    const std::uint8_t* in = source.ptr<std::uint8_t>(y);
    std::uint8_t* dst = rows_pass.ptr<std::uint8_t>(y);
    for (int c = col_lo; c < col_hi; ++c) {
      const int first = axis.first[static_cast<std::size_t>(c)];
      const int lo = std::max(first, x0);
      const int hi = std::min(first + axis.count[static_cast<std::size_t>(c)], x1);
      const std::int32_t* w = axis.weights.data() + static_cast<std::size_t>(c) * axis.ksize;
      std::int64_t sum = half_unit;
      for (int k = lo; k < hi; ++k) sum += in[k - x0] * w[k - first];
      dst[c] = stimulus::clipFixedPoint(sum);
    }
  }
  // Vertical pass over the output rows whose support meets the source rows.
  for (int r = 0; r < out_size; ++r) {
    const int first = axis.first[static_cast<std::size_t>(r)];
    const int lo = std::max(first, y0);
    const int hi = std::min(first + axis.count[static_cast<std::size_t>(r)], y1);
    if (lo >= hi) continue;
    const std::int32_t* w = axis.weights.data() + static_cast<std::size_t>(r) * axis.ksize;
    std::uint8_t* dst = out.ptr<std::uint8_t>(r);
    for (int c = col_lo; c < col_hi; ++c) {
      std::int64_t sum = half_unit;
      for (int k = lo; k < hi; ++k) sum += rows_pass.at<std::uint8_t>(k - y0, c) * w[k - first];
      dst[c] = stimulus::clipFixedPoint(sum);
    }
  }
  return out;
}

std::vector<float> MultiscalePlan::networkInput(const std::vector<cv::Mat>& crops) const {
  const std::size_t plane = static_cast<std::size_t>(spec_.crop_px) * spec_.crop_px;
  std::vector<float> input(plane * crops.size());
  for (std::size_t i = 0; i < crops.size(); ++i) {
    float* dst = input.data() + i * plane;
    const cv::Mat& crop = crops[i];
    double scale = 1.0 / 255.0;
    if (spec_.contrast_norm == ContrastNorm::AreaFactor) {
      double highest = 0;
      cv::minMaxLoc(crop, nullptr, &highest);
      // An empty crop stays 0 before the shift, as in the study.
      scale = highest > 0 ? 1.0 / highest / divisors_[i] : 0.0;
    }
    for (int y = 0; y < crop.rows; ++y) {
      const std::uint8_t* in = crop.ptr<std::uint8_t>(y);
      for (int x = 0; x < crop.cols; ++x) {
        *dst++ = static_cast<float>(in[x] * scale - 0.5);
      }
    }
  }
  return input;
}

}  // namespace fovea::retina
