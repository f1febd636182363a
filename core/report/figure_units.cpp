#include "core/report/figure_units.h"

#include <string>

namespace fovea::report {
namespace {

void retitle(std::string& title) {
  const auto at = title.rfind("(px)");
  if (at != std::string::npos) title.replace(at, 4, "(deg)");
}

}  // namespace

FigureData inDegrees(const FigureData& figure, const stimulus::DisplayModel& display) {
  FigureData out = figure;
  auto convert = [&](AxisQuantity quantity, double px) {
    switch (quantity) {
      case AxisQuantity::EccentricityPx: return display.eccentricityDeg(px);
      case AxisQuantity::SpacingTowardFoveaPx:
        // The angle between the target and a flanker `px` closer to fixation.
        return display.eccentricityDeg(figure.spacing_anchor_px) -
               display.eccentricityDeg(figure.spacing_anchor_px - px);
      case AxisQuantity::Other: break;
    }
    return px;
  };
  if (figure.x_quantity != AxisQuantity::Other) {
    for (auto& series : out.series) {
      for (double& x : series.x) x = convert(figure.x_quantity, x);
    }
    for (double& x : out.heatmap.x_values) x = convert(figure.x_quantity, x);
    if (out.x_min != out.x_max) {
      out.x_min = convert(figure.x_quantity, out.x_min);
      out.x_max = convert(figure.x_quantity, out.x_max);
    }
    retitle(out.x_title);
  }
  if (figure.y_quantity != AxisQuantity::Other) {
    for (double& y : out.heatmap.y_values) y = convert(figure.y_quantity, y);
    retitle(out.y_title);
  }
  out.constants.push_back({"units", "deg"});
  return out;
}

}  // namespace fovea::report
