#include "core/retina/retina_energy.h"

#include <cmath>

#include "core/retina/whitening.h"
#include "core/util/errors.h"

namespace fovea::retina {

std::vector<float> retinaEnergyMap(const LogGaborRetina& retina, const cv::Mat& image) {
  const auto& spec = retina.spec();
  if (image.rows != spec.size || image.cols != spec.size) {
    throw InputError("the retina takes a " + std::to_string(spec.size) + " px image, got " +
                     std::to_string(image.cols) + " x " + std::to_string(image.rows));
  }
  cv::Mat unit;
  image.convertTo(unit, CV_64F, 1.0 / 255);
  WhiteningSpec raw;
  raw.offset_and_clip = false;
  const auto code = retina.encode(whitenImage(unit, raw));
  const auto places = static_cast<std::size_t>(spec.n_azimuth * spec.n_eccentricity);
  std::vector<float> energy(places, 0.0f);
  for (std::size_t i = 0; i < code.size(); ++i) {
    energy[(i / static_cast<std::size_t>(spec.n_phase)) % places] += code[i] * code[i];
  }
  for (float& e : energy) e = std::sqrt(e);
  return energy;
}

}  // namespace fovea::retina
