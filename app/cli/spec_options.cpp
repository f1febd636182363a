#include "spec_options.h"

#include "core/util/errors.h"
#include "core/util/resources.h"

namespace fovea::cli {

void SpecOptions::addTo(CLI::App& command) {
  command.add_option("--preset", preset, "Stimulus preset in experiments/stimuli")
      ->capture_default_str();
  command.add_option("--spec", spec, "Stimulus spec file (TOML); overrides --preset")
      ->check(CLI::ExistingFile);
  command.add_option("--set", overrides, "Override a spec value: section.key=value (repeatable)");
}

std::filesystem::path SpecOptions::path() const {
  if (!spec.empty()) return spec;
  const auto preset_path = experimentsDir() / "stimuli" / (preset + ".toml");
  if (!std::filesystem::exists(preset_path)) {
    throw InputError("--preset " + preset + ": no such preset (" + preset_path.string() + ")");
  }
  return preset_path;
}

stimulus::StimulusSpec SpecOptions::load() const {
  return stimulus::loadStimulusSpec(path(), overrides);
}

}  // namespace fovea::cli
