#pragma once
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/stimulus/crowding_geometry.h"

namespace fovea::stimulus {

// The study's make_square: resize a glyph to fit a side x side box keeping its aspect ratio
// (PIL bilinear), centred on black.
cv::Mat makeSquare(const cv::Mat& glyph, int side);

// Glyphs scaled to their boxes and contrast, ready to paste.
struct CrowdingGlyphs {
  cv::Mat target;   // target_px x target_px
  cv::Mat flanker;  // flanker_px x flanker_px
};
CrowdingGlyphs prepareGlyphs(const CrowdingGeometry& geometry, const cv::Mat& target_glyph,
                             const cv::Mat& flanker_glyph);

// The part of a black canvas that holds glyphs: everything outside `pixels` is 0. This is all
// the multi-scale crops need, so no full canvas is painted for black backgrounds.
struct CanvasWindow {
  int canvas_px = 0;
  cv::Rect rect;   // in canvas pixels
  cv::Mat pixels;  // rect.size(), 8-bit
};
CanvasWindow renderWindow(const std::vector<GlyphBox>& boxes, const CrowdingGlyphs& glyphs,
                          int canvas_px);

// The full canvas: `background` (canvas-sized, 8-bit) or black, with every glyph pasted by
// maximum, so the target keeps the background around its strokes. (The study overwrote the
// target's whole box, a black square on photographs; `target_overwrites` restores that.)
cv::Mat renderCanvas(const std::vector<GlyphBox>& boxes, const CrowdingGlyphs& glyphs,
                     int canvas_px, const cv::Mat& background = {}, bool target_overwrites = false);

cv::Mat toCanvas(const CanvasWindow& window);

}  // namespace fovea::stimulus
