// fovea-cli as a user meets it: help, version, exit codes, one-line errors, JSON output.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <map>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Outcome runCli(const std::string& arguments) {
  const auto dir = fs::temp_directory_path() / ("fovea-cli-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string command = std::string(FOVEA_CLI) + " " + arguments + " > " +
                              (dir / "out").string() + " 2> " + (dir / "err").string();
  const int status = std::system(command.c_str());
  Outcome outcome;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = slurp(dir / "out");
  outcome.err = slurp(dir / "err");
  fs::remove_all(dir);
  return outcome;
}

int lineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Cli, HelpListsCommandsAndExitCodes) {
  const auto outcome = runCli("--help");
  EXPECT_EQ(outcome.exit_code, 0);
  for (const char* expected : {"info", "demo", "--json", "--verbose", "--log-file", "Exit codes"}) {
    EXPECT_NE(outcome.out.find(expected), std::string::npos) << expected;
  }
}

TEST(Cli, VersionNamesFoveaAndItsLibraries) {
  const auto outcome = runCli("--version");
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.out.rfind("fovea-cli 0.", 0), 0u) << outcome.out;
  EXPECT_NE(outcome.out.find("LibTorch"), std::string::npos);
  EXPECT_NE(outcome.out.find("OpenCV"), std::string::npos);
}

TEST(Cli, UnknownOptionIsOneLineNamingItWithExitCode2) {
  const auto outcome = runCli("info --no-such-flag");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(lineCount(outcome.err), 1) << outcome.err;
  EXPECT_NE(outcome.err.find("--no-such-flag"), std::string::npos) << outcome.err;
  EXPECT_TRUE(outcome.out.empty());
}

TEST(Cli, BadValueNamesTheOptionAndTheValue) {
  const auto outcome = runCli("demo --mnist --epochs minus-one");
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(lineCount(outcome.err), 1) << outcome.err;
  EXPECT_NE(outcome.err.find("--epochs"), std::string::npos) << outcome.err;
  EXPECT_NE(outcome.err.find("minus-one"), std::string::npos) << outcome.err;
}

TEST(Cli, MissingCommandAndUnknownCommandAreUsageErrors) {
  EXPECT_EQ(runCli("").exit_code, 2);
  const auto unknown = runCli("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos) << unknown.err;
}

TEST(Cli, CorruptInputFileIsAnInputErrorNamingIt) {
  const auto path =
      fs::temp_directory_path() / ("fovea-not-a-sheet-" + std::to_string(::getpid()) + ".png");
  std::ofstream(path) << "not an image";
  const auto outcome = runCli("demo --mnist --digits " + path.string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_NE(outcome.err.find(path.string()), std::string::npos) << outcome.err;
  fs::remove(path);
}

TEST(Cli, InfoJsonIsOneParsableDocument) {
  const auto outcome = runCli("--json info");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto info = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(info["versions"]["Fovea"].get<std::string>().rfind("0.", 0), 0u);
  EXPECT_GE(info["runtime"]["intra_op_threads"].get<int>(), 1);
}

TEST(Cli, ModelsListsEveryFamilyWithItsKeys) {
  const auto outcome = runCli("--json models");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  std::map<std::string, nlohmann::json> families;
  const auto listed = nlohmann::json::parse(outcome.out);
  for (const auto& f : listed["families"]) {
    families[f["kind"].get<std::string>()] = f;
  }
  ASSERT_EQ(families.count("eccentricity"), 1u);
  ASSERT_EQ(families.count("dcnn"), 1u);
  ASSERT_EQ(families.count("digit-cnn"), 1u);
  bool has_scheme = false;
  for (const auto& key : families["eccentricity"]["keys"]) {
    if (key["key"] == "scheme") {
      has_scheme = true;
      EXPECT_EQ(key["default"], "11-1-1-1-1");
    }
  }
  EXPECT_TRUE(has_scheme);
}

TEST(Cli, ThreadsOptionReachesTheRuntime) {
  const auto outcome = runCli("info --json --threads 1");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(nlohmann::json::parse(outcome.out)["runtime"]["intra_op_threads"], 1);
}

TEST(Cli, DemoRunsHeadlessWritesItsLogAndReportsJson) {
  const auto log =
      fs::temp_directory_path() / ("fovea-demo-" + std::to_string(::getpid()) + ".log");
  const auto outcome = runCli("demo --mnist --json --epochs 1 --log-file " + log.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto result = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(result["job"], "digit-demo");
  EXPECT_GT(result["test_accuracy"].get<double>(), 0.5);
  EXPECT_GT(result["train_images_per_s"].get<double>(), 0.0);
  EXPECT_NE(slurp(log).find("digit demo"), std::string::npos);
  fs::remove(log);
}

}  // namespace

namespace {

TEST(CliStimulus, WritesCanvasCropsAndTheExactInputTensor) {
  const auto dir = fs::temp_directory_path() / ("fovea-stimulus-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto outcome =
      runCli("--json stimulus --preset xax-periphery --out-png " + (dir / "canvas.png").string() +
             " --out-crops " + (dir / "crops.png").string() + " --out-npy " +
             (dir / "input.npy").string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto report = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(report["configuration"], "xax");
  EXPECT_NEAR(report["target"]["ecc_deg"].get<double>(), 8.0, 1e-6);
  EXPECT_NEAR(report["spacing"]["deg"].get<double>(), 4.0, 1e-6);
  EXPECT_EQ(report["flankers"].size(), 2u);
  EXPECT_EQ(report["crops"].size(), 11u);
  EXPECT_EQ(report["crops"][10]["side_px"], 1920);
  EXPECT_TRUE(fs::file_size(dir / "canvas.png") > 1000);
  EXPECT_TRUE(fs::file_size(dir / "crops.png") > 100);
  // numpy reads the tensor with the documented shape and the areafactor range.
  const std::string check = "/usr/bin/python3 -c \"import numpy as n; a = n.load('" +
                            (dir / "input.npy").string() +
                            "'); assert a.shape == (11, 60, 60) and a.dtype == n.float32, a.shape; "
                            "assert abs(a[10].max() - 0.5) < 1e-6 and abs(a[9].max()) < 1e-6, "
                            "(a[10].max(), a[9].max())\"";
  EXPECT_EQ(std::system(check.c_str()), 0);
  fs::remove_all(dir);
}

TEST(CliStimulus, ImpossibleGeometryAndBadKeysAreUsageErrors) {
  const auto overlap =
      runCli("stimulus --set stimulus.configuration=ax --set stimulus.spacing_px=60");
  EXPECT_EQ(overlap.exit_code, 2);
  EXPECT_NE(overlap.err.find("overlaps"), std::string::npos) << overlap.err;
  const auto typo = runCli("stimulus --set stimulus.spacng_px=60");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("stimulus.spacng_px"), std::string::npos) << typo.err;
  const auto preset = runCli("stimulus --preset no-such-preset");
  EXPECT_EQ(preset.exit_code, 2);
  EXPECT_NE(preset.err.find("no-such-preset"), std::string::npos) << preset.err;
}

}  // namespace

namespace {

TEST(CliDataset, BuildsReusesAndInspectsADatasetNumpyCanRead) {
  const auto dir = fs::temp_directory_path() / ("fovea-cli-dataset-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string build = "--json dataset build " + dir.string() +
                            " --count 300 --set retina.scales=4 --set stimulus.configuration=ax";
  const auto first = runCli(build);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(nlohmann::json::parse(first.out)["rebuilt"].get<bool>());
  const auto second = runCli(build);
  EXPECT_FALSE(nlohmann::json::parse(second.out)["rebuilt"].get<bool>());

  const auto inspect = runCli("--json dataset inspect " + dir.string());
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  EXPECT_EQ(nlohmann::json::parse(inspect.out)["shape"], nlohmann::json({300, 4, 60, 60}));
  const std::string check = "/usr/bin/python3 -c \"import numpy as n; d = '" + dir.string() +
                            "'; c = n.load(d + '/crops.npy', mmap_mode='r'); "
                            "l = n.load(d + '/labels.npy'); "
                            "assert c.shape == (300, 4, 60, 60) and c.dtype == n.uint8; "
                            "assert sorted(set(l.tolist())) == [0, 1, 2, 3, 4]\"";
  EXPECT_EQ(std::system(check.c_str()), 0);

  fs::resize_file(dir / "crops.npy", 1000);
  const auto broken = runCli("dataset inspect " + dir.string());
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("crops.npy"), std::string::npos) << broken.err;
  fs::remove_all(dir);
}

}  // namespace

namespace {

TEST(CliRetina, WritesTheStimulusAndEveryCodeWithTheirShapes) {
  const auto dir = fs::temp_directory_path() / ("fovea-cli-retina-" + std::to_string(::getpid()));
  const auto outcome = runCli("--json retina --digit 1234 --radius 30 --out-npy " +
                              (dir / "stimulus.npy").string() + " --out-codes " + dir.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto report = nlohmann::json::parse(outcome.out);
  EXPECT_NEAR(std::hypot(report["row_offset_px"].get<int>(), report["col_offset_px"].get<int>()),
              30, 1.5);
  const std::string check =
      "/usr/bin/python3 -c \"import numpy as n; d = '" + dir.string() +
      "'; assert n.load(d + '/stimulus.npy').shape == (128, 128); "
      "assert n.load(d + '/retina.npy').shape == (2880,); "
      "c = n.load(d + '/colliculus.npy'); assert c.shape == (24, 10); "
      "assert n.load(d + '/polo.npy').shape == (8, 6, 16); "
      "assert n.load(d + '/foveated.npy').shape == (4, 64, 64); "
      "az, ecc = n.unravel_index(c.argmax(), c.shape); assert ecc in (7, 8), ecc\"";
  EXPECT_EQ(std::system(check.c_str()), 0);
  fs::remove_all(dir);
  const auto bad = runCli("retina --size 64");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--size"), std::string::npos) << bad.err;
}

}  // namespace
