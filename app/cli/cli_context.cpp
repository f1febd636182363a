#include "cli_context.h"

#include <iostream>

#include "core/engine/runtime.h"
#include "core/util/errors.h"
#include "core/util/log.h"

namespace fovea::cli {
namespace {

void printText(const nlohmann::json& value, const std::string& indent) {
  std::size_t width = 0;
  for (const auto& item : value.items()) width = std::max(width, item.key().size());
  for (const auto& item : value.items()) {
    std::cout << indent << item.key() << ':' << std::string(width - item.key().size() + 1, ' ');
    if (item.value().is_object()) {
      std::cout << '\n';
      printText(item.value(), indent + "  ");
    } else if (item.value().is_string()) {
      std::cout << item.value().get<std::string>() << '\n';
    } else {
      std::cout << item.value().dump() << '\n';
    }
  }
}

}  // namespace

void CliContext::prepare() const {
  fovea::log::Options options;
  options.level = verbose ? spdlog::level::debug : spdlog::level::info;
  if (!log_level.empty()) options.level = fovea::log::parseLevel(log_level);
  options.file = log_file;
  fovea::log::init(options);
  fovea::engine::configureThreads(threads);
}

void CliContext::print(const nlohmann::json& result) const {
  if (json) {
    std::cout << result.dump(2) << std::endl;
  } else {
    printText(result, "");
    std::cout.flush();
  }
}

std::filesystem::path runCheckpoint(const std::filesystem::path& run) {
  const auto path = std::filesystem::is_directory(run) ? run / "checkpoint.pt" : run;
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError(run.string() + ": no checkpoint (give a run directory or a checkpoint.pt)");
  }
  return path;
}

}  // namespace fovea::cli
