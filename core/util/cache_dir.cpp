#include "core/util/cache_dir.h"

#include <cstdlib>

namespace fovea {

std::filesystem::path cacheDir() {
  std::filesystem::path dir;
  if (const char* explicit_dir = std::getenv("FOVEA_CACHE_DIR"); explicit_dir && *explicit_dir) {
    dir = explicit_dir;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    dir = std::filesystem::path(xdg) / "fovea";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    dir = std::filesystem::path(home) / ".cache" / "fovea";
  } else {
    dir = std::filesystem::temp_directory_path() / "fovea-cache";
  }
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace fovea
