#pragma once
#include <limits>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/stimulus/crowding_renderer.h"
#include "core/stimulus/pil_resample.h"

namespace fovea::retina {

enum class Fovea { Exponential, Linear };
enum class ContrastNorm { None, AreaFactor };
std::string toString(Fovea fovea);
std::string toString(ContrastNorm norm);
Fovea parseFovea(const std::string& name);
ContrastNorm parseContrastNorm(const std::string& name);

// The eccentricity model's input: `scales` square crops centred on fixation, from the fovea
// (scale 0, crop_px canvas pixels) to the whole canvas, each resized to crop_px x crop_px.
struct MultiscaleSpec {
  int canvas_px = 1920;
  int scales = 11;
  int crop_px = 60;
  // The widest crop, centred on fixation; 0: the whole canvas (the study). A DCNN with one scale
  // sees this field resized to crop_px.
  int field_px = 0;
  Fovea fovea = Fovea::Exponential;
  // Chevron sampling: scale i loses the square covered by scale i - chevron (off when infinite).
  double chevron = std::numeric_limits<double>::infinity();
  ContrastNorm contrast_norm = ContrastNorm::None;

  void validate() const;  // InputError naming the field
  int field() const { return field_px > 0 ? field_px : canvas_px; }
};

// A square region [lo, hi) x [lo, hi) of the canvas.
struct CropBox {
  double size = 0;  // the unrounded side
  int lo = 0;
  int hi = 0;
  int side() const { return hi - lo; }
  bool contains(const cv::Rect& rect) const {
    return rect.x >= lo && rect.y >= lo && rect.x + rect.width <= hi && rect.y + rect.height <= hi;
  }
};

// Everything about the crops that does not depend on the stimulus, computed once: boxes with
// the original's truncation (sides 60, 85, 120, 169, 240, 339, 481, 679, 961, 1357, 1920 at paper
// scale), chevron holes, resampling weights and areafactor divisors.
class MultiscalePlan {
 public:
  explicit MultiscalePlan(const MultiscaleSpec& spec);

  const MultiscaleSpec& spec() const { return spec_; }
  const std::vector<CropBox>& boxes() const { return boxes_; }
  // The zeroed square of scale i under chevron sampling (side 0 when none).
  const CropBox& hole(int scale) const { return holes_[static_cast<std::size_t>(scale)]; }
  // r^(2(n-1-i)) for the exponential fovea, (n-i)^2 for the linear one.
  double areaDivisor(int scale) const { return divisors_[static_cast<std::size_t>(scale)]; }
  double ratio() const { return ratio_; }

  // Reference path: crop and resize a full canvas exactly as the study did.
  std::vector<cv::Mat> cropsFromCanvas(const cv::Mat& canvas) const;
  // Fast path for black backgrounds: the same pixels, computed from the glyph window only.
  std::vector<cv::Mat> cropsFromWindow(const stimulus::CanvasWindow& window) const;

  // The network input, scales x crop_px x crop_px floats: v / 255 - 0.5 without contrast
  // normalisation; with areafactor each crop is divided by its maximum and its area divisor,
  // then shifted by -0.5 (an empty crop stays at -0.5).
  std::vector<float> networkInput(const std::vector<cv::Mat>& crops) const;

 private:
  cv::Mat cropFromWindow(int scale, const stimulus::CanvasWindow& window) const;

  MultiscaleSpec spec_;
  double ratio_ = 1;
  std::vector<CropBox> boxes_;
  std::vector<CropBox> holes_;
  std::vector<double> divisors_;
  std::vector<stimulus::ResampleAxis> axes_;
};

}  // namespace fovea::retina
