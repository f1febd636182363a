#include "core/inspect/inspect_figures.h"

#include <algorithm>
#include <sstream>

#include "core/util/errors.h"

namespace fovea::inspect {

namespace {

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

report::FigureData mapsFigure(const std::string& id, const std::string& title,
                              const std::vector<std::int64_t>& shape,
                              const std::vector<float>& values, int scale, bool shared_scale,
                              const std::string& panel_prefix) {
  if (shape.size() != 3 && shape.size() != 4) {
    throw InputError("maps of shape [" + shapeText(shape) + "]: expected [channels, h, w]");
  }
  const std::int64_t scales = shape.size() == 4 ? shape[0] : 1;
  const auto c = shape[shape.size() - 3], h = shape[shape.size() - 2], w = shape.back();
  if (c < 1 || h < 1 || w < 1 || static_cast<std::int64_t>(values.size()) != scales * c * h * w) {
    throw InputError("maps of shape [" + shapeText(shape) + "] with " +
                     std::to_string(values.size()) + " values");
  }
  if (scale < 0 || scale >= scales) {
    throw InputError("scale " + std::to_string(scale) + " of " + std::to_string(scales));
  }
  report::FigureData figure;
  figure.id = id;
  figure.title = title;
  figure.has_maps = true;
  figure.maps.shared_scale = shared_scale;
  figure.maps.value_title = "activation";
  const std::int64_t shown = std::min<std::int64_t>(c, kMaxFigurePanels);
  for (std::int64_t channel = 0; channel < shown; ++channel) {
    const auto first = values.begin() + (scale * c + channel) * h * w;
    figure.maps.panels.push_back({panel_prefix + std::to_string(channel), static_cast<int>(h),
                                  static_cast<int>(w), std::vector<float>(first, first + h * w)});
  }
  return figure;
}

report::FigureData summaryFigure(const ModelSummary& summary) {
  report::FigureData figure;
  figure.id = "layers-" + summary.run;
  figure.title = summary.run + " (" + summary.family + "): " + summary.input + ", " +
                 std::to_string(summary.network_parameters) + " parameters";
  figure.has_table = true;
  figure.table.columns = {"layer",
                          "kind",
                          "output",
                          "parameters",
                          "field px",
                          "field step",
                          "canvas px (finest)",
                          "deg (finest)",
                          "canvas px (widest)",
                          "deg (widest)"};
  for (const auto& s : summary.layers) {
    std::vector<std::string> row = {s.layer.name, s.layer.kind, shapeText(s.layer.shape),
                                    std::to_string(s.layer.parameters)};
    if (s.field && !s.field->global) {
      row.push_back(number(s.field->size));
      row.push_back(number(s.field->jump));
    } else {
      row.push_back(s.field ? "whole " + s.layer.grid : "");
      row.push_back("");
    }
    const bool canvas = s.canvas_px_widest > 0;
    for (double v : {s.canvas_px_finest, s.deg_finest, s.canvas_px_widest, s.deg_widest}) {
      row.push_back(canvas ? number(v) : "");
    }
    figure.table.rows.push_back(std::move(row));
  }
  figure.constants = {{"run", summary.run}, {"family", summary.family}};
  return figure;
}

}  // namespace fovea::inspect
