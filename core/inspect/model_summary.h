#pragma once
// A trained network's layers at a glance: output shapes, parameters and the receptive field of
// a central unit, on the network's input and, for the eccentricity model, on the canvas.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/predictor.h"
#include "core/models/receptive_field.h"

namespace fovea::inspect {

struct LayerSummary {
  models::LayerInfo layer;
  std::optional<models::ReceptiveField> field;  // on layer.grid
  // Multiscale inputs: the central unit's field on the canvas through the finest and the widest
  // crop it pools, in canvas pixels and degrees (0 when the layer has no field).
  double canvas_px_finest = 0, canvas_px_widest = 0;
  double deg_finest = 0, deg_widest = 0;
};

struct ModelSummary {
  std::string run;
  std::string family;
  std::string input;
  std::vector<LayerSummary> layers;
  long long table_parameters = 0;    // the sum over the layer table
  long long network_parameters = 0;  // what the built network holds
};

ModelSummary summarize(const eval::Predictor& predictor);
// A shape as "8 x 24 x 24".
std::string shapeText(const std::vector<std::int64_t>& shape);
nlohmann::json toJson(const ModelSummary& summary);
// An aligned text table for the terminal.
std::string toText(const ModelSummary& summary);

}  // namespace fovea::inspect
