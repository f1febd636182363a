// A run directory's small files read back as written, and damaged ones named instead of being
// taken for "not trained" or cut short.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/train/metrics_log.h"
#include "core/train/run_record.h"
#include "core/util/errors.h"

using namespace fovea;
namespace fs = std::filesystem;

namespace {

fs::path tempDir(const std::string& name) {
  auto dir =
      fs::temp_directory_path() / ("fovea-runfiles-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string errorOf(const std::function<void()>& read) {
  try {
    read();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

const std::string kHeader = std::string(train::MetricsLog::header()) + "\n";

TEST(RunFiles, MetricsKeepDivergedRowsAndDropOnlyAPartialLastLine) {
  const auto dir = tempDir("metrics");
  const auto path = dir / "metrics.csv";
  std::ofstream(path) << kHeader << "1,8,0.5,2.3,0.1,0.01,16\n"
                      << "2,16,1,nan,0,0.01,16\n"  // a diverged step logs NaN
                      << "3,24,1.5,inf,0,";        // killed mid-write
  const auto rows = train::readMetrics(path);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].step, 1);
  EXPECT_DOUBLE_EQ(rows[0].loss, 2.3);
  EXPECT_TRUE(std::isnan(rows[1].loss));
  fs::remove_all(dir);
}

TEST(RunFiles, ABadRowBeforeOthersIsAnErrorNamingItsLine) {
  const auto dir = tempDir("bad-row");
  const auto path = dir / "metrics.csv";
  std::ofstream(path) << kHeader << "1,8,0.5,2.3,0.1,0.01,16\n"
                      << "2,16,1;oops\n"
                      << "3,24,1.5,2.0,0.2,0.01,16\n";
  const auto error = errorOf([&] { train::readMetrics(path); });
  EXPECT_NE(error.find(path.string() + ":3: malformed metrics row '2,16,1;oops'"),
            std::string::npos)
      << error;
  // A count no run reaches is damage too (found by fuzz_metrics: it overflowed a cast).
  std::ofstream(path) << kHeader << "1,8,0.5,2.3,0.1,0.01,16\n"
                      << "2," << std::string(80, '7') << ",1,2,0,0.01,16\n"
                      << "3,24,1.5,2.0,0.2,0.01,16\n";
  EXPECT_NE(errorOf([&] { train::readMetrics(path); }).find(":3: malformed"), std::string::npos);
  std::ofstream(path) << kHeader << "1,8,0.5,2.3,0.1,0.01,16\n"
                      << "2,16,1;oops\n"
                      << "3,24,1.5,2.0,0.2,0.01,16\n";
  // Resuming does not rewrite the file without its later rows.
  EXPECT_THROW(train::MetricsLog(path, 3), InputError);
  std::ifstream in(path);
  const std::string kept((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(kept.find("3,24,1.5,2.0,0.2,0.01,16"), std::string::npos);
  fs::remove_all(dir);
}

TEST(RunFiles, ADamagedRunFileIsNamedNotTakenForUntrained) {
  const auto dir = tempDir("run-json");
  const train::RunFiles files(dir);
  EXPECT_EQ(train::runStatus(files), "");  // no run.json: not started
  std::ofstream(files.run_json()) << R"({"status": "finished", "step": 4)";  // cut off
  const auto error = errorOf([&] { train::runStatus(files); });
  EXPECT_NE(error.find(files.run_json().string() + ": damaged run file"), std::string::npos)
      << error;
  std::ofstream(files.run_json()) << R"({"status": "finished", "step": 4})";
  EXPECT_EQ(train::runStatus(files), "finished");
  fs::remove_all(dir);
}

}  // namespace
