#include "core/stimulus/motion_cloud.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <random>
#include <vector>

#include "core/util/errors.h"
#include "core/util/fourier_grid.h"

namespace fovea::stimulus {
namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

double motionCloudEnvelope(const MotionCloudSpec& spec, double f) {
  if (f <= 0) return 0;
  const double width = std::log((spec.sf_0 + spec.B_sf) / spec.sf_0);
  const double octave = std::log(f / spec.sf_0);
  return (1.0 / f) * std::exp(-0.5 * octave * octave / (width * width));
}

namespace {

// The envelope in unshifted (FFT) order, computed once per spec and thread.
const std::vector<double>& envelopeTable(const MotionCloudSpec& spec) {
  thread_local MotionCloudSpec cached_spec{0, 0, 0, 0};
  thread_local std::vector<double> table;
  if (cached_spec.size != spec.size || cached_spec.sf_0 != spec.sf_0 ||
      cached_spec.B_sf != spec.B_sf) {
    const int n = spec.size;
    table.assign(static_cast<std::size_t>(n) * n, 0.0);
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < n; ++c) {
        // ifftshift while writing.
        const int rr = unshiftedIndex(r, n);
        const int cc = unshiftedIndex(c, n);
        table[static_cast<std::size_t>(rr * n + cc)] =
            motionCloudEnvelope(spec, std::hypot(centredFrequency(r, n), centredFrequency(c, n)));
      }
    }
    table[0] = 0;  // no DC
    cached_spec = spec;
  }
  return table;
}

}  // namespace

cv::Mat motionCloud(const MotionCloudSpec& spec, std::uint64_t seed) {
  if (spec.size < 2 || !(spec.sf_0 > 0) || !(spec.B_sf > 0) || !(spec.noise >= 0)) {
    throw InputError("motion cloud needs size >= 2 and positive sf_0, B_sf and noise");
  }
  const int n = spec.size;
  const std::size_t count = static_cast<std::size_t>(n) * n;
  const std::vector<double>& envelope = envelopeTable(spec);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  // As MotionClouds draws them, in centred order: first all phases, then all amplitudes.
  thread_local std::vector<double> phases;
  phases.resize(count);
  for (double& p : phases) p = uniform(rng);
  cv::Mat spectrum(n, n, CV_64FC2);
  auto* bins = spectrum.ptr<cv::Vec2d>();
  for (int r = 0; r < n; ++r) {
    const int rr = unshiftedIndex(r, n);
    for (int c = 0; c < n; ++c) {
      const int cc = unshiftedIndex(c, n);
      const std::size_t bin = static_cast<std::size_t>(rr * n + cc);
      const double amplitude = normal(rng) * envelope[bin];
      const double phase = 2 * kPi * phases[static_cast<std::size_t>(r * n + c)];
      bins[bin] = {amplitude * std::cos(phase), amplitude * std::sin(phase)};
    }
  }
  // The spectrum is not Hermitian (random phases everywhere), so take the real part of the
  // complex inverse, as numpy's real(ifft2(...)) does.
  cv::Mat complex_field;
  cv::dft(spectrum, complex_field, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_COMPLEX_OUTPUT);
  cv::Mat field;
  cv::extractChannel(complex_field, field, 0);
  field -= cv::mean(field)[0];
  double lo = 0, hi = 0;
  cv::minMaxLoc(field, &lo, &hi);
  const double peak = std::max(std::fabs(lo), std::fabs(hi));
  // Rectify to [0, 1] about 0.5, then to a peak-to-peak of `noise`: (2z - 1) * noise / 2 + 0.5.
  const double gain = peak > 0 ? 0.5 / peak : 0.0;
  field.convertTo(field, CV_64F, 2 * gain * (spec.noise / 2), 0.5);
  return field;
}

}  // namespace fovea::stimulus
