#pragma once
#include <memory>

#include "core/models/model_family.h"

namespace fovea::models {

// The crowding study's eccentricity-dependent network ("eccentricity") and its DCNN baselines
// ("dcnn": one scale, variants no-total-pooling, progressive, at-end).
std::shared_ptr<const ModelFamily> eccentricityFamily();
std::shared_ptr<const ModelFamily> dcnnFamily();

}  // namespace fovea::models
