#include "core/util/resources.h"

#include <cstdlib>

#include "core/util/build_info.h"

namespace fovea {

std::filesystem::path experimentsDir() {
  if (const char* override_dir = std::getenv("FOVEA_EXPERIMENTS")) return override_dir;
  // Installed: <prefix>/bin/fovea-cli reads <prefix>/share/fovea/experiments, wherever the
  // prefix is; built: the source tree's.
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto installed = self.parent_path().parent_path() / "share" / "fovea" / "experiments";
    if (std::filesystem::is_directory(installed)) return installed;
  }
  const std::filesystem::path source = std::filesystem::path(FOVEA_SOURCE_DIR) / "experiments";
  if (std::filesystem::is_directory(source)) return source;
  return "/usr/share/fovea/experiments";
}

}  // namespace fovea
