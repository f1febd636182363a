#pragma once
#include <memory>

#include "core/models/model_family.h"

namespace fovea::models {

// The small MNIST CNN ("digit-cnn"): two 5x5 convolutions with 2x2 max-pools, a hidden layer
// and the class layer, on a one-channel image (28 x 28 by default).
std::shared_ptr<const ModelFamily> digitCnnFamily();

}  // namespace fovea::models
