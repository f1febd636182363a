#include "core/stimulus/crowding_renderer.h"

#include <cmath>
#include <opencv2/core.hpp>

#include "core/stimulus/pil_resample.h"
#include "core/util/errors.h"

namespace fovea::stimulus {
namespace {

cv::Mat withContrast(const cv::Mat& glyph, double contrast) {
  if (contrast >= 1.0) return glyph;
  cv::Mat scaled(glyph.size(), CV_8UC1);
  for (int y = 0; y < glyph.rows; ++y) {
    const auto* in = glyph.ptr<std::uint8_t>(y);
    auto* out = scaled.ptr<std::uint8_t>(y);
    for (int x = 0; x < glyph.cols; ++x) {
      out[x] = static_cast<std::uint8_t>(std::floor(in[x] * contrast + 0.5));
    }
  }
  return scaled;
}

void paste(cv::Mat& canvas, cv::Point origin, const GlyphBox& box, const CrowdingGlyphs& glyphs,
           bool overwrite) {
  const cv::Mat& glyph = box.is_target ? glyphs.target : glyphs.flanker;
  cv::Mat region = canvas(cv::Rect(box.x - origin.x, box.y - origin.y, box.side, box.side));
  if (overwrite) {
    glyph.copyTo(region);
  } else {
    cv::max(region, glyph, region);
  }
}

}  // namespace

cv::Mat makeSquare(const cv::Mat& glyph, int side) {
  if (glyph.empty() || glyph.type() != CV_8UC1) {
    throw InputError("a glyph must be a non-empty 8-bit grey image");
  }
  const int rows = glyph.rows;
  const int cols = glyph.cols;
  cv::Size fitted = rows > cols ? cv::Size(static_cast<int>(double(cols) / rows * side), side)
                                : cv::Size(side, static_cast<int>(double(rows) / cols * side));
  fitted.width = std::max(fitted.width, 1);
  fitted.height = std::max(fitted.height, 1);
  cv::Mat square = cv::Mat::zeros(side, side, CV_8UC1);
  resizeLikePil(glyph, fitted)
      .copyTo(square(cv::Rect((side - fitted.width) / 2, (side - fitted.height) / 2, fitted.width,
                              fitted.height)));
  return square;
}

CrowdingGlyphs prepareGlyphs(const CrowdingGeometry& geometry, const cv::Mat& target_glyph,
                             const cv::Mat& flanker_glyph) {
  CrowdingGlyphs glyphs;
  glyphs.target =
      withContrast(makeSquare(target_glyph, geometry.target_px), geometry.target_contrast);
  if (geometry.configuration != Configuration::A) {
    glyphs.flanker =
        withContrast(makeSquare(flanker_glyph, geometry.flanker_px), geometry.flanker_contrast);
  }
  return glyphs;
}

CanvasWindow renderWindow(const std::vector<GlyphBox>& boxes, const CrowdingGlyphs& glyphs,
                          int canvas_px) {
  CanvasWindow window;
  window.canvas_px = canvas_px;
  for (const auto& box : boxes) {
    const cv::Rect rect(box.x, box.y, box.side, box.side);
    window.rect = window.rect.empty() ? rect : (window.rect | rect);
  }
  window.pixels = cv::Mat::zeros(window.rect.size(), CV_8UC1);
  for (const auto& box : boxes) paste(window.pixels, window.rect.tl(), box, glyphs, false);
  return window;
}

cv::Mat renderCanvas(const std::vector<GlyphBox>& boxes, const CrowdingGlyphs& glyphs,
                     int canvas_px, const cv::Mat& background, bool target_overwrites) {
  cv::Mat canvas;
  if (background.empty()) {
    canvas = cv::Mat::zeros(canvas_px, canvas_px, CV_8UC1);
  } else {
    if (background.type() != CV_8UC1 || background.rows != canvas_px ||
        background.cols != canvas_px) {
      throw InputError("background must be an 8-bit " + std::to_string(canvas_px) + " x " +
                       std::to_string(canvas_px) + " image");
    }
    canvas = background.clone();
  }
  for (const auto& box : boxes)
    paste(canvas, {0, 0}, box, glyphs, box.is_target && target_overwrites);
  return canvas;
}

cv::Mat toCanvas(const CanvasWindow& window) {
  cv::Mat canvas = cv::Mat::zeros(window.canvas_px, window.canvas_px, CV_8UC1);
  window.pixels.copyTo(canvas(window.rect));
  return canvas;
}

}  // namespace fovea::stimulus
