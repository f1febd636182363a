#include "core/util/versions.h"

#include <sqlite3.h>
#include <torch/version.h>  // a macro-only header: cheap, unlike <torch/torch.h>

#include <spdlog/version.h>
#include <toml++/toml.h>
#include <nlohmann/json.hpp>
#include <opencv2/core/version.hpp>

#include "core/util/build_info.h"

namespace fovea {

std::string foveaVersion() {
  return FOVEA_VERSION;
}

std::vector<ComponentVersion> coreVersions() {
  auto dotted = [](int major, int minor, int patch) {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  };
  return {
      {"Fovea", FOVEA_VERSION},
      {"LibTorch", TORCH_VERSION},
      {"OpenCV", CV_VERSION},
      {"spdlog", dotted(SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH)},
      {"SQLite", sqlite3_libversion()},
      {"toml++", dotted(TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH)},
      {"nlohmann-json", dotted(NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                               NLOHMANN_JSON_VERSION_PATCH)},
  };
}

}  // namespace fovea
