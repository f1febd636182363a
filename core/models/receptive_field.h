#pragma once
// Torch-free: the geometric receptive field of a unit, composed exactly from the kernels,
// strides, paddings, dilations and pools between the grid it lies on and the unit.
#include <optional>
#include <vector>

#include "core/models/layer_info.h"

namespace fovea::models {

// Along one axis (every operation Fovea builds is square): unit i of the layer is centred on
// grid pixel `first_centre + i * jump` and sees `size` pixels around it. A field that includes
// padding reaches past the grid's edge; the grid clips it.
struct ReceptiveField {
  double size = 1;          // pixels of the grid one unit sees
  double jump = 1;          // grid pixels between neighbouring units
  double first_centre = 0;  // grid pixel under the centre of unit 0
  bool global = false;      // a global pool: every unit sees the whole grid

  // The first and last grid pixel unit i sees (unclipped).
  double firstPixel(int unit) const { return first_centre + unit * jump - (size - 1) / 2; }
  double lastPixel(int unit) const { return first_centre + unit * jump + (size - 1) / 2; }
};

// The field after one more operation.
ReceptiveField compose(const ReceptiveField& field, const SpatialOp& op);

// Each layer's field on its grid, composing every earlier layer on the same grid; nullopt for a
// layer without a grid. A global pool makes the field the whole grid for all later layers.
std::vector<std::optional<ReceptiveField>> receptiveFields(const std::vector<LayerInfo>& layers);

}  // namespace fovea::models
