#pragma once
#include <string>
#include <vector>

namespace fovea {

struct ComponentVersion {
  std::string name;
  std::string version;
};

// Fovea and the libraries of the core layer, for --version, the About box and provenance files.
std::vector<ComponentVersion> coreVersions();

std::string foveaVersion();

}  // namespace fovea
