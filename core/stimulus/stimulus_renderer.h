#pragma once
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/retina/multiscale.h"
#include "core/stimulus/crowding_renderer.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::stimulus {

struct RenderedStimulus {
  std::vector<GlyphBox> boxes;  // target first
  int target_label =
      -1;          // class of the target digit (0..4 for even digits 0..8), -1 for a user image
  cv::Mat canvas;  // the full canvas; empty unless asked for or needed
  cv::Rect window_rect;        // the part of the canvas that is not black (all of it on a photo)
  cv::Mat window;              // its pixels
  std::vector<cv::Mat> crops;  // scales x crop_px x crop_px, 8-bit
  std::vector<float> input;    // the network input, scales x crop_px x crop_px
};

// The parts of a spec that a renderer resolves once (glyph images, background, crop plan) as
// text: two specs with the same key differ only in geometry, and one renderer serves both.
std::string rendererKey(const StimulusSpec& spec);

// Renders a stimulus spec: resolves its glyphs and background once, then draws. A black
// background takes the fast path (only the glyph window is drawn); a photograph needs the
// full canvas.
class StimulusRenderer {
 public:
  explicit StimulusRenderer(const StimulusSpec& spec);

  const StimulusSpec& spec() const { return spec_; }
  const retina::MultiscalePlan& plan() const { return plan_; }

  // Throws InputError for impossible geometry.
  RenderedStimulus render(bool with_canvas) const { return render(spec_.geometry, with_canvas); }
  // The same glyphs, background and crops with another geometry (same canvas size): what an
  // interactive editor needs after a drag, without resolving the glyphs again.
  RenderedStimulus render(const CrowdingGeometry& geometry, bool with_canvas) const;

 private:
  StimulusSpec spec_;
  retina::MultiscalePlan plan_;
  cv::Mat target_glyph_;
  cv::Mat flanker_glyph_;
  int target_label_ = -1;
  cv::Mat background_;  // canvas-sized, empty for black
};

// A user's glyph image as an 8-bit grey glyph, white ink on black; named errors for bad files.
cv::Mat loadGlyphImage(const std::filesystem::path& path);

}  // namespace fovea::stimulus
