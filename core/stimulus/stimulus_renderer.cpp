#include "core/stimulus/stimulus_renderer.h"

#include <algorithm>
#include <opencv2/imgcodecs.hpp>

#include "core/data/digit_sheet.h"
#include "core/data/glyph_sets.h"
#include "core/stimulus/background_pool.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace fovea::stimulus {
namespace {

// The n-th digit of the given parity in the split, in sheet order.
std::size_t pickDigit(const data::GlyphSet& digits, const std::vector<std::size_t>& split,
                      int parity, int n, const char* key) {
  int seen = 0;
  for (std::size_t index : split) {
    if (digits.labels[index] % 2 != parity) continue;
    if (seen++ == n) return index;
  }
  throw InputError(std::string("glyphs.") + key + " " + std::to_string(n) + " is past the " +
                   std::to_string(seen) + " digits available");
}

}  // namespace

std::string rendererKey(const StimulusSpec& spec) {
  StimulusSpec key = spec;
  key.geometry = {};
  key.geometry.canvas_px = spec.geometry.canvas_px;
  return toToml(key);
}

cv::Mat loadGlyphImage(const std::filesystem::path& path) {
  cv::Mat glyph = readGreyImage(path);
  // Glyphs are ink on black. A dark-on-light image (most scans) is inverted, judged by its border.
  cv::Mat border_mask = cv::Mat::ones(glyph.size(), CV_8UC1);
  if (glyph.rows > 2 && glyph.cols > 2) {
    border_mask(cv::Rect(1, 1, glyph.cols - 2, glyph.rows - 2)).setTo(0);
  }
  if (cv::mean(glyph, border_mask)[0] > 127) glyph = 255 - glyph;
  if (cv::countNonZero(glyph) == 0) throw InputError(path.string() + ": the glyph image is empty");
  return glyph;
}

StimulusRenderer::StimulusRenderer(const StimulusSpec& spec) : spec_(spec), plan_(spec.retina) {
  if (spec_.retina.canvas_px != spec_.geometry.canvas_px) {
    spec_.retina.canvas_px = spec_.geometry.canvas_px;
    plan_ = retina::MultiscalePlan(spec_.retina);
  }
  const auto& glyphs = spec_.glyphs;
  if (glyphs.target_image.empty() || glyphs.flanker_image.empty()) {
    const auto& digits = data::defaultDigits();
    const auto split = data::splitDigitSheet(digits);
    const auto& part = glyphs.split == "train" ? split.train : split.test;
    if (glyphs.target_image.empty()) {
      const std::size_t index = pickDigit(digits, part, 0, glyphs.target_index, "target_index");
      target_glyph_ = digits.glyph(index).clone();
      target_label_ = digits.labels[index] / 2;
    }
    if (glyphs.flanker_image.empty() && glyphs.flanker_set == "digits") {
      flanker_glyph_ =
          digits.glyph(pickDigit(digits, part, 1, glyphs.flanker_index, "flanker_index")).clone();
    }
  }
  if (glyphs.flanker_image.empty() && glyphs.flanker_set != "digits") {
    const auto& set = data::namedGlyphSet(glyphs.flanker_set);
    if (static_cast<std::size_t>(glyphs.flanker_index) >= set.size()) {
      throw InputError("glyphs.flanker_index " + std::to_string(glyphs.flanker_index) +
                       " is past the " + std::to_string(set.size()) + " glyphs of " +
                       glyphs.flanker_set);
    }
    flanker_glyph_ = set.glyph(static_cast<std::size_t>(glyphs.flanker_index)).clone();
  }
  if (!glyphs.target_image.empty()) target_glyph_ = loadGlyphImage(glyphs.target_image);
  if (!glyphs.flanker_image.empty()) flanker_glyph_ = loadGlyphImage(glyphs.flanker_image);
  if (spec_.background.kind == "photo") {
    background_ =
        loadBackground(spec_.background.image, spec_.background.index, spec_.geometry.canvas_px);
  } else if (spec_.background.kind == "noise") {
    background_ = noiseBackground(spec_.background, spec_.geometry.canvas_px);
  }
}

RenderedStimulus StimulusRenderer::render(const CrowdingGeometry& geometry,
                                          bool with_canvas) const {
  const int canvas_px = spec_.geometry.canvas_px;
  if (geometry.canvas_px != canvas_px) {
    throw InputError("canvas_px " + std::to_string(geometry.canvas_px) +
                     " differs from the renderer's " + std::to_string(canvas_px));
  }
  RenderedStimulus out;
  out.boxes = layoutGlyphs(geometry);
  out.target_label = target_label_;
  const auto glyphs = prepareGlyphs(geometry, target_glyph_, flanker_glyph_);
  if (background_.empty()) {
    const auto window = renderWindow(out.boxes, glyphs, canvas_px);
    out.crops = plan_.cropsFromWindow(window);
    if (with_canvas) out.canvas = toCanvas(window);
    out.window_rect = window.rect;
    out.window = window.pixels;
  } else {
    out.canvas = renderCanvas(out.boxes, glyphs, canvas_px, background_);
    out.crops = plan_.cropsFromCanvas(out.canvas);
    out.window_rect = cv::Rect(0, 0, canvas_px, canvas_px);
    out.window = out.canvas;
  }
  out.input = plan_.networkInput(out.crops);
  return out;
}

}  // namespace fovea::stimulus
