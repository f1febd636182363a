#include "core/models/receptive_field.h"

#include <map>
#include <string>

namespace fovea::models {

ReceptiveField compose(const ReceptiveField& field, const SpatialOp& op) {
  ReceptiveField out = field;
  if (field.global) return out;
  if (op.kind == SpatialOp::Kind::GlobalPool) {
    out.global = true;
    return out;
  }
  // A dilated kernel spans d * (k - 1) + 1 positions of its input; each input position is
  // `jump` grid pixels apart, and the window's first position sits `padding` before unit 0.
  const double span = static_cast<double>(op.dilation) * (op.kernel - 1) + 1;
  out.size = field.size + (span - 1) * field.jump;
  out.first_centre = field.first_centre + ((span - 1) / 2 - op.padding) * field.jump;
  out.jump = field.jump * op.stride;
  return out;
}

long long totalParameters(const std::vector<LayerInfo>& layers) {
  long long total = 0;
  for (const auto& layer : layers) total += layer.parameters;
  return total;
}

std::vector<std::optional<ReceptiveField>> receptiveFields(const std::vector<LayerInfo>& layers) {
  std::map<std::string, ReceptiveField> per_grid;  // the field reached so far on each grid
  std::vector<std::optional<ReceptiveField>> out;
  for (const auto& layer : layers) {
    if (layer.grid.empty()) {
      out.emplace_back(std::nullopt);
      continue;
    }
    auto field = per_grid.try_emplace(layer.grid).first->second;
    for (const auto& op : layer.ops) field = compose(field, op);
    per_grid[layer.grid] = field;
    out.emplace_back(field);
  }
  return out;
}

}  // namespace fovea::models
