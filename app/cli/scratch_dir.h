#pragma once
// A scratch directory that goes away with the benchmark, also when it throws.
#include <unistd.h>

#include <filesystem>
#include <string>

namespace fovea::cli {

struct ScratchDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("fovea-bench-" + std::to_string(::getpid()));
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace fovea::cli
