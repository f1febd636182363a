#include "core/stimulus/noisy_digits.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <opencv2/core.hpp>
#include <random>

#include "core/util/errors.h"

namespace fovea::stimulus {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Moves the image content by (rows, cols) with `fill` where nothing comes in.
cv::Mat shifted(const cv::Mat& image, int rows, int cols, double fill) {
  cv::Mat out(image.size(), image.type(), cv::Scalar(fill));
  const cv::Rect source(std::max(0, -cols), std::max(0, -rows), image.cols - std::abs(cols),
                        image.rows - std::abs(rows));
  if (source.width <= 0 || source.height <= 0) return out;
  image(source).copyTo(
      out(cv::Rect(std::max(0, cols), std::max(0, rows), source.width, source.height)));
  return out;
}

}  // namespace

void NoisyDigitSpec::validate() const {
  if (size != 28 && size != 128) {
    throw InputError("noisy digits come in size 28 (What) or 128 (retina), got " +
                     std::to_string(size));
  }
  if (!(contrast_min >= 0 && contrast_max <= 1 && contrast_min <= contrast_max)) {
    throw InputError("contrast range must satisfy 0 <= contrast_min <= contrast_max <= 1");
  }
  if (!(noise >= 0 && noise <= 1)) throw InputError("noise must be in [0, 1]");
  if (!(offset_std >= 0) || !(offset_max >= 0)) throw InputError("offsets must be non-negative");
  if (radius && !(*radius >= 0)) throw InputError("radius must be non-negative");
}

nlohmann::json toJson(const NoisyDigitSpec& s) {
  nlohmann::json json{{"size", s.size},
                      {"noise", s.noise},
                      {"sf_0", s.sf_0},
                      {"B_sf", s.B_sf},
                      {"contrast_min", s.contrast_min},
                      {"contrast_max", s.contrast_max},
                      {"offset_std", s.offset_std},
                      {"offset_max", s.offset_max},
                      {"circular_mask", s.circular_mask}};
  json["radius"] = s.radius ? nlohmann::json(*s.radius) : nlohmann::json(nullptr);
  if (s.shift) json["shift"] = *s.shift;  // absent unless set: older recipes keep their JSON
  return json;
}

cv::Mat mixDigitWithNoise(const cv::Mat& digit, const cv::Mat& noise, double contrast) {
  CV_Assert(digit.type() == CV_64F && noise.type() == CV_64F && digit.size() == noise.size());
  double lo = 0, hi = 0;
  cv::minMaxLoc(digit, &lo, &hi);
  cv::Mat x = hi > lo ? (digit - lo) / (hi - lo) : cv::Mat(cv::Mat::zeros(digit.size(), CV_64F));
  x = (2 * x - 1) * (contrast / 2) + 0.5;
  cv::Mat out(digit.size(), CV_64F);
  for (int r = 0; r < x.rows; ++r) {
    for (int c = 0; c < x.cols; ++c) {
      const double stroke = x.at<double>(r, c);
      const double background = noise.at<double>(r, c);
      // Pixels at or below mid-grey are not stroke: the noise shows through.
      const double v = stroke <= 0.5 ? background : std::max(stroke, background);
      out.at<double>(r, c) = std::min(1.0, std::max(0.0, v));
    }
  }
  return out;
}

NoisyDigit makeNoisyDigit(const cv::Mat& glyph28, const NoisyDigitSpec& spec, std::uint64_t seed) {
  spec.validate();
  if (glyph28.type() != CV_8UC1 || glyph28.rows != 28 || glyph28.cols != 28) {
    throw InputError("noisy digits start from a 28 x 28 8-bit glyph");
  }
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  NoisyDigit out;
  cv::Mat digit;
  glyph28.convertTo(digit, CV_64F, 1.0 / 255);

  if (spec.size == 28) {
    auto offset = [&] {
      const double v = std::clamp(normal(rng) * spec.offset_std, -spec.offset_max, spec.offset_max);
      return static_cast<int>(v);  // int() truncates toward zero
    };
    out.row_offset = spec.shift ? (*spec.shift)[0] : offset();
    out.col_offset = spec.shift ? (*spec.shift)[1] : offset();
    digit = shifted(digit, out.row_offset, out.col_offset, 0.0);
  } else {
    cv::Mat field = cv::Mat::zeros(128, 128, CV_64F);
    digit.copyTo(field(cv::Rect(64 - 14, 64 - 14, 28, 28)));
    const double theta = uniform(rng) * 2 * kPi;
    const double radius = spec.radius
                              ? *spec.radius
                              : std::min(std::fabs(normal(rng)) * spec.offset_std, spec.offset_max);
    out.row_offset = static_cast<int>(radius * std::cos(theta));
    out.col_offset = static_cast<int>(radius * std::sin(theta));
    digit = shifted(field, out.row_offset, out.col_offset, 0.0);
  }
  out.contrast = spec.contrast_min == spec.contrast_max
                     ? spec.contrast_min
                     : spec.contrast_min + uniform(rng) * (spec.contrast_max - spec.contrast_min);
  MotionCloudSpec cloud;
  cloud.size = spec.size;
  cloud.sf_0 = spec.sf_0;
  cloud.B_sf = spec.B_sf;
  cloud.noise = spec.noise;
  out.noise = motionCloud(cloud, rng());
  cv::Mat image = mixDigitWithNoise(digit, out.noise, out.contrast);

  if (spec.size == 28) {
    // The What set is stored as 8-bit: quantise as ToTensor(uint8) would.
    image.forEach<double>([](double& v, const int*) { v = std::floor(v * 255) / 255; });
  } else if (spec.circular_mask) {
    double lo = 0, hi = 0;
    cv::minMaxLoc(image, &lo, &hi);
    if (hi > lo) image = (image - lo) / (hi - lo);
    for (int r = 0; r < 128; ++r) {
      for (int c = 0; c < 128; ++c) {
        // mgrid[-1:1:128j]: 128 points from -1 to 1 inclusive.
        const double x = -1 + 2.0 * r / 127;
        const double y = -1 + 2.0 * c / 127;
        const bool inside = std::hypot(x, y) < 1;
        // Clamped: the min-max division can land a rounding error outside [0, 1].
        image.at<double>(r, c) = inside ? std::clamp(image.at<double>(r, c), 0.0, 1.0) : 0.5;
      }
    }
  }
  out.image = image;
  return out;
}

}  // namespace fovea::stimulus
