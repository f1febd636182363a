#pragma once
// A unit's receptive field on the eccentricity model's canvas: its crop-pixel field mapped back
// through each multiscale crop it pools, and the share of each glyph's ink that falls inside.
#include <string>
#include <vector>

#include "core/models/receptive_field.h"
#include "core/retina/multiscale.h"
#include "core/stimulus/stimulus_renderer.h"

namespace fovea::inspect {

// [x0, x1) x [y0, y1) in canvas pixels, seen through crop `scale`.
struct CanvasRect {
  int scale = 0;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double side() const { return x1 - x0; }
  bool contains(double x, double y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

// The unit at (row, col) of output scale `out_scale` of a layer whose field on the crops is
// `field` and that pools `scales_seen` neighbouring input scales: one square per input scale
// it sees, clipped to that crop's box. Scale 0 is the fovea (the smallest crop).
std::vector<CanvasRect> canvasField(const models::ReceptiveField& field,
                                    const retina::MultiscalePlan& plan, int out_scale,
                                    int scales_seen, int row, int col);

// For each glyph of a stimulus drawn on black (target first), the share of its ink (pixel
// values summed) inside the union of `rects`; 0 for a glyph without ink. Empty with `refusal`
// set when the background is not black, since ink is then not separable from the scene.
struct InkShares {
  std::vector<double> shares;
  std::string refusal;
};
InkShares inkInside(const stimulus::RenderedStimulus& stimulus, bool black_background,
                    const std::vector<CanvasRect>& rects);

// The empirical field on the canvas: each crop's input gradient (crop_px x crop_px per scale,
// scale-major) resized onto its box and summed in absolute value; canvas_px x canvas_px floats.
std::vector<float> gradientOnCanvas(const std::vector<float>& gradient,
                                    const retina::MultiscalePlan& plan);

}  // namespace fovea::inspect
