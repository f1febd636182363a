// fovea-cli: Fovea's headless command line. Every command prints human-readable text, or one JSON
// document with --json; errors are one line on stderr and an exit code (0 ok, 1 failure,
// 2 usage or input error).
#include <iostream>
#include <utility>

#include "cli_context.h"
#include "core/util/errors.h"
#include "core/util/log.h"
#include "core/util/versions.h"

namespace {

std::string versionText() {
  std::string text = "fovea-cli " + fovea::foveaVersion();
  for (const auto& component : fovea::coreVersions()) {
    if (component.name != "Fovea") text += "\n  " + component.name + " " + component.version;
  }
  return text;
}

int reportError(const std::string& message, int code) {
  std::cerr << "fovea-cli: error: " << message << '\n';
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace fovea::cli;
  CliContext context;
  CLI::App app{"Fovea: how deep networks see away from the centre of gaze.", "fovea-cli"};
  app.footer(
      "Exit codes: 0 success, 1 failure, 2 usage or input error.\n"
      "Run 'fovea-cli COMMAND --help' for the options of a command.");
  app.set_version_flag("--version", versionText());
  app.add_flag("--json", context.json, "Print results as one JSON document");
  app.add_flag("-v,--verbose", context.verbose, "Log debug messages to stderr");
  app.add_option("--log-level", context.log_level,
                 "Log level: trace, debug, info, warning, error, critical, off");
  app.add_option("--log-file", context.log_file, "Also write the log to this file");
  app.add_option("--threads", context.threads, "CPU threads for LibTorch (0: all cores)")
      ->check(CLI::Range(0, 4096));
  app.fallthrough();  // global options may also follow the command

  app.parse_complete_callback([&context] { context.prepare(); });
  addInfoCommand(app, context);
  addDemoCommand(app, context);
  addStimulusCommand(app, context);
  addRetinaCommand(app, context);
  addDatasetCommand(app, context);
  addBenchCommand(app, context);
  addTrainCommand(app, context);
  addEvalCommand(app, context);
  addReportCommand(app, context);
  addModelsCommand(app, context);
  addInspectCommands(app, context);
  addStaircaseCommand(app, context);
  addHumanCommand(app, context);
  addSweepCommand(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return reportError(e.what(), kExitUsage);
  } catch (const ExitRequest& e) {
    if (e.code != kExitOk) std::cerr << "fovea-cli: " << e.message << '\n';
    return e.code;
  } catch (const fovea::InputError& e) {
    return reportError(e.what(), kExitUsage);
  } catch (const std::exception& e) {
    return reportError(e.what(), kExitFailure);
  }
  if (app.get_subcommands().empty()) {
    std::string names;
    const std::function<bool(const CLI::App*)> every = [](const CLI::App*) { return true; };
    for (const auto* command : std::as_const(app).get_subcommands(every)) {
      names += (names.empty() ? "" : ", ") + command->get_name();
    }
    return reportError("no command given (commands: " + names + "; see --help)", kExitUsage);
  }
  return kExitOk;
}
