#pragma once
#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>

namespace fovea::log {

struct Options {
  spdlog::level::level_enum level = spdlog::level::info;
  std::filesystem::path file;  // empty: no log file
  bool console = true;         // human-readable lines on stderr
};

// Makes "fovea" the default spdlog logger. Its sinks sit behind one thread-safe fan-out sink,
// so views (the GUI log panel) can attach and detach while workers are logging.
void init(const Options& options);

void addSink(std::shared_ptr<spdlog::sinks::sink> sink);
void removeSink(const std::shared_ptr<spdlog::sinks::sink>& sink);

spdlog::level::level_enum parseLevel(const std::string& name);

}  // namespace fovea::log
