// The experiment commands as a user (or a cluster) drives them: train, kill, resume, evaluate,
// report; and the quick preset's bar.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace {

const char* kTinyExperiment = R"(
[experiment]
name = "tiny"
seed = 11
[stimulus]
canvas_px = 240
target_px = 30
flanker_px = 30
spacing_px = 30.0
[retina]
scales = 4
crop_px = 20
[train]
learning_rates = [0.01]
batch = 8
steps = 200
checkpoint_every = 5
log_every = 1
[[model]]
name = "m"
scheme = "4-1-1"
channels = 8
[eval]
target_ecc_px = [0, 30]
flanker_ecc_px = [0, 30, 60]
spacings_px = [30]
periphery_target_px = 30
images = 8
)";

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ExperimentCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("fovea-experiment-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "tiny.toml") << kTinyExperiment;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs fovea-cli to completion; returns the exit code (stdout in out_).
  int run(const std::string& arguments) {
    const std::string command = std::string(FOVEA_CLI) + " --threads 2 " + arguments + " > " +
                                (dir_ / "out").string() + " 2> " + (dir_ / "err").string();
    const int status = std::system(command.c_str());
    out_ = slurp(dir_ / "out");
    err_ = slurp(dir_ / "err");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Starts `fovea-cli train` and delivers `signal` once the run has logged `after_step`.
  int trainAndSignal(const fs::path& out, int signal, int after_step) {
    const pid_t child = fork();
    if (child == 0) {
      std::freopen("/dev/null", "w", stderr);
      std::freopen("/dev/null", "w", stdout);
      execl(FOVEA_CLI, FOVEA_CLI, "--threads", "2", "train", (dir_ / "tiny.toml").c_str(), "--out",
            out.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    const auto metrics = out / "runs" / "m-lr0.01" / "metrics.csv";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      std::string text = slurp(metrics);
      if (std::count(text.begin(), text.end(), '\n') > after_step) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(child, signal);
    int status = 0;
    waitpid(child, &status, 0);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Starts fovea-cli with `arguments`; stderr goes to `log` (or nowhere).
  pid_t startCli(const std::vector<std::string>& arguments, const fs::path& log = {}) {
    const pid_t child = fork();
    if (child == 0) {
      std::freopen(log.empty() ? "/dev/null" : log.c_str(), "w", stderr);
      std::freopen("/dev/null", "w", stdout);
      std::vector<char*> argv = {const_cast<char*>(FOVEA_CLI), const_cast<char*>("--threads"),
                                 const_cast<char*>("2")};
      for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(FOVEA_CLI, argv.data());
      _exit(127);
    }
    return child;
  }

  // Waits (up to two minutes) until `path` holds `count` occurrences of `text`.
  bool waitForText(const fs::path& path, const std::string& text, int count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string content = slurp(path);
      int found = 0;
      for (auto at = content.find(text); at != std::string::npos; at = content.find(text, at + 1)) {
        ++found;
      }
      if (found >= count) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
  }
  bool waitForLines(const fs::path& path, int lines) { return waitForText(path, "\n", lines); }

  // Cells in the results database per checkpoint CRC.
  std::map<std::string, int> countCells(const fs::path& database) {
    sqlite3* db = nullptr;
    std::map<std::string, int> counts;
    if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      return counts;
    }
    sqlite3_stmt* select = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT IFNULL(checkpoint_crc32, ''), COUNT(*) FROM accuracy "
                       "GROUP BY checkpoint_crc32",
                       -1, &select, nullptr);
    while (sqlite3_step(select) == SQLITE_ROW) {
      counts[reinterpret_cast<const char*>(sqlite3_column_text(select, 0))] =
          sqlite3_column_int(select, 1);
    }
    sqlite3_finalize(select);
    sqlite3_close(db);
    return counts;
  }

  nlohmann::json runJson(const fs::path& out) {
    return nlohmann::json::parse(slurp(out / "runs" / "m-lr0.01" / "run.json"));
  }

  fs::path dir_;
  std::string out_, err_;
};

TEST_F(ExperimentCli, SigtermCheckpointsAndResumeEndsWithTheSameWeights) {
  ASSERT_EQ(run("train " + (dir_ / "tiny.toml").string() + " --out " + (dir_ / "a").string()), 0)
      << err_;
  const auto straight = runJson(dir_ / "a");
  ASSERT_EQ(straight["status"], "finished");

  EXPECT_EQ(trainAndSignal(dir_ / "b", SIGTERM, 12), 128 + SIGTERM);
  const auto stopped = runJson(dir_ / "b");
  EXPECT_EQ(stopped["status"], "stopped");
  EXPECT_GE(stopped["step"].get<int>(), 12);
  EXPECT_LT(stopped["step"].get<int>(), 200);

  ASSERT_EQ(run("train " + (dir_ / "tiny.toml").string() + " --out " + (dir_ / "b").string() +
                " --resume"),
            0)
      << err_;
  const auto resumed = runJson(dir_ / "b");
  EXPECT_EQ(resumed["status"], "finished");
  EXPECT_EQ(resumed["weights_crc32"], straight["weights_crc32"]);
}

TEST_F(ExperimentCli, AKilledRunResumesFromItsLastCheckpointToTheSameWeights) {
  ASSERT_EQ(run("train " + (dir_ / "tiny.toml").string() + " --out " + (dir_ / "a").string()), 0);
  const auto straight = runJson(dir_ / "a");

  EXPECT_EQ(trainAndSignal(dir_ / "b", SIGKILL, 17), 128 + SIGKILL);
  // No chance to clean up: the last checkpoint (every 5 steps) must still be whole.
  ASSERT_TRUE(fs::exists(dir_ / "b" / "runs" / "m-lr0.01" / "checkpoint.pt"));
  ASSERT_EQ(run("train " + (dir_ / "tiny.toml").string() + " --out " + (dir_ / "b").string() +
                " --resume"),
            0)
      << err_;
  EXPECT_EQ(runJson(dir_ / "b")["weights_crc32"], straight["weights_crc32"]);
  // metrics.csv reads as one run: one row per step, header included.
  const std::string metrics = slurp(dir_ / "b" / "runs" / "m-lr0.01" / "metrics.csv");
  EXPECT_EQ(std::count(metrics.begin(), metrics.end(), '\n'), 201);
}

TEST_F(ExperimentCli, EvalAndReportWriteTheDatabaseFiguresAndTidyCsv) {
  const std::string spec = (dir_ / "tiny.toml").string() + " --out " + (dir_ / "x").string();
  ASSERT_EQ(run("train " + spec + " --set train.steps=3"), 0) << err_;
  ASSERT_EQ(run("--json eval " + spec + " --set train.steps=3"), 0) << err_;
  const auto evaluated = nlohmann::json::parse(out_);
  const auto& row = evaluated["runs"][0];
  EXPECT_EQ(row["cells"], 3 * 2 * 3);
  EXPECT_GT(row["skipped_cells"].get<int>(), 0);  // flankers on top of the target
  EXPECT_TRUE(fs::exists(dir_ / "x" / "results.sqlite"));

  ASSERT_EQ(run("--json report " + spec + " --set train.steps=3 --dpi 100"), 0) << err_;
  const auto report_dir = dir_ / "x" / "report" / "m-lr0.01";
  const std::string svg = slurp(report_dir / "spacing-30.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(slurp(report_dir / "spacing-30.pdf").rfind("%PDF", 0), 0u);
  // The heatmap's CSV has one row per condition of the grid (2 targets x 3 flankers).
  const std::string csv = slurp(report_dir / "heatmap-two-flankers.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 3);
  const auto provenance = nlohmann::json::parse(slurp(report_dir / "spacing-30.json"));
  EXPECT_EQ(provenance["run"], "m-lr0.01");
  EXPECT_EQ(provenance["checkpoint_crc32"].get<std::string>().size(), 8u);
  EXPECT_TRUE(fs::exists(dir_ / "x" / "report" / "summary.csv"));
}

// The Places experiments: training and scoring draw each image's background, photographs from
// opencv-doc (train and test photographs apart) or 1/f noise.
TEST_F(ExperimentCli, TrainsAndScoresOnPhotoAndNoiseBackgrounds) {
  for (const std::string background :
       {"--set background.kind=photo --set background.image=opencv-doc",
        "--set background.kind=noise --set background.noise_pool=4"}) {
    const std::string spec = (dir_ / "tiny.toml").string() + " --out " + (dir_ / "bg").string() +
                             " --set train.steps=3 " + background;
    ASSERT_EQ(run("train --fresh " + spec), 0) << err_;
    ASSERT_EQ(run("--json eval " + spec), 0) << err_;
    const auto row = nlohmann::json::parse(out_)["runs"][0];
    EXPECT_EQ(row["cells"], 3 * 2 * 3) << background;
    EXPECT_EQ(row["valid_cells"].get<int>() + row["skipped_cells"].get<int>(), 3 * 2 * 3) << out_;
    fs::remove_all(dir_ / "bg");
  }
}

TEST_F(ExperimentCli, BadSpecsAndUnfinishedRunsAreClearErrors) {
  std::ofstream(dir_ / "bad.toml") << "[experiment]\nname = \"b\"\n[train]\nbatch = -4\n"
                                      "[[model]]\nname = \"m\"\n";
  EXPECT_EQ(run("train " + (dir_ / "bad.toml").string()), 2);
  EXPECT_NE(err_.find("train.batch"), std::string::npos) << err_;
  EXPECT_EQ(run("train " + (dir_ / "tiny.toml").string() + " --set train.optimizer=lbfgs"), 2);
  EXPECT_NE(err_.find("lbfgs"), std::string::npos);
  EXPECT_EQ(run("eval " + (dir_ / "tiny.toml").string() + " --out " + (dir_ / "none").string()), 2);
  EXPECT_NE(err_.find("not finished"), std::string::npos) << err_;
  EXPECT_EQ(run("train " + (dir_ / "tiny.toml").string() + " --device tpu"), 2);
}

TEST_F(ExperimentCli, ModelBenchmarksPrintTheirFigures) {
  ASSERT_EQ(run("--json bench train --steps 1 --batch 2"), 0) << err_;
  const auto train = nlohmann::json::parse(out_);
  EXPECT_GT(train["train_images_per_s"].get<double>(), 0);
  EXPECT_NEAR(train["forward_gflop_per_image"].get<double>(), 0.356, 0.001);  // 11-1-1-1-1
  EXPECT_GT(train["matmul_peak_gflops"].get<double>(), 0);
  ASSERT_EQ(run("--json bench eval --steps 1 --batch 2"), 0) << err_;
  EXPECT_GT(nlohmann::json::parse(out_)["eval_images_per_s"].get<double>(), 0);
  EXPECT_EQ(run("bench train --scheme 11-12-1"), 2);
}

// Inside a trained run: its layer table with receptive fields on the crops and the canvas, and
// one layer's maps for its own training stimulus.
TEST_F(ExperimentCli, SummaryAndFeaturesLookInsideARun) {
  const std::string spec = (dir_ / "tiny.toml").string() + " --out " + (dir_ / "i").string();
  ASSERT_EQ(run("train " + spec + " --set train.steps=3"), 0) << err_;
  const auto run_dir = (dir_ / "i" / "runs" / "m-lr0.01").string();
  ASSERT_EQ(run("--json summary " + run_dir), 0) << err_;
  const auto summary = nlohmann::json::parse(out_);
  EXPECT_EQ(summary["parameters"], summary["table_parameters"]);
  const auto& layers = summary["layers"];
  ASSERT_EQ(layers.size(), 3u);                                   // conv1, conv2, logits
  EXPECT_EQ(layers[0]["shape"], nlohmann::json({1, 8, 14, 14}));  // 20 - 4, then a 3 px pool
  EXPECT_EQ(layers[0]["field"]["size_px"], 7);
  // 4 crops of a 240 px canvas: the finest at 1:1, the widest the whole canvas at 12:1.
  EXPECT_EQ(layers[0]["field"]["canvas"]["finest_px"], 7);
  EXPECT_EQ(layers[0]["field"]["canvas"]["widest_px"], 84);
  EXPECT_TRUE(layers[1]["field"]["global"].get<bool>());
  EXPECT_FALSE(layers[2].contains("field"));

  ASSERT_EQ(run("--json features " + run_dir + " --layer conv1 --out " + (dir_ / "f").string()), 0)
      << err_;
  const auto features = nlohmann::json::parse(out_);
  EXPECT_EQ(features["shape"], nlohmann::json({1, 1, 8, 14, 14}));
  const std::string npy = slurp(dir_ / "f" / "conv1.npy");
  EXPECT_EQ(npy.rfind("\x93NUMPY", 0), 0u);
  EXPECT_EQ(npy.size(), 128 + 8 * 14 * 14 * sizeof(float));
  EXPECT_EQ(slurp(dir_ / "f" / "conv1.png").substr(1, 3), "PNG");
  EXPECT_EQ(run("features " + run_dir + " --layer conv9 --out " + (dir_ / "f").string()), 2);
  EXPECT_NE(err_.find("conv9"), std::string::npos) << err_;
  EXPECT_NE(err_.find("conv1, conv2, logits"), std::string::npos) << err_;
  EXPECT_EQ(run("summary " + (dir_ / "nowhere").string()), 2);
  EXPECT_NE(err_.find("nowhere"), std::string::npos) << err_;

  ASSERT_EQ(run("--json bench features --repeats 2"), 0) << err_;
  const auto bench = nlohmann::json::parse(out_);
  EXPECT_EQ(bench["first_layer"], "conv1");
  EXPECT_EQ(bench["last_layer"], "logits");
  EXPECT_GT(bench["feature_latency_ms"]["first_layer"].get<double>(), 0);
  EXPECT_GT(bench["feature_latency_ms"]["last_layer"].get<double>(), 0);
}

// A network made in PyTorch during the test (Debian's python3-torch), saved as TorchScript,
// scored on the crowding grid and looked inside like a Fovea model; its answers and features
// match what PyTorch computes from the same input.
TEST_F(ExperimentCli, ATorchScriptModuleFromPyTorchIsScoredAndInspected) {
  const std::string python = "/usr/bin/python3";
  if (std::system((python + " -c 'import torch' 2> /dev/null").c_str()) != 0) {
    GTEST_SKIP() << "python3-torch is absent (apt install python3-torch): no module to import";
  }
  const std::string script = std::string(FOVEA_TEST_DATA) + "/torchscript_module.py";
  const auto module = dir_ / "module.pt";
  ASSERT_EQ(std::system((python + " " + script + " make " + module.string()).c_str()), 0);
  std::ofstream(dir_ / "tiny.toml", std::ios::app)
      << "[[model]]\nname = \"byo\"\nkind = \"torchscript\"\nmodule = \"module.pt\"\n"
         "channels = 4\nmean = [0.5]\nstd = [0.25]\nlayers = [\"features\", \"features.0\"]\n";
  const std::string spec =
      (dir_ / "tiny.toml").string() + " --out " + (dir_ / "b").string() + " --run byo-lr0.01";
  ASSERT_EQ(run("train " + spec), 0) << err_;
  ASSERT_EQ(run("--json eval " + spec), 0) << err_;
  const auto row = nlohmann::json::parse(out_)["runs"][0];
  EXPECT_EQ(row["run"], "byo-lr0.01");
  EXPECT_EQ(row["cells"], 3 * 2 * 3);
  EXPECT_EQ(row["valid_cells"].get<int>() + row["skipped_cells"].get<int>(), 3 * 2 * 3);

  const auto run_dir = (dir_ / "b" / "runs" / "byo-lr0.01").string();
  // The module observes crowding stimuli as a Fovea model does: every trial is answered.
  ASSERT_EQ(run("--json staircase " + run_dir + " --ecc-deg 0.25 --bootstrap 10"), 0) << err_;
  const auto observed = nlohmann::json::parse(out_);
  EXPECT_EQ(observed["family"], "torchscript");
  const auto& point = observed["points"][0];
  EXPECT_GE(point["baseline_accuracy"].get<double>(), 0.0);
  EXPECT_LE(point["baseline_accuracy"].get<double>(), 1.0);
  EXPECT_EQ(observed["trials"].get<int>(), 200 + point["trials"].get<int>()) << out_;
  ASSERT_EQ(run("--json summary " + run_dir), 0) << err_;
  const auto layers = nlohmann::json::parse(out_)["layers"];
  ASSERT_EQ(layers.size(), 3u);  // in the order the module computes them
  EXPECT_EQ(layers[0]["name"], "features.0");
  EXPECT_EQ(layers[0]["shape"], nlohmann::json({8, 16, 16}));
  EXPECT_EQ(layers[1]["name"], "features");
  EXPECT_EQ(layers[2]["parameters"], 4 * 8 * 25 + 8 + 8 * 16 * 9 + 16 + 16 * 36 * 5 + 5);

  std::string check = python + " " + script + " check " + module.string() + " ";
  for (const std::string layer : {"features.0", "features", "logits"}) {
    const auto out = dir_ / ("f-" + layer);
    ASSERT_EQ(run("features " + run_dir + " --layer " + layer + " --out " + out.string()), 0)
        << err_;
    if (layer == "features.0") check += (out / "input.npy").string() + " 0.5 0.25";
    check += " " + (out / (layer + ".npy")).string() + " " + layer;
  }
  const auto report = dir_ / "check.txt";
  ASSERT_EQ(std::system((check + " > " + report.string()).c_str()), 0);
  std::istringstream lines(slurp(report));
  std::string name;
  double difference = 0;
  int checked = 0;
  while (lines >> name >> difference) {
    EXPECT_LT(difference, 1e-4) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 3);

  // A layer that is not a submodule is refused, naming the submodules there are.
  std::ofstream(dir_ / "bad.toml") << kTinyExperiment
                                   << "[[model]]\nname = \"bad\"\nkind = \"torchscript\"\n"
                                      "module = \"module.pt\"\nchannels = 4\nlayers = [\"fc9\"]\n";
  EXPECT_NE(run("train " + (dir_ / "bad.toml").string() + " --out " + (dir_ / "c").string() +
                " --run bad-lr0.01"),
            0);
  EXPECT_NE(err_.find("'fc9' is not a submodule"), std::string::npos) << err_;
  EXPECT_NE(err_.find("features.3"), std::string::npos) << err_;
}

TEST_F(ExperimentCli, ResumingUnderAChangedSpecIsRefusedNamingTheKeyAndFreshKeepsTheOldRun) {
  const std::string spec = (dir_ / "tiny.toml").string() + " --out " + (dir_ / "r").string();
  ASSERT_EQ(run("train " + spec + " --set train.steps=4"), 0) << err_;
  // More steps is a different run: resuming would silently mix two recipes.
  EXPECT_EQ(run("train " + spec + " --set train.steps=6 --resume"), 2);
  EXPECT_NE(err_.find("train.steps: 4 before, 6 now"), std::string::npos) << err_;
  EXPECT_NE(err_.find("--fresh"), std::string::npos) << err_;
  EXPECT_EQ(run("train " + spec + " --set train.steps=4 --set stimulus.spacing_px=40 --resume"), 2);
  EXPECT_NE(err_.find("spacing_px"), std::string::npos) << err_;
  // The same spec resumes (nothing left to do).
  ASSERT_EQ(run("train " + spec + " --set train.steps=4 --resume"), 0) << err_;

  ASSERT_EQ(run("train " + spec + " --set train.steps=6 --fresh"), 0) << err_;
  EXPECT_EQ(runJson(dir_ / "r")["step"], 6);
  const auto old_run = dir_ / "r" / "runs" / "m-lr0.01.old-1";
  ASSERT_TRUE(fs::exists(old_run / "checkpoint.pt"));
  EXPECT_EQ(nlohmann::json::parse(slurp(old_run / "run.json"))["step"], 4);
}

TEST_F(ExperimentCli, ASecondWriterOfOneExperimentExitsTwoNamingTheFirstsPid) {
  const auto out = dir_ / "w";
  const pid_t first = startCli({"train", (dir_ / "tiny.toml").string(), "--out", out.string()});
  ASSERT_TRUE(waitForLines(out / "runs" / "m-lr0.01" / "metrics.csv", 3));
  EXPECT_EQ(run("train " + (dir_ / "tiny.toml").string() + " --out " + out.string() + " --resume"),
            2);
  EXPECT_NE(err_.find("locked by pid " + std::to_string(first)), std::string::npos) << err_;
  EXPECT_EQ(run("eval " + (dir_ / "tiny.toml").string() + " --out " + out.string()), 2);
  EXPECT_NE(err_.find("locked by pid"), std::string::npos) << err_;
  kill(first, SIGKILL);
  waitpid(first, nullptr, 0);
  // The kernel released the lock with the process: the run continues.
  EXPECT_EQ(run("train " + (dir_ / "tiny.toml").string() + " --out " + out.string() +
                " --set train.steps=20 --resume"),
            2);  // a changed spec, but no lock error
  EXPECT_EQ(err_.find("locked"), std::string::npos) << err_;
}

TEST_F(ExperimentCli, AnEvaluationKilledMidwayScoresOnlyTheRestFromTheFinalCheckpoint) {
  const auto out = dir_ / "k";
  // A grid slow enough to kill midway: 3 types x 4 x 5 cells of 400 images in batches of 8.
  const std::vector<std::string> sets = {"--set", "train.steps=5",
                                         "--set", "eval.images=400",
                                         "--set", "eval.batch=8",
                                         "--set", "eval.target_ecc_px=[0,30,60,90]",
                                         "--set", "eval.flanker_ecc_px=[0,30,60,90,120]"};
  std::string set_text;
  for (const auto& s : sets) set_text += " " + s;
  const std::string spec = (dir_ / "tiny.toml").string() + " --out " + out.string() + set_text;
  ASSERT_EQ(run("train " + spec), 0) << err_;

  std::vector<std::string> eval = {"--verbose", "eval", (dir_ / "tiny.toml").string(), "--out",
                                   out.string()};
  eval.insert(eval.end(), sets.begin(), sets.end());
  const pid_t child = startCli(eval, dir_ / "eval-log");
  ASSERT_TRUE(waitForText(dir_ / "eval-log", "] type", 4));
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);

  ASSERT_EQ(run("--json eval " + spec), 0) << err_;
  const auto row = nlohmann::json::parse(out_)["runs"][0];
  const int cells = 3 * 4 * 5;
  EXPECT_EQ(row["cells"], cells);
  EXPECT_GE(row["kept_cells"].get<int>(), 4);
  EXPECT_LT(row["kept_cells"].get<int>(), cells) << "the evaluation ended before the kill";
  EXPECT_EQ(row["kept_cells"].get<int>() + row["scored_cells"].get<int>(), cells);
  // Every cell exactly once, every one scored with the run's final checkpoint.
  const auto crc = runJson(out)["checkpoint_crc32"].get<std::string>();
  EXPECT_EQ(row["checkpoint_crc32"], crc);
  ASSERT_EQ(run("--json eval " + spec), 0) << err_;
  const auto again = nlohmann::json::parse(out_)["runs"][0];
  EXPECT_EQ(again["kept_cells"], cells);
  EXPECT_EQ(again["scored_cells"], 0);
  const auto cells_by_checkpoint = countCells(out / "results.sqlite");
  ASSERT_EQ(cells_by_checkpoint.size(), 1u);
  EXPECT_EQ(cells_by_checkpoint.begin()->first, crc);
  EXPECT_EQ(cells_by_checkpoint.begin()->second, cells);

  // Training further makes a new final checkpoint: its evaluation scores every cell anew.
  ASSERT_EQ(run("train " + spec + " --fresh"), 0) << err_;
  ASSERT_EQ(run("--json eval " + spec), 0) << err_;
  const auto fresh = nlohmann::json::parse(out_)["runs"][0];
  EXPECT_EQ(fresh["kept_cells"], 0);
  EXPECT_EQ(fresh["scored_cells"], cells);
  EXPECT_EQ(countCells(out / "results.sqlite").size(), 1u);
}

// The main job's bar (issue: crowding-quick): the eccentricity model recognises isolated targets
// near fixation (>= 0.8, chance 0.2) and clearly less with two flankers at the closest spacing;
// the DCNN baseline is trained and scored beside it. Same seeds, same threads every time.
TEST_F(ExperimentCli, QuickPresetShowsCrowding) {
  ASSERT_EQ(run("--json demo --out " + (dir_ / "quick").string()), 0) << err_;
  const auto demo = nlohmann::json::parse(out_);
  std::map<std::string, nlohmann::json> runs;
  for (const auto& r : demo["runs"]) runs[r["run"].get<std::string>()] = r;
  ASSERT_TRUE(runs.count("ecc-lr0.001"));
  ASSERT_TRUE(runs.count("dcnn-lr0.001"));
  const double alone = runs["ecc-lr0.001"]["target_alone_accuracy"];
  const double crowded = runs["ecc-lr0.001"]["closest_xax_accuracy"];
  std::cout << "crowding-quick: " << demo.dump() << "\n";
  EXPECT_GE(alone, 0.8);
  EXPECT_LE(crowded, alone - 0.15);
  EXPECT_GE(runs["dcnn-lr0.001"]["target_alone_accuracy"].get<double>(), 0.5);
  EXPECT_TRUE(fs::exists(dir_ / "quick" / "report" / "ecc-lr0.001" / "spacing-60.svg"));
  // [psychophysics]: every run measured radially and tangentially, listed in the report.
  for (const auto& [name, row] : runs) {
    EXPECT_EQ(row["psychophysics"]["measured_conditions"], 2) << name;
  }
  const auto lines = slurp(dir_ / "quick" / "report" / "threshold-lines.csv");
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 1 + 2 * 3) << lines;
}

}  // namespace

// A trained run as an observer: its critical spacing measured by a staircase and a psychometric
// fit, written as files, reproducible from its seed, and bad requests refused by name.
TEST_F(ExperimentCli, AStaircaseMeasuresARunsCriticalSpacing) {
  const std::string spec = (dir_ / "tiny.toml").string() + " --out " + (dir_ / "s").string();
  ASSERT_EQ(run("train " + spec +
                " --set train.optimizer=adam --set train.learning_rates=[0.003]"
                " --set train.steps=400 --set train.checkpoint_every=400"),
            0)
      << err_;
  const auto run_dir = (dir_ / "s" / "runs" / "m-lr0.003").string();
  const std::string staircase =
      "--json staircase " + run_dir + " --ecc-deg 0.25,0.5 --bootstrap 40";
  ASSERT_EQ(run(staircase + " --out " + (dir_ / "st").string()), 0) << err_;
  const auto result = nlohmann::json::parse(out_);
  ASSERT_EQ(result["points"].size(), 2u);
  const auto& near = result["points"][0];
  // Trained on centred targets, the run recognises a target alone near fixation above chance.
  EXPECT_GT(near["baseline_accuracy"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(near["guess"].get<double>(), 0.2);
  ASSERT_FALSE(near.contains("refusal")) << near.dump();
  // The critical spacing lies between touching flankers (30 px) and the canvas's edge, inside
  // its interval.
  const double critical = near["critical_spacing_px"].get<double>();
  EXPECT_GE(critical, 30.0);
  EXPECT_LE(critical, 120.0);
  EXPECT_LE(near["critical_spacing_px_ci"][0].get<double>(), critical);
  EXPECT_GE(near["critical_spacing_px_ci"][1].get<double>(), critical);
  EXPECT_GT(near["trials"].get<int>(), 20);
  // Farther out it has never seen a digit: nothing to crowd, and no Bouma line through one point.
  EXPECT_NE(result["points"][1].value("refusal", "").find("near chance"), std::string::npos);
  EXPECT_TRUE(result["bouma"].contains("refusal"));
  // The files: every trial, one row per eccentricity, and the JSON.
  const std::string tracks = slurp(dir_ / "st" / "tracks.csv");
  EXPECT_EQ(tracks.rfind("ecc_deg,trial,spacing_px,correct\n", 0), 0u);
  EXPECT_EQ(std::count(tracks.begin(), tracks.end(), '\n'), 1 + near["trials"].get<int>());
  EXPECT_NE(slurp(dir_ / "st" / "critical-spacing.csv").find("near chance"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(slurp(dir_ / "st" / "staircase.json"))["points"],
            result["points"]);
  // The same seed gives the same trials; QUEST measures the same run too.
  ASSERT_EQ(run(staircase), 0) << err_;
  EXPECT_EQ(nlohmann::json::parse(out_)["points"], result["points"]);
  ASSERT_EQ(run(staircase + " --procedure quest"), 0) << err_;
  EXPECT_EQ(nlohmann::json::parse(out_)["points"][0]["rule"].get<std::string>().rfind("QUEST", 0),
            0u);

  EXPECT_EQ(run("staircase " + run_dir + " --ecc-deg -1"), 2);
  EXPECT_NE(err_.find("-1"), std::string::npos) << err_;
  EXPECT_EQ(run("staircase " + run_dir + " --procedure pest"), 2);
  EXPECT_NE(err_.find("pest"), std::string::npos) << err_;
  EXPECT_EQ(run("staircase " + run_dir + " --ecc-deg 30"), 2);  // off the 240 px canvas
  EXPECT_NE(err_.find("does not fit"), std::string::npos) << err_;

  // Contrast and size thresholds of the target alone: levels stay in their ranges (contrast in
  // [0.01, 1], sizes whole pixels up to the run's 30 px), and the files are named for them.
  ASSERT_EQ(run("--json staircase " + run_dir +
                " --ecc-deg 0.25 --bootstrap 40 --variable contrast --flankers none --out " +
                (dir_ / "contrast").string()),
            0)
      << err_;
  const auto contrast = nlohmann::json::parse(out_);
  EXPECT_EQ(contrast["variable"], "contrast");
  const auto& faint = contrast["points"][0];
  EXPECT_FALSE(faint.contains("critical_spacing_px")) << faint.dump();
  if (!faint.contains("refusal")) {
    EXPECT_GE(faint["contrast_threshold"].get<double>(), 0.01);
    EXPECT_LE(faint["contrast_threshold"].get<double>(), 1.0);
  }
  const std::string contrast_tracks = slurp(dir_ / "contrast" / "tracks.csv");
  ASSERT_EQ(contrast_tracks.rfind("ecc_deg,trial,contrast,correct\n", 0), 0u);
  std::istringstream rows(contrast_tracks);
  std::string row;
  std::getline(rows, row);
  std::set<double> contrasts;
  while (std::getline(rows, row)) {
    const double level = std::stod(row.substr(row.find(',', row.find(',') + 1) + 1));
    EXPECT_GE(level, 0.01 - 1e-9) << row;
    EXPECT_LE(level, 1.0 + 1e-9) << row;
    // What the trial showed: whole grey levels.
    EXPECT_NEAR(level * 255, std::round(level * 255), 1e-4) << row;
    contrasts.insert(level);
  }
  EXPECT_GT(contrasts.size(), 3u);  // the staircase moved
  EXPECT_TRUE(fs::exists(dir_ / "contrast" / "contrast-thresholds.csv"));
  ASSERT_EQ(run("--json staircase " + run_dir +
                " --ecc-deg 0.25 --bootstrap 40 --variable size --flankers both"),
            0)
      << err_;
  const auto size = nlohmann::json::parse(out_);
  EXPECT_TRUE(size.contains("acuity_line"));
  const auto& small = size["points"][0];
  if (!small.contains("refusal")) {
    const double px = small["size_threshold_px"].get<double>();
    EXPECT_GE(px, 4.0);
    EXPECT_LE(px, 30.0);
    EXPECT_GT(small["size_threshold_deg"].get<double>(), 0.0);
  }
  // A critical spacing needs flankers; the indices compare critical spacings.
  EXPECT_EQ(run("staircase " + run_dir + " --flankers none"), 2);
  EXPECT_NE(err_.find("'none'"), std::string::npos) << err_;
  EXPECT_EQ(run("staircase " + run_dir + " --variable size --indices"), 2);
  EXPECT_NE(err_.find("spacing"), std::string::npos) << err_;
  EXPECT_EQ(run("staircase " + run_dir + " --variable colour"), 2);
  EXPECT_NE(err_.find("colour"), std::string::npos) << err_;

  ASSERT_EQ(run("--json bench staircase --trials 20"), 0) << err_;
  const auto bench = nlohmann::json::parse(out_);
  EXPECT_EQ(bench["trials"], 20);
  EXPECT_GT(bench["trials_per_s"].get<double>(), 0);
}

// [psychophysics] through `eval`: each scored run is measured under every condition, a second
// evaluation keeps what the same checkpoint measured, and bad settings are refused by key.
TEST_F(ExperimentCli, EvaluationMeasuresThresholdsWhenTheSpecAsks) {
  std::ofstream(dir_ / "tiny.toml", std::ios::app)
      << "[psychophysics]\necc_deg = [0.25]\nvariable = \"size\"\n"
         "flankers = [\"both\", \"none\"]\nbootstrap = 10\nreversals = 4\n";
  const std::string spec = (dir_ / "tiny.toml").string() + " --out " + (dir_ / "p").string();
  ASSERT_EQ(run("train " + spec), 0) << err_;
  ASSERT_EQ(run("--json eval " + spec), 0) << err_;
  const auto first = nlohmann::json::parse(out_)["runs"][0]["psychophysics"];
  EXPECT_EQ(first["conditions"], 2) << out_;
  EXPECT_EQ(first["measured_conditions"], 2);
  EXPECT_GT(first["trials"].get<int>(), 0);
  const auto study = dir_ / "p" / "runs" / "m-lr0.01" / "psychophysics" / "size-radial-none";
  EXPECT_TRUE(fs::exists(study / "size-thresholds.csv"));
  EXPECT_EQ(nlohmann::json::parse(slurp(study / "staircase.json"))["variable"], "size");
  ASSERT_EQ(run("--json eval " + spec), 0) << err_;
  const auto again = nlohmann::json::parse(out_)["runs"][0]["psychophysics"];
  EXPECT_EQ(again["kept_conditions"], 2);
  EXPECT_EQ(again["measured_conditions"], 0);
  // Kept conditions still report their lines (size: acuity's slope, or why there is none).
  ASSERT_EQ(again["lines"].size(), 2u);
  EXPECT_EQ(again["lines"][0].get<std::string>().rfind("size-radial-both: ", 0), 0u) << again;
  // One eccentricity makes no line: stored as none, not as a slope of 0.
  EXPECT_EQ(again["lines"][0],
            "size-radial-both: a line needs thresholds at two eccentricities at least")
      << again;
  sqlite3* db = nullptr;
  ASSERT_EQ(
      sqlite3_open_v2((dir_ / "p" / "results.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
      SQLITE_OK);
  sqlite3_stmt* lines = nullptr;
  sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM threshold_lines WHERE slope IS NULL", -1, &lines,
                     nullptr);
  ASSERT_EQ(sqlite3_step(lines), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(lines, 0), 2);
  sqlite3_finalize(lines);
  sqlite3_close(db);
  // Changed settings are measured again; the same checkpoint's scoring is kept.
  ASSERT_EQ(run("--json eval " + spec + " --set psychophysics.bootstrap=11"), 0) << err_;
  const auto changed = nlohmann::json::parse(out_)["runs"][0];
  EXPECT_EQ(changed["psychophysics"]["measured_conditions"], 2) << changed;
  EXPECT_EQ(changed["scored_cells"], 0);

  EXPECT_EQ(run("eval " + spec + " --set psychophysics.variable=spacing"), 2);
  EXPECT_NE(err_.find("psychophysics.flankers"), std::string::npos) << err_;
  EXPECT_EQ(run("eval " + spec + " --set 'psychophysics.models=[\"n\"]'"), 2);
  EXPECT_NE(err_.find("'n'"), std::string::npos) << err_;
  EXPECT_EQ(run("eval " + spec + " --set psychophysics.ecc_deg=[0]"), 2);
  EXPECT_NE(err_.find("psychophysics.ecc_deg"), std::string::npos) << err_;
  EXPECT_EQ(run("eval " + spec + " --set psychophysics.procedure=pest"), 2);
  EXPECT_NE(err_.find("pest"), std::string::npos) << err_;
  EXPECT_EQ(run("eval " + spec + " --set psychophysics.ecc_deg=[1,1]"), 2);
  EXPECT_NE(err_.find("twice"), std::string::npos) << err_;
  EXPECT_EQ(run("eval " + spec + " --set psychophysics.ecc_deg=[95]"), 2);
  EXPECT_NE(err_.find("below 90"), std::string::npos) << err_;
  // Off the 240 px canvas: said when the spec is read, before anything trains.
  EXPECT_EQ(run("train " + spec + " --set psychophysics.ecc_deg=[30]"), 2);
  EXPECT_NE(err_.find("leaves model 'm''s canvas"), std::string::npos) << err_;
}

// The quick ConvRNN preset end to end, shortened: a GRU trains, its cells are scored at every
// step of its three presentations, and the report draws the answer forming over time.
TEST_F(ExperimentCli, AConvRnnIsScoredStepByStepUnderEachPresentation) {
  const std::string spec = std::string(FOVEA_SOURCE_DIR) +
                           "/experiments/convrnn-quick.toml --out " + (dir_ / "c").string() +
                           " --run gru-lr0.002 --set train.steps=4 --set eval.images=6 "
                           "--set eval.target_ecc_px=[0] --set eval.flanker_ecc_px=[0,60]";
  ASSERT_EQ(run("train " + spec), 0) << err_;
  ASSERT_EQ(run("eval " + spec), 0) << err_;
  sqlite3* db = nullptr;
  ASSERT_EQ(
      sqlite3_open_v2((dir_ / "c" / "results.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
      SQLITE_OK);
  sqlite3_stmt* select = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT presentation, COUNT(DISTINCT step), MIN(images), MAX(correct) "
                     "FROM time_course WHERE run = 'gru-lr0.002' GROUP BY presentation "
                     "ORDER BY presentation",
                     -1, &select, nullptr);
  std::map<std::string, int> steps;
  while (sqlite3_step(select) == SQLITE_ROW) {
    steps[reinterpret_cast<const char*>(sqlite3_column_text(select, 0))] =
        sqlite3_column_int(select, 1);
    EXPECT_EQ(sqlite3_column_int(select, 2), 6);
    EXPECT_LE(sqlite3_column_int(select, 3), 6);
  }
  sqlite3_finalize(select);
  sqlite3_close(db);
  // default: 16 steps (the image for 12), constant: 16, neural: 26 (off at 10).
  EXPECT_EQ(steps, (std::map<std::string, int>{{"constant", 16}, {"default", 16}, {"neural", 26}}));
  ASSERT_EQ(run("report " + spec + " --dpi 100"), 0) << err_;
  const std::string csv = slurp(dir_ / "c" / "report" / "gru-lr0.002" / "time-course.csv");
  EXPECT_NE(csv.find("neural, target alone"), std::string::npos) << csv.substr(0, 300);
  // One row per step of each line: target alone under 16 + 16 + 26 steps.
  EXPECT_GE(std::count(csv.begin(), csv.end(), '\n'), 1 + 16 + 16 + 26);
}
