#include "core/retina/polo.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/retina/log_gabor_filter.h"
#include "core/util/errors.h"

namespace fovea::retina {
namespace {

constexpr double kPi = 3.14159265358979323846;

cv::Mat centre(const cv::Mat& image, int width) {
  const int offset = (image.rows - width) / 2;
  return image(cv::Rect(offset, offset, width, width));
}

// Bilinear, align_corners = false: x0.5 is the exact 2 x 2 mean, x2 interpolates half-pixel
// centres with clamped edges (what torch's interpolate and OpenCV's INTER_LINEAR both do).
cv::Mat half(const cv::Mat& image) {
  cv::Mat out;
  cv::resize(image, out, {image.cols / 2, image.rows / 2}, 0, 0, cv::INTER_AREA);
  return out;
}
cv::Mat twice(const cv::Mat& image) {
  cv::Mat out;
  cv::resize(image, out, {image.cols * 2, image.rows * 2}, 0, 0, cv::INTER_LINEAR);
  return out;
}

}  // namespace

PoloCode::PoloCode(const PoloSpec& spec) : spec_(spec) {
  if (spec_.levels < 1 || spec_.sublevels < 1 || spec_.width < 4) {
    throw InputError("POLO needs at least one level, one sublevel and a width of 4");
  }
  for (int k = 0; k < spec_.sublevels; ++k) {
    for (int az = 0; az < spec_.n_azimuth; ++az) {
      const double azimuth = (az + (k % 2) / 2.0) * 2 * kPi / spec_.n_azimuth;
      const double r = radius(k);
      for (int t = 0; t < spec_.n_theta; ++t) {
        const double theta = t * kPi / spec_.n_theta + azimuth;
        // B_sf infinite: a pure 1/f radial envelope, so sf_0 has no effect (as in the notebook).
        filters_.push_back(logGaborFilter(spec_.width, spec_.width / 2.0 + r * std::cos(azimuth),
                                          spec_.width / 2.0 + r * std::sin(azimuth), 0.25,
                                          std::numeric_limits<double>::infinity(), theta,
                                          spec_.B_theta, 0.0));
      }
    }
  }
}

double PoloCode::radius(int sublevel) const {
  // The "retina warp" radii: b = ln 2 / (r_max - r_min), a = (r_max - r_min) / (e^(b (r_max -
  // r_min)) - 1), c = r_min - a; sublevel k sits at a e^(b (r_ref - r_min)) + c.
  const double span = spec_.r_max - spec_.r_min;
  const double b = std::log(2.0) / span;
  const double a = span / (std::exp(b * span) - 1);
  const double c = spec_.r_min - a;
  const double r_ref = spec_.r_min + sublevel * span / spec_.sublevels;
  return a * std::exp(b * (r_ref - spec_.r_min)) + c;
}

const cv::Mat& PoloCode::filter(int sublevel, int azimuth, int theta) const {
  return filters_[static_cast<std::size_t>((sublevel * spec_.n_azimuth + azimuth) * spec_.n_theta +
                                           theta)];
}

std::vector<cv::Mat> PoloCode::pyramid(const cv::Mat& image) const {
  if (image.type() != CV_64F || image.rows != image.cols ||
      image.rows != spec_.width << (spec_.levels - 1)) {
    throw InputError("POLO needs a square CV_64F image of " +
                     std::to_string(spec_.width << (spec_.levels - 1)) + " px");
  }
  std::vector<cv::Mat> levels;
  cv::Mat current = image;
  for (int level = 0; level < spec_.levels; ++level) {
    if (level + 1 == spec_.levels) {
      levels.push_back(current.clone());  // the low-pass rest, whole
      break;
    }
    const cv::Mat smaller = half(current);
    levels.push_back(centre(cv::Mat(current - twice(smaller)), spec_.width).clone());
    current = smaller;
  }
  return levels;
}

std::vector<float> PoloCode::encode(const cv::Mat& image) const {
  const auto levels = pyramid(image);
  const int rows = spec_.levels * spec_.sublevels;
  std::vector<float> code(static_cast<std::size_t>(spec_.size()));
  for (int level = 0; level < spec_.levels; ++level) {
    for (int k = 0; k < spec_.sublevels; ++k) {
      for (int az = 0; az < spec_.n_azimuth; ++az) {
        for (int t = 0; t < spec_.n_theta; ++t) {
          const double value = levels[static_cast<std::size_t>(level)].dot(filter(k, az, t));
          const int row = level * spec_.sublevels + k;
          code[static_cast<std::size_t>((t * rows + row) * spec_.n_azimuth + az)] =
              static_cast<float>(value);
        }
      }
    }
  }
  return code;
}

}  // namespace fovea::retina
