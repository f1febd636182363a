#pragma once
#include <memory>

#include "core/models/model_family.h"

namespace fovea::models {

// "torchscript": a module trained in PyTorch and saved with torch.jit.script or trace, scored
// and inspected like a Fovea model (frozen: a run of it only writes its checkpoint).
std::shared_ptr<const ModelFamily> torchScriptFamily();

}  // namespace fovea::models
