#pragma once
#include <array>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::retina {

// POLO, the polar-log code of the foveated spatial transformer (science-attention.md section 4):
// a centre-cropped Laplacian pyramid of the 128 x 128 image (3 levels of 32 x 32 covering the
// central 32, 64 and 128 px) filtered by 2 eccentricities x 16 azimuths x 8 orientations of
// log-Gabor filters: 768 values, 95.3 % fewer than the pixels.
struct PoloSpec {
  int width = 32;
  int levels = 3;
  int sublevels = 2;  // eccentricities per level
  int n_azimuth = 16;
  int n_theta = 8;
  double r_min = 8;
  double r_max = 16;
  double B_theta = 3.14159265358979323846 / 12;

  int size() const { return levels * sublevels * n_azimuth * n_theta; }
};

class PoloCode {
 public:
  explicit PoloCode(const PoloSpec& spec = {});

  const PoloSpec& spec() const { return spec_; }
  // Radius (px, on the 32 grid) and azimuth of the filters of sublevel k.
  double radius(int sublevel) const;

  // The (levels, width, width) pyramid of a 128 x 128 CV_64F image in [0, 1].
  std::vector<cv::Mat> pyramid(const cv::Mat& image) const;
  // The code in the transformer's layout (n_theta, levels * sublevels, n_azimuth), flattened;
  // rows are level-major: L0k0, L0k1, L1k0, L1k1, L2k0, L2k1.
  std::vector<float> encode(const cv::Mat& image) const;

  // Filter (sublevel, azimuth, theta) as width x width CV_64F; K in the original's terms.
  const cv::Mat& filter(int sublevel, int azimuth, int theta) const;

 private:
  PoloSpec spec_;
  std::vector<cv::Mat> filters_;  // sublevel-major, then azimuth, then theta
};

}  // namespace fovea::retina
