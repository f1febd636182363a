#pragma once
#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/stimulus/stimulus_spec.h"

namespace fovea::cli {

// --preset / --spec / --set, shared by every command that renders stimuli.
struct SpecOptions {
  std::string preset = "paper";
  std::filesystem::path spec;
  std::vector<std::string> overrides;

  void addTo(CLI::App& command);
  std::filesystem::path path() const;  // the spec file in use (InputError for unknown presets)
  stimulus::StimulusSpec load() const;
};

}  // namespace fovea::cli
