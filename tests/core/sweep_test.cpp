// The sweep's plan and job table: stable identities, stage order, claims that several processes
// make at once, and jobs of dead workers put back.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/sweep/job_table.h"
#include "core/sweep/slurm_backend.h"
#include "core/sweep/sweep_plan.h"
#include "core/sweep/worker_lock.h"
#include "core/util/errors.h"

using namespace fovea;
using namespace fovea::sweep;
namespace fs = std::filesystem;

namespace {

const char* kSpec = R"(
[experiment]
name = "sweep"
[stimulus]
canvas_px = 240
target_px = 30
flanker_px = 30
spacing_px = 30.0
[retina]
crop_px = 20
[train]
learning_rates = [0.01, 0.001]
steps = 20
[[model]]
name = "m"
scheme = "4-1-1"
[[model]]
name = "d"
kind = "dcnn"
[eval]
target_ecc_px = [0, 30]
flanker_ecc_px = [0, 30, 60]
spacings_px = [30]
periphery_target_px = 30
images = 8
[sweep]
cells_per_job = 4
)";

experiment::ExperimentSpec spec(const std::vector<std::string>& overrides = {}) {
  return experiment::parseExperimentSpec(kSpec, "sweep.toml", overrides);
}

std::map<std::string, std::string> fingerprints(const SweepPlan& plan) {
  std::map<std::string, std::string> out;
  for (const auto& j : plan.jobs) out[j.id] = j.fingerprint;
  return out;
}

fs::path tempDir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("fovea-sweep-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

SweepJob plainJob(const std::string& id, JobKind kind) {
  SweepJob j;
  j.id = id;
  j.kind = kind;
  j.stage = static_cast<int>(kind);
  j.fingerprint = "1";
  return j;
}

std::string errorOf(const std::vector<std::string>& overrides) {
  try {
    spec(overrides);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(SweepPlan, JobsFollowTheStagesAndKeepTheirIdentity) {
  const auto plan = planSweep(spec());
  // prepare, 4 runs, select, 4 runs x ceil(cells / 4) score jobs, report.
  std::vector<std::string> ids;
  for (const auto& j : plan.jobs) ids.push_back(j.id);
  EXPECT_EQ(ids.front(), "prepare");
  EXPECT_EQ(ids[1], "train/m-lr0.01");
  EXPECT_EQ(ids[5], "select");
  EXPECT_EQ(ids.back(), "report");
  EXPECT_TRUE(
      std::is_sorted(plan.jobs.begin(), plan.jobs.end(),
                     [](const SweepJob& a, const SweepJob& b) { return a.stage < b.stage; }));
  std::size_t cells = 0;
  for (const auto& j : plan.jobs) {
    if (j.kind != JobKind::Score || j.run != "m-lr0.01") continue;
    EXPECT_LE(j.end_cell - j.first_cell, 4u);
    EXPECT_EQ(j.first_cell, cells);  // the ranges tile the grid
    cells = j.end_cell;
  }
  EXPECT_GT(cells, 4u);
  EXPECT_EQ(fingerprints(planSweep(spec())), fingerprints(plan));  // the same spec, the same jobs
}

TEST(SweepPlan, AChangeRedoesOnlyTheJobsItDecides) {
  const auto before = fingerprints(planSweep(spec()));
  const auto steps = fingerprints(planSweep(spec({"train.steps=30"})));
  const auto images = fingerprints(planSweep(spec({"eval.images=16"})));
  const auto threads = fingerprints(planSweep(spec({"sweep.threads_per_job=2"})));
  EXPECT_EQ(steps.at("prepare"), before.at("prepare"));
  EXPECT_NE(steps.at("train/m-lr0.01"), before.at("train/m-lr0.01"));
  EXPECT_NE(steps.at("score/m-lr0.01/0-4"), before.at("score/m-lr0.01/0-4"));
  EXPECT_NE(steps.at("select"), before.at("select"));
  // More test images change scoring and the report, not training.
  EXPECT_EQ(images.at("train/d-lr0.001"), before.at("train/d-lr0.001"));
  EXPECT_EQ(images.at("select"), before.at("select"));
  EXPECT_NE(images.at("score/d-lr0.001/0-4"), before.at("score/d-lr0.001/0-4"));
  EXPECT_NE(images.at("report"), before.at("report"));
  // How the sweep runs is no part of what it computes.
  EXPECT_EQ(threads, before);
}

// A model that starts from another's weights (init_from) trains in a stage after its source's,
// and its identity follows the source's: retraining the source differently retrains it.
TEST(SweepPlan, ARunTrainsAfterTheModelItStartsFrom) {
  const std::string text = R"(
[experiment]
name = "chain"
[attention]
[train]
learning_rates = [0.01]
steps = 20
[[model]]
name = "what"
kind = "what"
[[model]]
name = "stn"
kind = "stn"
init_from = "what"
init_prefix = "classifier."
)";
  const auto plan = planSweep(experiment::parseExperimentSpec(text, "chain.toml"));
  std::map<std::string, SweepJob> jobs;
  for (const auto& j : plan.jobs) jobs[j.id] = j;
  EXPECT_LT(jobs.at("train/what-lr0.01").stage, jobs.at("train/stn-lr0.01").stage);
  EXPECT_LT(jobs.at("train/stn-lr0.01").stage, jobs.at("select").stage);
  EXPECT_EQ(jobs.at("train/what-lr0.01").stage, jobs.at("prepare").stage + 16);
  EXPECT_TRUE(
      std::is_sorted(plan.jobs.begin(), plan.jobs.end(),
                     [](const SweepJob& a, const SweepJob& b) { return a.stage < b.stage; }));

  auto longer = text;
  longer.replace(longer.find("kind = \"what\"\n"), 14,
                 "kind = \"what\"\n[model.train]\nsteps = 30\n");
  const auto after = fingerprints(planSweep(experiment::parseExperimentSpec(longer, "chain.toml")));
  EXPECT_NE(after.at("train/what-lr0.01"), jobs.at("train/what-lr0.01").fingerprint);
  EXPECT_NE(after.at("train/stn-lr0.01"), jobs.at("train/stn-lr0.01").fingerprint);
}

TEST(SweepPlan, SeedsAreOneMoreDimensionOfTheRuns) {
  auto seeded = spec({"experiment.seeds=[5, 6]"});
  const auto runs = experiment::plannedRuns(seeded);
  ASSERT_EQ(runs.size(), 8u);  // 2 models x 2 rates x 2 seeds
  EXPECT_EQ(runs[0].name, "m-lr0.01-s5");
  EXPECT_EQ(runs[1].name, "m-lr0.01-s6");
  EXPECT_EQ(experiment::runSeed(seeded, runs[1]), 6u);
  const auto jobs = fingerprints(planSweep(seeded));
  EXPECT_NE(jobs.at("train/m-lr0.01-s5"), jobs.at("train/m-lr0.01-s6"));
  // Without seeds a run keeps its name and identity.
  EXPECT_EQ(experiment::plannedRuns(spec())[0].name, "m-lr0.01");
  EXPECT_NE(errorOf({"experiment.seeds=[1, 1]"}).find("experiment.seeds"), std::string::npos);
  EXPECT_NE(errorOf({"experiment.seeds=[-1]"}).find("experiment.seeds"), std::string::npos);
  EXPECT_NE(errorOf({"experiment.seeds=[]"}).find("experiment.seeds"), std::string::npos);
}

TEST(SweepPlan, SlurmSettingsBecomeSbatchOptions) {
  SlurmOptions options;
  options.task_command = {"/usr/bin/fovea-cli", "--threads", "4", "sweep", "task", "/d"};
  options.cpus_per_task = 4;
  options.settings.partition = "gpu";
  options.settings.time = "02:00:00";
  options.settings.mem = "8G";
  options.settings.gpus = 1;
  options.settings.extra = {"--qos=long"};
  const auto command = sbatchCommand(options, "/d/sweep/slurm/train-1.jobs", 6, "/d/sweep/slurm");
  auto has = [&](const std::string& option) {
    return std::find(command.begin(), command.end(), option) != command.end();
  };
  EXPECT_EQ(command.front(), "sbatch");
  EXPECT_TRUE(has("--array=0-5"));
  EXPECT_TRUE(has("--cpus-per-task=4"));
  EXPECT_TRUE(has("--partition=gpu"));
  EXPECT_TRUE(has("--time=02:00:00"));
  EXPECT_TRUE(has("--mem=8G"));
  EXPECT_TRUE(has("--gpus=1"));
  EXPECT_TRUE(has("--qos=long"));
  EXPECT_TRUE(has("--output=/d/sweep/slurm/%A_%a.out"));
  EXPECT_EQ(command.back(),
            "--wrap='/usr/bin/fovea-cli' '--threads' '4' 'sweep' 'task' '/d' --list "
            "'/d/sweep/slurm/train-1.jobs' --index \"$SLURM_ARRAY_TASK_ID\"");
}

TEST(SweepPlan, BadSweepSettingsNameTheirKey) {
  EXPECT_NE(errorOf({"sweep.threads_per_job=0"}).find("sweep.threads_per_job"), std::string::npos);
  EXPECT_NE(errorOf({"sweep.score=\"best\""}).find("sweep.score"), std::string::npos);
  EXPECT_NE(errorOf({"sweep.slurm.extra=[\"qos=long\"]"}).find("sweep.slurm.extra"),
            std::string::npos);
  EXPECT_NE(errorOf({"sweep.cells_per_job=-1"}).find("sweep.cells_per_job"), std::string::npos);
  EXPECT_NE(errorOf({"sweep.nodes=4"}).find("nodes"), std::string::npos);
}

TEST(JobTable, ALaterStageWaitsForEveryJobBeforeIt) {
  const auto dir = tempDir("stages");
  JobTable table(dir / "jobs.sqlite");
  SweepPlan plan;
  plan.jobs = {plainJob("train/a", JobKind::Train), plainJob("train/b", JobKind::Train),
               plainJob("select", JobKind::Select)};
  table.sync(plan, false);
  EXPECT_EQ(table.claim("w1")->id, "train/a");
  EXPECT_EQ(table.claim("w2")->id, "train/b");
  EXPECT_FALSE(table.claim("w3"));  // select needs both
  // Only the holder ends a job.
  EXPECT_FALSE(table.finish("train/a", "w2", true, "ok", 1, 3));
  EXPECT_EQ(table.find("train/a")->state, JobState::Running);
  EXPECT_TRUE(table.finish("train/a", "w1", true, "ok", 1, 3));
  EXPECT_FALSE(table.claim("w3"));
  table.finish("train/b", "w2", false, "boom", 1, 1);  // out of attempts: failed, and it blocks
  EXPECT_FALSE(table.claim("w3"));
  EXPECT_EQ(table.find("train/b")->state, JobState::Failed);
  EXPECT_TRUE(table.claimable().empty());  // blocked until someone retries it
  EXPECT_FALSE(table.settled());
  EXPECT_EQ(table.sync(plan, true).retried, 1u);  // a new sweep gives it new attempts
  EXPECT_EQ(table.claim("w3")->id, "train/b");
  table.finish("train/b", "w3", true, "ok", 1, 1);
  EXPECT_EQ(table.claim("w3")->id, "select");
  fs::remove_all(dir);
}

TEST(JobTable, ChangedJobsRunAgainAndDroppedJobsGo) {
  const auto dir = tempDir("sync");
  JobTable table(dir / "jobs.sqlite");
  SweepPlan plan;
  plan.jobs = {plainJob("train/a", JobKind::Train), plainJob("train/b", JobKind::Train)};
  table.sync(plan, false);
  for (int i = 0; i < 2; ++i) table.finish(table.claim("w")->id, "w", true, "ok", 1, 3);
  plan.jobs[0].fingerprint = "2";
  plan.jobs.pop_back();
  const auto synced = table.sync(plan, false);
  EXPECT_EQ(synced.changed, 1u);
  EXPECT_EQ(synced.removed, 1u);
  ASSERT_EQ(table.jobs().size(), 1u);
  EXPECT_EQ(table.jobs()[0].state, JobState::Pending);
  EXPECT_EQ(table.jobs()[0].reason, "the spec changed");
  fs::remove_all(dir);
}

TEST(JobTable, ASyncLeavesRunningJobsAlone) {
  const auto dir = tempDir("sync-running");
  JobTable table(dir / "jobs.sqlite");
  SweepPlan plan;
  plan.jobs = {plainJob("train/a", JobKind::Train), plainJob("train/b", JobKind::Train)};
  table.sync(plan, false);
  ASSERT_TRUE(table.claim("w"));  // train/a runs
  plan.jobs[0].fingerprint = "2";
  EXPECT_EQ(table.sync(plan, false).changed, 0u);  // changed, but running: left alone
  EXPECT_EQ(table.find("train/a")->state, JobState::Running);
  SweepPlan dropped;
  dropped.jobs = {plainJob("train/b", JobKind::Train)};
  const auto synced = table.sync(dropped, false);  // train/a is no longer planned: it runs on
  EXPECT_EQ(synced.removed, 0u);
  EXPECT_EQ(table.find("train/a")->state, JobState::Running);
  EXPECT_TRUE(table.finish("train/a", "w", true, "ok", 1, 3));
  EXPECT_EQ(table.sync(dropped, false).removed, 1u);  // ended: now it goes
  fs::remove_all(dir);
}

TEST(JobTable, JobsOfDeadWorkersGoBackUntilTheirAttemptsRunOut) {
  const auto dir = tempDir("recover");
  JobTable table(dir / "jobs.sqlite");
  SweepPlan plan;
  plan.jobs = {plainJob("train/a", JobKind::Train)};
  table.sync(plan, false);
  auto dead = [](const std::string&) { return false; };
  auto alive = [](const std::string&) { return true; };
  ASSERT_TRUE(table.claim("gone-1"));
  EXPECT_EQ(table.recover(alive, 2), 0u);
  EXPECT_EQ(table.recover(dead, 2), 1u);
  auto job = table.find("train/a");
  EXPECT_EQ(job->state, JobState::Pending);
  EXPECT_NE(job->reason.find("gone-1"), std::string::npos);
  ASSERT_TRUE(table.claim("gone-2"));
  // The first worker was only taken for dead: its late finish changes nothing.
  EXPECT_FALSE(table.finish("train/a", "gone-1", true, "late", 1, 2));
  EXPECT_EQ(table.recover(dead, 2), 1u);
  job = table.find("train/a");
  EXPECT_EQ(job->state, JobState::Failed);
  EXPECT_EQ(job->attempts, 2);
  fs::remove_all(dir);
}

TEST(JobTable, ProcessesClaimingAtOnceNeverShareAJob) {
  const auto dir = tempDir("claims");
  constexpr int kJobs = 300, kProcesses = 4;
  {
    JobTable table(dir / "jobs.sqlite");
    table.sync(idlePlan(kJobs, 0), false);
  }
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      int code = 0;
      try {
        JobTable table(dir / "jobs.sqlite");
        std::ofstream claimed(dir / ("claimed-" + std::to_string(p)));
        while (const auto job = table.claim("p" + std::to_string(p))) {
          claimed << job->id << "\n" << std::flush;
          ::usleep(500);  // as if working, so that the processes interleave
          table.finish(job->id, "p" + std::to_string(p), true, "ok", 0, 3);
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
  std::multiset<std::string> claimed;
  for (int p = 0; p < kProcesses; ++p) {
    std::ifstream in(dir / ("claimed-" + std::to_string(p)));
    for (std::string id; std::getline(in, id);) claimed.insert(id);
  }
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(std::set<std::string>(claimed.begin(), claimed.end()).size(), claimed.size());
  JobTable table(dir / "jobs.sqlite");
  EXPECT_EQ(table.counts().at(0).done, static_cast<std::size_t>(kJobs));
  fs::remove_all(dir);
}

TEST(WorkerLock, AKilledWorkerIsSeenGone) {
  const auto dir = tempDir("workers");
  std::string id;
  {
    WorkerLock lock(dir);
    id = lock.id();
    EXPECT_TRUE(workerAlive(dir, id));
  }
  EXPECT_FALSE(workerAlive(dir, id));
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    WorkerLock lock(dir);
    const char c = 1;
    if (::write(ready[1], &c, 1) != 1) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  std::string child_id;
  for (const auto& entry : fs::directory_iterator(dir)) child_id = entry.path().stem().string();
  EXPECT_NE(child_id.find(std::to_string(child)), std::string::npos);
  EXPECT_TRUE(workerAlive(dir, child_id));
  ::kill(child, SIGKILL);  // no destructor runs: the file stays, the lock goes
  ::waitpid(child, nullptr, 0);
  EXPECT_TRUE(fs::exists(dir / (child_id + ".lock")));
  EXPECT_FALSE(workerAlive(dir, child_id));
  ::close(ready[0]);
  ::close(ready[1]);
  fs::remove_all(dir);
}
