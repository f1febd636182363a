#include "core/retina/log_gabor_filter.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <opencv2/core.hpp>
#include <vector>

#include "core/util/fourier_grid.h"

namespace fovea::retina {
namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

cv::Mat logGaborFilter(int n, double centre_row, double centre_col, double sf_0, double B_sf,
                       double theta, double B_theta, double phase) {
  cv::Mat spectrum(n, n, CV_64FC2);
  double energy = 0;
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      const double fx = centredFrequency(r, n);  // along rows
      const double fy = centredFrequency(c, n);
      const double f = std::hypot(fx, fy);
      std::complex<double> value = 0;
      if (f > 0) {
        const double radial =
            std::isinf(B_sf)
                ? 1 / f
                : (1 / f) * std::exp(-0.5 * std::pow(std::log(f / sf_0), 2) / (B_sf * B_sf));
        const double angular = std::exp(std::cos(std::atan2(fy, fx) - theta) / (B_theta * B_theta));
        const double mask = (f < 0.5 ? 1 - std::exp((f - 0.5) / (0.5 * 0.07)) : 0.0) *
                            (1 - std::exp(-0.5 * f * f / std::pow(0.5 / n, 2)));
        // The translation to the filter's centre, as a phase ramp.
        const double shift = -2 * kPi * (centre_row * fx + centre_col * fy);
        value = radial * angular * mask * std::polar(1.0, shift);
      }
      energy += std::norm(value);
      // ifftshift while writing.
      spectrum.at<cv::Vec2d>(unshiftedIndex(r, n), unshiftedIndex(c, n)) = {value.real(),
                                                                            value.imag()};
    }
  }
  // FT /= sqrt(mean |FT|^2); FT *= sqrt(2); FT *= exp(-i phase).
  const double scale = std::sqrt(2.0) / std::sqrt(energy / (n * n));
  const std::complex<double> rotate = std::polar(scale, -phase);
  for (auto it = spectrum.begin<cv::Vec2d>(); it != spectrum.end<cv::Vec2d>(); ++it) {
    const std::complex<double> v = std::complex<double>((*it)[0], (*it)[1]) * rotate;
    *it = {v.real(), v.imag()};
  }
  cv::Mat complex_filter;
  cv::dft(spectrum, complex_filter, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_COMPLEX_OUTPUT);
  cv::Mat filter;
  cv::extractChannel(complex_filter, filter, 0);
  // (filt - median) / max |filt - median|
  std::vector<double> values(filter.begin<double>(), filter.end<double>());
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                   values.end());
  double median = values[values.size() / 2];
  if (values.size() % 2 == 0) {
    median = 0.5 * (median + *std::max_element(
                                 values.begin(),
                                 values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2)));
  }
  filter -= median;
  double lo = 0, hi = 0;
  cv::minMaxLoc(filter, &lo, &hi);
  const double peak = std::max(std::fabs(lo), std::fabs(hi));
  if (peak > 0) filter /= peak;
  return filter;
}

}  // namespace fovea::retina
