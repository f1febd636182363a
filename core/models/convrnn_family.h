#pragma once
#include <memory>

#include "core/models/model_family.h"

namespace fovea::models {

// "convrnn": the ConvRNNs of Nayebi et al. (science-convrnn.md), seven cell types on the shallow
// or intermediate backbone, unrolled biologically; optionally loaded from a tensor archive.
std::shared_ptr<const ModelFamily> convRnnFamily();

}  // namespace fovea::models
