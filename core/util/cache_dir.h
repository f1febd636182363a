#pragma once
#include <filesystem>

namespace fovea {

// Where Fovea caches what it can rebuild (filter banks): $FOVEA_CACHE_DIR, else
// $XDG_CACHE_HOME/fovea, else ~/.cache/fovea. Created on first use.
std::filesystem::path cacheDir();

}  // namespace fovea
