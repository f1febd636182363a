#pragma once
// Core-internal: reads [sweep] of an experiment spec (include from core .cpp files only).
#include <string>

#include "core/experiment/sweep_settings.h"
#include "core/util/toml_reader.h"

namespace fovea::experiment {

SweepSettings readSweepSettings(const toml::table& root, const std::string& source);

}  // namespace fovea::experiment
