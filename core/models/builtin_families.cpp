// The families Fovea ships: a new family adds its files and one line here.
#include "core/models/attention_families.h"
#include "core/models/convrnn_family.h"
#include "core/models/digit_cnn_family.h"
#include "core/models/eccentricity_family.h"
#include "core/models/torchscript_family.h"

namespace fovea::models {

void registerBuiltinFamilies(ModelRegistry& registry) {
  registry.add(eccentricityFamily());
  registry.add(dcnnFamily());
  registry.add(digitCnnFamily());
  registry.add(whatFamily());
  registry.add(stnFamily());
  registry.add(atnFamily());
  registry.add(poloAtnFamily());
  registry.add(whatWhereFamily());
  registry.add(convRnnFamily());
  registry.add(torchScriptFamily());
}

}  // namespace fovea::models
