// fovea-cli models: the registered model families and the keys of their [[model]] tables.
#include <cstdio>

#include "cli_context.h"
#include "core/models/model_family.h"

namespace fovea::cli {

void addModelsCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "models", "List the model families a [[model]] kind can name, with their keys");
  command->callback([&context] {
    nlohmann::json families = nlohmann::json::array();
    auto& registry = models::ModelRegistry::instance();
    for (const auto& name : registry.names()) {
      const auto& family = registry.find(name);
      nlohmann::json keys = nlohmann::json::array();
      for (const auto& key : family.keys()) {
        keys.push_back({{"key", key.key},
                        {"default", key.default_value},
                        {"unit", key.unit},
                        {"help", key.help}});
      }
      families.push_back({{"kind", name}, {"description", family.description()}, {"keys", keys}});
    }
    if (context.json) {
      context.print({{"families", families}});
      return;
    }
    for (const auto& family : families) {
      std::printf("%s: %s\n", family["kind"].get<std::string>().c_str(),
                  family["description"].get<std::string>().c_str());
      for (const auto& key : family["keys"]) {
        const std::string unit = key["unit"];
        std::printf("  %-12s %-20s %s%s\n", key["key"].get<std::string>().c_str(),
                    key["default"].get<std::string>().c_str(),
                    key["help"].get<std::string>().c_str(),
                    unit.empty() ? "" : (" [" + unit + "]").c_str());
      }
    }
  });
}

}  // namespace fovea::cli
