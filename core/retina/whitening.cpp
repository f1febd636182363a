#include "core/retina/whitening.h"

#include <cmath>
#include <opencv2/core.hpp>

#include "core/util/fourier_grid.h"

namespace fovea::retina {

cv::Mat whiteningFilter(int size, const WhiteningSpec& spec) {
  // mgrid[-N/2 : (N+1)/2] / N, with f(DC) = 1e-12 to avoid dividing by zero.
  cv::Mat frequency(size, size, CV_64F);
  for (int r = 0; r < size; ++r) {
    for (int c = 0; c < size; ++c) {
      frequency.at<double>(r, c) =
          std::max(std::hypot(centredFrequency(r, size), centredFrequency(c, size)), 1e-12);
    }
  }
  cv::Mat power(size, size, CV_64F);
  frequency.forEach<double>([&](double& f, const int* at) {
    power.at<double>(at[0], at[1]) = std::pow(f, -2 * spec.alpha);
  });
  power /= cv::mean(power)[0];
  cv::Mat filter(size, size, CV_64F);
  frequency.forEach<double>([&](double& f, const int* at) {
    filter.at<double>(at[0], at[1]) = std::pow(power.at<double>(at[0], at[1]), -0.5) *
                                      std::exp(-std::pow(f / spec.f_0, spec.steepness));
  });
  filter /= cv::mean(filter)[0];
  return filter;
}

cv::Mat whitenImage(const cv::Mat& image, const WhiteningSpec& spec) {
  CV_Assert(image.type() == CV_64F && image.rows == image.cols);
  const int n = image.rows;
  const cv::Mat filter = whiteningFilter(n, spec);
  cv::Mat spectrum;
  cv::dft(image, spectrum, cv::DFT_COMPLEX_OUTPUT);
  // fftshift(fft2(img)) * K, then ifftshift: equivalent to multiplying the unshifted spectrum by
  // the filter moved back to unshifted order.
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      const int fr = (r + n / 2) % n;  // fftshift: unshifted r sits at centred (r + n/2) mod n
      const int fc = (c + n / 2) % n;
      spectrum.at<cv::Vec2d>(r, c) *= filter.at<double>(fr, fc);
    }
  }
  cv::Mat complex_result;
  cv::dft(spectrum, complex_result, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_COMPLEX_OUTPUT);
  cv::Mat result;
  cv::extractChannel(complex_result, result, 0);
  if (spec.offset_and_clip) {
    result += 0.5;
    cv::min(cv::max(result, 0.0), 1.0, result);
  }
  return result;
}

}  // namespace fovea::retina
