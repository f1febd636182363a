#include "core/util/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "core/util/errors.h"

namespace fovea::log {
namespace {

std::shared_ptr<spdlog::sinks::dist_sink_mt> fanOut() {
  static auto sink = std::make_shared<spdlog::sinks::dist_sink_mt>();
  return sink;
}

}  // namespace

void init(const Options& options) {
  auto fan_out = fanOut();
  fan_out->set_sinks({});
  if (options.console) {
    fan_out->add_sink(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  }
  if (!options.file.empty()) {
    try {
      fan_out->add_sink(
          std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file.string(), false));
    } catch (const spdlog::spdlog_ex& error) {
      throw InputError("--log-file " + options.file.string() + ": " + error.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("fovea", fan_out);
  logger->set_level(options.level);
  logger->flush_on(spdlog::level::warn);
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  spdlog::set_default_logger(logger);
}

void addSink(std::shared_ptr<spdlog::sinks::sink> sink) {
  fanOut()->add_sink(std::move(sink));
}

void removeSink(const std::shared_ptr<spdlog::sinks::sink>& sink) {
  fanOut()->remove_sink(sink);
}

spdlog::level::level_enum parseLevel(const std::string& name) {
  const auto level = spdlog::level::from_str(name);
  // from_str answers "off" for anything it does not know; only "off" itself may mean off.
  if (level == spdlog::level::off && name != "off") {
    throw InputError("unknown log level '" + name +
                     "' (use trace, debug, info, warning, error, critical or off)");
  }
  return level;
}

}  // namespace fovea::log
