#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace fovea::cli {

// Options shared by every command, and the one place that decides how results are printed.
struct CliContext {
  bool json = false;
  bool verbose = false;
  std::string log_level;  // empty: info, or debug with --verbose
  std::filesystem::path log_file;
  int threads = 0;  // 0: all cores

  // Starts logging and sets the thread count; runs once the command line is parsed.
  void prepare() const;

  // Prints `result` as one JSON document with --json, or as aligned "key: value" lines.
  void print(const nlohmann::json& result) const;
};

// Exit codes, documented in --help and the README.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Thrown by a command that must end with a particular exit code (e.g. 128 + signal for a run
// stopped by SIGTERM after checkpointing); main prints the message and returns the code.
struct ExitRequest {
  int code = kExitFailure;
  std::string message;
};

void addInfoCommand(CLI::App& app, CliContext& context);
void addDemoCommand(CLI::App& app, CliContext& context);
void addStimulusCommand(CLI::App& app, CliContext& context);
void addBenchCommand(CLI::App& app, CliContext& context);
void addModelBenchCommands(CLI::App& bench, CliContext& context);     // bench train, bench eval
void addAttentionBenchCommand(CLI::App& bench, CliContext& context);  // bench attention
void addSweepBenchCommand(CLI::App& bench, CliContext& context);      // bench sweep
void addConvRnnBenchCommand(CLI::App& bench, CliContext& context);    // bench convrnn
void addDatasetCommand(CLI::App& app, CliContext& context);
void addRetinaCommand(CLI::App& app, CliContext& context);
void addTrainCommand(CLI::App& app, CliContext& context);
void addEvalCommand(CLI::App& app, CliContext& context);
void addReportCommand(CLI::App& app, CliContext& context);
void addModelsCommand(CLI::App& app, CliContext& context);
void addInspectCommands(CLI::App& app, CliContext& context);  // summary, features
void addStaircaseCommand(CLI::App& app, CliContext& context);
void addHumanCommand(CLI::App& app, CliContext& context);
void addSweepCommand(CLI::App& app, CliContext& context);  // sweep (status, work, task), collect

// A run directory's checkpoint.pt, or a checkpoint file given as such; InputError naming the
// path when there is none.
std::filesystem::path runCheckpoint(const std::filesystem::path& run);

}  // namespace fovea::cli
