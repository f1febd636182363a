#include "core/util/resources.h"

#include <cstdlib>

#include "core/util/build_info.h"

namespace fovea {

std::filesystem::path experimentsDir() {
  if (const char* override_dir = std::getenv("FOVEA_EXPERIMENTS")) return override_dir;
  const std::filesystem::path source = std::filesystem::path(FOVEA_SOURCE_DIR) / "experiments";
  if (std::filesystem::is_directory(source)) return source;
  return "/usr/share/fovea/experiments";
}

}  // namespace fovea
