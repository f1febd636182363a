#pragma once
#include <filesystem>

namespace fovea {

// The experiments folder (specs and stimulus presets): $FOVEA_EXPERIMENTS, else the source tree
// this build came from, else the installed copy.
std::filesystem::path experimentsDir();

}  // namespace fovea
