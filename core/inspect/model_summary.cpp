#include "core/inspect/model_summary.h"

#include <cmath>
#include <sstream>

#include "core/inspect/canvas_field.h"

namespace fovea::inspect {

std::string shapeText(const std::vector<std::int64_t>& shape) {
  std::string text;
  for (auto d : shape) text += (text.empty() ? "" : " x ") + std::to_string(d);
  return text;
}

namespace {

double round2(double v) {
  return std::round(v * 100) / 100;
}

// The central unit's field through its finest and widest crop.
void addCanvasField(LayerSummary& summary, const eval::Predictor& predictor) {
  const auto& layer = summary.layer;
  if (!summary.field || layer.shape.size() != 4) return;
  const retina::MultiscalePlan plan(predictor.stimulus().retina);
  const auto& display = predictor.stimulus().display;
  const int centre = static_cast<int>(layer.shape[2] / 2);
  const int out_scales = static_cast<int>(layer.shape[0]);
  const auto finest = canvasField(*summary.field, plan, 0, layer.scales_seen, centre, centre);
  const auto widest =
      canvasField(*summary.field, plan, out_scales - 1, layer.scales_seen, centre, centre);
  summary.canvas_px_finest = finest.front().side();
  summary.canvas_px_widest = widest.back().side();
  summary.deg_finest = display.sizeDeg(0, summary.canvas_px_finest);
  summary.deg_widest = display.sizeDeg(0, summary.canvas_px_widest);
}

}  // namespace

ModelSummary summarize(const eval::Predictor& predictor) {
  ModelSummary summary;
  summary.run = predictor.run();
  summary.family = predictor.family();
  summary.input = predictor.input().describe();
  const auto& layers = predictor.layers();
  const auto fields = models::receptiveFields(layers);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    LayerSummary layer{layers[i], fields[i]};
    if (predictor.input().kind == models::InputSpec::Kind::MultiscaleCrops) {
      addCanvasField(layer, predictor);
    }
    summary.layers.push_back(std::move(layer));
  }
  summary.table_parameters = models::totalParameters(layers);
  summary.network_parameters = predictor.parameterCount();
  return summary;
}

nlohmann::json toJson(const ModelSummary& summary) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& s : summary.layers) {
    nlohmann::json layer = {{"name", s.layer.name},
                            {"kind", s.layer.kind},
                            {"shape", s.layer.shape},
                            {"parameters", s.layer.parameters}};
    if (s.field) {
      layer["field"] = {{"grid", s.layer.grid},
                        {"global", s.field->global},
                        {"size_px", s.field->size},
                        {"jump_px", s.field->jump},
                        {"first_centre_px", s.field->first_centre}};
      if (s.layer.scales_seen > 1) layer["field"]["scales_seen"] = s.layer.scales_seen;
      if (s.canvas_px_widest > 0) {
        layer["field"]["canvas"] = {{"finest_px", round2(s.canvas_px_finest)},
                                    {"finest_deg", round2(s.deg_finest)},
                                    {"widest_px", round2(s.canvas_px_widest)},
                                    {"widest_deg", round2(s.deg_widest)}};
      }
    }
    if (!s.layer.note.empty()) layer["note"] = s.layer.note;
    layers.push_back(std::move(layer));
  }
  return {{"run", summary.run},
          {"family", summary.family},
          {"input", summary.input},
          {"layers", layers},
          {"parameters", summary.network_parameters},
          {"table_parameters", summary.table_parameters}};
}

std::string toText(const ModelSummary& summary) {
  std::ostringstream out;
  out << "run:        " << summary.run << "\nfamily:     " << summary.family
      << "\ninput:      " << summary.input << "\nparameters: " << summary.network_parameters
      << "\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-14s %-10s %-20s %12s  %s\n", "layer", "kind", "output",
                "parameters", "receptive field");
  out << line;
  for (const auto& s : summary.layers) {
    std::string field = s.layer.note.empty() ? "-" : s.layer.note;
    if (s.field) {
      std::ostringstream f;
      if (s.field->global) {
        f << "whole " << s.layer.grid;
      } else {
        f << s.field->size << " px of the " << s.layer.grid << ", step " << s.field->jump;
      }
      if (s.canvas_px_widest > 0) {
        f << "; canvas " << round2(s.canvas_px_finest) << " px (" << round2(s.deg_finest)
          << " deg) to " << round2(s.canvas_px_widest) << " px (" << round2(s.deg_widest)
          << " deg)";
      }
      field = f.str();
    }
    std::snprintf(line, sizeof line, "%-14s %-10s %-20s %12lld  ", s.layer.name.c_str(),
                  s.layer.kind.c_str(), shapeText(s.layer.shape).c_str(), s.layer.parameters);
    out << line << field << "\n";
  }
  return out.str();
}

}  // namespace fovea::inspect
