#include "core/experiment/results_store.h"
#include "core/util/errors.h"
#include "core/util/sqlite_db.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <thread>

using namespace fovea;

namespace {

std::filesystem::path tempDb(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("fovea-results-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir / "results.sqlite";
}

eval::ConditionResult cell(int type, double te, double fe, double accuracy) {
  eval::ConditionResult r;
  r.condition = {type, te, fe};
  r.configuration = type == 0 ? "a" : type == 1 ? "ax" : "xax";
  r.spacing_px = std::fabs(fe - te);
  r.images = 100;
  r.correct = static_cast<std::int64_t>(accuracy * 100);
  r.accuracy = accuracy;
  return r;
}

TEST(ResultsStore, RunsAndCellsRoundTripAndReRunsReplace) {
  const auto path = tempDb("roundtrip");
  {
    experiment::ResultsStore store(path);
    experiment::RunRecord run;
    run.run = "ecc-lr0.1";
    run.model = "ecc";
    run.learning_rate = 0.1;
    run.steps = 4180;
    run.final_loss = 0.5;
    run.checkpoint_crc32 = "deadbeef";
    store.putRun(run);
    store.putAccuracy("ecc-lr0.1", {cell(0, 0, 0, 0.9), cell(2, 60, 180, 0.3)});
    eval::ConditionResult invalid = cell(1, 0, 0, 0);
    invalid.valid = false;
    invalid.accuracy = std::nan("");
    invalid.reason = "spacing_px must be a positive number";
    store.putAccuracy("ecc-lr0.1", {invalid});
    store.putAccuracy("ecc-lr0.1", {cell(2, 60, 180, 0.35)});  // a re-run of one cell
  }
  experiment::ResultsStore store(path);  // reopened: everything was on disk
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].checkpoint_crc32, "deadbeef");
  EXPECT_DOUBLE_EQ(runs[0].final_loss, 0.5);
  const auto cells = store.accuracy("ecc-lr0.1");
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(store.accuracyCount("ecc-lr0.1"), 3u);
  for (const auto& c : cells) {
    if (c.result.condition.flanker_type == 2) {
      EXPECT_DOUBLE_EQ(c.result.accuracy, 0.35);
    }
    if (c.result.condition.flanker_type == 1) {
      EXPECT_FALSE(c.result.valid);
      EXPECT_TRUE(std::isnan(c.result.accuracy));
      EXPECT_NE(c.result.reason.find("spacing"), std::string::npos);
    }
  }
  std::filesystem::remove_all(path.parent_path());
}

TEST(ResultsStore, ConcurrentWritersLoseNothing) {
  const auto path = tempDb("concurrent");
  { experiment::ResultsStore schema(path); }  // create the schema once
  auto writer = [&](int worker) {
    experiment::ResultsStore store(path);  // each worker has its own connection
    for (int i = 0; i < 25; ++i) {
      store.putAccuracy("run" + std::to_string(worker), {cell(2, i * 60.0, i * 60.0 + 120, 0.5)});
    }
  };
  std::thread a(writer, 0), b(writer, 1), c(writer, 2);
  a.join();
  b.join();
  c.join();
  experiment::ResultsStore store(path);
  EXPECT_EQ(store.accuracy().size(), 75u);
  for (int worker = 0; worker < 3; ++worker) {
    EXPECT_EQ(store.accuracyCount("run" + std::to_string(worker)), 25u);
  }
  std::filesystem::remove_all(path.parent_path());
}

TEST(ResultsStore, SeveralProcessesWritingOneStoreLoseNothing) {
  const auto path = tempDb("processes");
  { experiment::ResultsStore schema(path); }
  constexpr int kProcesses = 4, kCells = 60;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      int code = 0;
      try {
        experiment::ResultsStore store(path);
        for (int i = 0; i < kCells; ++i) {
          // Every process also writes one shared cell: replaced, never duplicated.
          store.putAccuracy("run" + std::to_string(p), {cell(2, i * 60.0, i * 60.0 + 120, 0.5)});
          store.putAccuracy("shared", {cell(0, 0, 0, 0.1 * p)});
        }
      } catch (...) {
        code = 1;
      }
      ::_exit(code);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  experiment::ResultsStore store(path);
  EXPECT_EQ(store.accuracy().size(), static_cast<std::size_t>(kProcesses * kCells + 1));
  for (int p = 0; p < kProcesses; ++p) {
    EXPECT_EQ(store.accuracyCount("run" + std::to_string(p)), static_cast<std::size_t>(kCells));
  }
  EXPECT_EQ(store.integrityCheck(), "ok");
  std::filesystem::remove_all(path.parent_path());
}

TEST(ResultsStore, MergingAShardTwiceChangesNothingAndDropsOtherCheckpoints) {
  const auto path = tempDb("merge");
  const auto shard = path.parent_path() / "shard.sqlite";
  experiment::RunRecord run;
  run.run = "ecc-lr0.1";
  run.model = "ecc";
  run.learning_rate = 0.1;
  run.checkpoint_crc32 = "new";
  {
    experiment::ResultsStore main(path);
    main.putAccuracy("ecc-lr0.1", {cell(0, 0, 0, 0.2), cell(0, 60, 60, 0.2)}, "old");
    main.putAccuracy("other-lr0.1", {cell(0, 0, 0, 0.7)}, "x");
    experiment::ResultsStore part(shard);
    part.putRun(run);
    part.putAccuracy("ecc-lr0.1", {cell(0, 0, 0, 0.9), cell(2, 60, 180, 0.4)}, "new");
  }
  experiment::ResultsStore main(path);
  EXPECT_EQ(main.merge(shard), 3u);
  const auto once = main.accuracy();
  EXPECT_EQ(main.merge(shard), 3u);  // the same rows replaced by themselves
  const auto twice = main.accuracy();
  ASSERT_EQ(once.size(), twice.size());
  ASSERT_EQ(main.accuracy("ecc-lr0.1").size(), 2u);  // the old checkpoint's cells went
  for (const auto& r : main.accuracy("ecc-lr0.1")) EXPECT_EQ(r.checkpoint_crc32, "new");
  EXPECT_EQ(main.accuracy("other-lr0.1").size(), 1u);  // other runs are left alone
  EXPECT_EQ(main.runs().size(), 1u);
  EXPECT_THROW(main.merge(path.parent_path() / "missing.sqlite"), InputError);
  std::filesystem::remove_all(path.parent_path());
}

TEST(ResultsStore, AForeignFileIsAClearError) {
  const auto path = tempDb("foreign");
  std::filesystem::create_directories(path.parent_path());
  {
    std::ofstream out(path);
    out << "this is not a database, just text that is long enough to have a header........";
  }
  try {
    experiment::ResultsStore store(path);
    FAIL() << "a text file opened as a results database";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("not an SQLite database"), std::string::npos)
        << error.what();
  }
  std::filesystem::remove_all(path.parent_path());
}

std::string openError(const std::filesystem::path& path) {
  try {
    experiment::ResultsStore store(path);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(ResultsStore, AnotherProgramsDatabaseOrANewerSchemaIsRefusedUntouched) {
  const auto path = tempDb("schema");
  std::filesystem::create_directories(path.parent_path());
  {
    SqliteDb other(path);
    other.exec("CREATE TABLE photos (name TEXT);");
  }
  EXPECT_NE(openError(path).find("an SQLite database of something else (tables: photos"),
            std::string::npos)
      << openError(path);
  {
    SqliteDb other(path);
    SqliteStatement tables(other, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
    tables.step();
    EXPECT_EQ(tables.integer(0), 1);  // no Fovea table was added to it
  }
  std::filesystem::remove(path);
  { experiment::ResultsStore store(path); }
  {
    SqliteDb db(path);
    SqliteStatement version(db, "PRAGMA user_version");
    version.step();
    EXPECT_EQ(version.integer(0), 1);  // a new store records its schema
    db.exec("PRAGMA user_version = 7;");
  }
  EXPECT_NE(openError(path).find("schema 7, written by a newer Fovea"), std::string::npos)
      << openError(path);
  std::filesystem::remove_all(path.parent_path());
}

TEST(ResultsStore, AFullDiskIsSaidAndTheStoreStaysIntact) {
  const auto path = tempDb("full");
  {
    experiment::ResultsStore store(path);
    store.putAccuracy("kept", {cell(0, 0, 0, 0.5)});
  }
  const auto report = path.parent_path() / "error.txt";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int code = 1;
    try {
      experiment::ResultsStore store(path);
      ::signal(SIGXFSZ, SIG_IGN);
      struct stat info {};
      ::stat((path.string() + "-wal").c_str(), &info);
      const rlimit limit{static_cast<rlim_t>(info.st_size + 8192),
                         static_cast<rlim_t>(info.st_size + 8192)};
      ::setrlimit(RLIMIT_FSIZE, &limit);
      for (int i = 0; i < 100000; ++i) {
        store.putAccuracy("big" + std::string(200, 'x'), {cell(2, i, i + 120.0, 0.5)});
      }
    } catch (const std::exception& error) {
      std::ofstream(report) << error.what();
      code = 0;
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the disk never filled";
  std::ifstream in(report);
  const std::string message((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("the disk is full"), std::string::npos) << message;  // or the limit
  experiment::ResultsStore store(path);
  EXPECT_EQ(store.integrityCheck(), "ok");
  EXPECT_EQ(store.accuracyCount("kept"), 1u);
  std::filesystem::remove_all(path.parent_path());
}

}  // namespace

TEST(ResultsStore, ARecurrentRunsStepsGoWithTheirCell) {
  const auto path = tempDb("time-course");
  const auto shard = path.parent_path() / "shard.sqlite";
  auto timed = [](int type, double te, double fe, std::vector<std::int64_t> own,
                  std::vector<std::int64_t> neural) {
    auto r = cell(type, te, fe, 0.5);
    r.over_time = {{"default", std::move(own)}, {"neural", std::move(neural)}};
    return r;
  };
  {
    experiment::ResultsStore store(path);
    store.putAccuracy("gru-lr0.02", {timed(0, 0, 0, {20, 40, 90}, {20, 30, 60, 80})}, "old");
    store.putAccuracy("rgc-lr0.02", {timed(2, 60, 120, {20, 25, 30}, {20, 21, 22, 23})}, "x");
    store.putAccuracy("ecc-lr0.1", {cell(0, 0, 0, 0.9)}, "y");  // feed-forward: no steps
  }
  experiment::ResultsStore store(path);
  const auto gru = store.timeCourse("gru-lr0.02");
  ASSERT_EQ(gru.size(), 7u);  // 3 steps of default, 4 of neural
  EXPECT_EQ(gru[0].presentation, "default");
  EXPECT_EQ(gru[2].step, 2);
  EXPECT_EQ(gru[2].correct, 90);
  EXPECT_EQ(gru[2].images, 100);
  EXPECT_EQ(gru[6].presentation, "neural");
  EXPECT_EQ(gru[6].correct, 80);
  EXPECT_TRUE(store.timeCourse("ecc-lr0.1").empty());
  // A new checkpoint's cells replace the old ones' steps; a merged shard brings its own.
  EXPECT_EQ(store.keepOnlyCheckpoint("gru-lr0.02", "new"), 1u);  // the cell (its steps go too)
  EXPECT_TRUE(store.timeCourse("gru-lr0.02").empty());
  {
    experiment::ResultsStore part(shard);
    experiment::RunRecord run;
    run.run = "gru-lr0.02";
    run.model = "gru";
    run.checkpoint_crc32 = "new";
    part.putRun(run);
    part.putAccuracy("gru-lr0.02", {timed(0, 0, 0, {30, 50, 95}, {30, 40, 70, 85})}, "new");
  }
  store.merge(shard);
  EXPECT_EQ(store.timeCourse("gru-lr0.02").size(), 7u);
  EXPECT_EQ(store.timeCourse("gru-lr0.02")[2].correct, 95);
  store.removeRun("rgc-lr0.02");
  EXPECT_TRUE(store.timeCourse("rgc-lr0.02").empty());
  EXPECT_EQ(store.integrityCheck(), "ok");
  std::filesystem::remove_all(path.parent_path());
}
