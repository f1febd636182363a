#include "core/inspect/canvas_field.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/util/errors.h"

namespace fovea::inspect {

std::vector<CanvasRect> canvasField(const models::ReceptiveField& field,
                                    const retina::MultiscalePlan& plan, int out_scale,
                                    int scales_seen, int row, int col) {
  const auto& boxes = plan.boxes();
  const int scales = static_cast<int>(boxes.size());
  if (out_scale < 0 || scales_seen < 1 || out_scale + scales_seen > scales) {
    throw InputError("receptive field: output scale " + std::to_string(out_scale) + " pooling " +
                     std::to_string(scales_seen) + " scales is outside the " +
                     std::to_string(scales) + " crops");
  }
  const double crop = plan.spec().crop_px;
  // The field in crop pixels, as a half-open span of whole pixels.
  auto span = [&](int unit) {
    if (field.global) return std::pair<double, double>{0, crop};
    return std::pair<double, double>{std::max(0.0, field.firstPixel(unit)),
                                     std::min(crop, field.lastPixel(unit) + 1)};
  };
  const auto [x0, x1] = span(col);
  const auto [y0, y1] = span(row);
  std::vector<CanvasRect> rects;
  for (int s = out_scale; s < out_scale + scales_seen; ++s) {
    const auto& box = boxes[static_cast<std::size_t>(s)];
    const double per_pixel = box.side() / crop;  // canvas pixels per crop pixel
    rects.push_back({s, box.lo + x0 * per_pixel, box.lo + y0 * per_pixel, box.lo + x1 * per_pixel,
                     box.lo + y1 * per_pixel});
  }
  return rects;
}

InkShares inkInside(const stimulus::RenderedStimulus& stimulus, bool black_background,
                    const std::vector<CanvasRect>& rects) {
  InkShares out;
  if (!black_background) {
    out.refusal = "ink shares need a black background (the scene's pixels are not ink)";
    return out;
  }
  const cv::Mat& window = stimulus.window;
  const cv::Rect& at = stimulus.window_rect;
  for (const auto& box : stimulus.boxes) {
    double total = 0, inside = 0;
    for (int y = box.y; y < box.y + box.side; ++y) {
      for (int x = box.x; x < box.x + box.side; ++x) {
        if (!at.contains({x, y})) continue;
        const double ink = window.at<std::uint8_t>(y - at.y, x - at.x);
        if (ink <= 0) continue;
        total += ink;
        // A pixel is inside when its centre is inside any of the squares.
        const bool seen = std::any_of(rects.begin(), rects.end(), [&](const CanvasRect& r) {
          return r.contains(x + 0.5, y + 0.5);
        });
        if (seen) inside += ink;
      }
    }
    out.shares.push_back(total > 0 ? inside / total : 0.0);
  }
  return out;
}

std::vector<float> gradientOnCanvas(const std::vector<float>& gradient,
                                    const retina::MultiscalePlan& plan) {
  const int crop = plan.spec().crop_px;
  const int canvas = plan.spec().canvas_px;
  const auto& boxes = plan.boxes();
  const std::size_t per_scale = static_cast<std::size_t>(crop) * crop;
  if (gradient.size() != per_scale * boxes.size()) {
    throw InputError("receptive field: a gradient of " + std::to_string(gradient.size()) +
                     " values does not match " + std::to_string(boxes.size()) + " crops of " +
                     std::to_string(crop) + " px");
  }
  cv::Mat sum(canvas, canvas, CV_32F, cv::Scalar(0));
  for (std::size_t s = 0; s < boxes.size(); ++s) {
    const auto& box = boxes[s];
    const cv::Mat grad(crop, crop, CV_32F, const_cast<float*>(gradient.data() + s * per_scale));
    cv::Mat on_box;
    // Area resampling spreads one crop pixel's gradient over the canvas pixels it stands for.
    cv::resize(cv::abs(grad), on_box, {box.side(), box.side()}, 0, 0,
               box.side() >= crop ? cv::INTER_NEAREST : cv::INTER_AREA);
    // A crop pixel stands for (side / crop)^2 canvas pixels: spread its weight over them.
    on_box *= static_cast<float>(static_cast<double>(crop) * crop / (box.side() * box.side()));
    const cv::Rect on_canvas =
        cv::Rect(box.lo, box.lo, box.side(), box.side()) & cv::Rect(0, 0, canvas, canvas);
    sum(on_canvas) += on_box(on_canvas - cv::Point(box.lo, box.lo));
  }
  return std::vector<float>(sum.begin<float>(), sum.end<float>());
}

}  // namespace fovea::inspect
