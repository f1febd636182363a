#include "core/sweep/job_table.h"

#include <chrono>
#include <map>
#include <stdexcept>

#include "core/util/errors.h"
#include "core/util/sqlite_db.h"

namespace fovea::sweep {
namespace {

constexpr int kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  stage INTEGER NOT NULL,
  run TEXT NOT NULL,
  first_cell INTEGER NOT NULL,
  end_cell INTEGER NOT NULL,
  work_ms INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  reason TEXT NOT NULL,
  worker TEXT NOT NULL,
  seconds REAL NOT NULL,
  updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, stage, position);
)sql";

const std::vector<std::pair<JobState, const char*>> kStates = {
    {JobState::Pending, "pending"},     {JobState::Running, "running"},
    {JobState::Submitted, "submitted"}, {JobState::Done, "done"},
    {JobState::Failed, "failed"},       {JobState::Skipped, "skipped"}};

JobState parseState(const std::string& text) {
  for (const auto& [state, name] : kStates) {
    if (text == name) return state;
  }
  throw std::runtime_error("unknown job state '" + text + "'");
}

double now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

constexpr const char* kColumns =
    "id, kind, stage, run, first_cell, end_cell, work_ms, fingerprint, state, attempts, reason, "
    "worker, seconds";

JobRecord readRecord(const SqliteStatement& row) {
  JobRecord r;
  r.job.id = row.text(0);
  r.job.kind = parseJobKind(row.text(1));
  r.job.stage = static_cast<int>(row.integer(2));
  r.job.run = row.text(3);
  r.job.first_cell = static_cast<std::size_t>(row.integer(4));
  r.job.end_cell = static_cast<std::size_t>(row.integer(5));
  r.job.work_ms = row.integer(6);
  r.job.fingerprint = row.text(7);
  r.state = parseState(row.text(8));
  r.attempts = static_cast<int>(row.integer(9));
  r.reason = row.text(10);
  r.worker = row.text(11);
  r.seconds = row.real(12);
  return r;
}

// The earliest stage with a job that is neither done nor skipped (-1: none).
std::int64_t openStage(const SqliteDb& db) {
  SqliteStatement q(db, "SELECT MIN(stage) FROM jobs WHERE state NOT IN ('done', 'skipped')");
  q.step();
  return q.isNull(0) ? -1 : q.integer(0);
}

}  // namespace

std::string toString(JobState state) {
  for (const auto& [s, name] : kStates) {
    if (s == state) return name;
  }
  return "?";
}

JobTable::JobTable(const std::filesystem::path& path) : path_(path) {
  try {
    db_ = std::make_unique<SqliteDb>(path);
    db_->exec(kSchema);
    SqliteStatement version(*db_, "SELECT value FROM meta WHERE key = 'schema'");
    if (!version.step()) {
      db_->exec("INSERT OR IGNORE INTO meta VALUES ('schema', '" + std::to_string(kSchemaVersion) +
                "');");
    } else if (version.text(0) != std::to_string(kSchemaVersion)) {
      throw InputError(path.string() + ": a sweep job table of schema " + version.text(0) +
                       ", this Fovea reads " + std::to_string(kSchemaVersion));
    }
  } catch (const SqliteError& error) {
    throw InputError(path.string() + ": cannot use the sweep's job table: " +
                     sqliteCause(error.code, error.system_errno));
  }
}

JobTable::~JobTable() = default;

SyncResult JobTable::sync(const SweepPlan& plan, bool retry_failed) {
  SyncResult result;
  db_->transaction([&] {
    std::map<std::string, std::string> known;  // id -> fingerprint
    {
      SqliteStatement q(*db_, "SELECT id, fingerprint FROM jobs");
      while (q.step()) known[q.text(0)] = q.text(1);
    }
    SqliteStatement insert(*db_,
                           "INSERT INTO jobs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                           "'pending', 0, '', '', 0, ?10)");
    // A job someone is running keeps its row: its fingerprint changes once it has ended, and
    // the next sync runs it again. A job the selection skipped stays skipped until the
    // selection runs again: a change to scoring alone must not score the runs it left out.
    SqliteStatement update(*db_,
                           "UPDATE jobs SET fingerprint = ?3, attempts = 0, "
                           "state = CASE state WHEN 'skipped' THEN 'skipped' ELSE 'pending' END, "
                           "reason = CASE state WHEN 'skipped' THEN reason ELSE 'the spec changed' "
                           "END WHERE id = ?1 AND fingerprint != ?3 AND "
                           "state NOT IN ('running', 'submitted')");
    // Stages are renumbered too: a table written before a stage was added keeps the order.
    SqliteStatement reposition(*db_, "UPDATE jobs SET position = ?2, stage = ?3 WHERE id = ?1");
    std::int64_t position = 0;
    for (const auto& job : plan.jobs) {
      const auto found = known.find(job.id);
      if (found == known.end()) {
        insert.bind(1, job.id)
            .bind(2, position)
            .bind(3, toString(job.kind))
            .bind(4, static_cast<std::int64_t>(job.stage))
            .bind(5, job.run)
            .bind(6, static_cast<std::int64_t>(job.first_cell))
            .bind(7, static_cast<std::int64_t>(job.end_cell))
            .bind(8, job.work_ms)
            .bind(9, job.fingerprint)
            .bind(10, now());
        insert.step();
        insert.reset();
        ++result.added;
      } else {
        update.bind(1, job.id).bind(3, job.fingerprint);
        update.step();
        result.changed += static_cast<std::size_t>(db_->changes());
        update.reset();
        reposition.bind(1, job.id).bind(2, position).bind(3, static_cast<std::int64_t>(job.stage));
        reposition.step();
        reposition.reset();
        known.erase(found);
      }
      ++position;
    }
    SqliteStatement remove(
        *db_, "DELETE FROM jobs WHERE id = ?1 AND state NOT IN ('running', 'submitted')");
    for (const auto& [id, fingerprint] : known) {
      remove.bind(1, id);
      remove.step();
      result.removed += static_cast<std::size_t>(db_->changes());
      remove.reset();
    }
    // A measure job added after the selection ran (a [psychophysics] section new to the spec)
    // follows it as the run's score jobs did: a run whose scoring was skipped is not measured.
    db_->exec(
        "UPDATE jobs SET state = 'skipped', reason = 'not selected by the learning-rate rule' "
        "WHERE kind = 'measure' AND state = 'pending' AND attempts = 0 AND EXISTS (SELECT 1 "
        "FROM jobs s WHERE s.kind = 'select' AND s.state = 'done') AND NOT EXISTS (SELECT 1 "
        "FROM jobs c WHERE c.kind = 'score' AND c.run = jobs.run AND c.state != 'skipped')");
    if (retry_failed) {
      db_->exec(
          "UPDATE jobs SET state = 'pending', attempts = 0, reason = 'retried: ' || reason "
          "WHERE state = 'failed'");
      result.retried = static_cast<std::size_t>(db_->changes());
    }
  });
  return result;
}

std::optional<SweepJob> JobTable::claim(const std::string& worker) {
  std::optional<SweepJob> claimed;
  db_->transaction([&] {
    const std::int64_t stage = openStage(*db_);
    if (stage < 0) return;
    SqliteStatement next(*db_, std::string("SELECT ") + kColumns +
                                   " FROM jobs WHERE state = 'pending' AND stage = ?1 "
                                   "ORDER BY position LIMIT 1");
    next.bind(1, stage);
    if (!next.step()) return;
    claimed = readRecord(next).job;
    SqliteStatement take(*db_,
                         "UPDATE jobs SET state = 'running', worker = ?2, attempts = attempts + "
                         "1, updated = ?3 WHERE id = ?1");
    take.bind(1, claimed->id).bind(2, worker).bind(3, now());
    take.step();
  });
  return claimed;
}

void JobTable::submit(const std::vector<std::string>& ids, const std::string& worker_prefix) {
  db_->transaction([&] {
    SqliteStatement mark(*db_,
                         "UPDATE jobs SET state = 'submitted', worker = ?2, attempts = attempts "
                         "+ 1, updated = ?3 WHERE id = ?1 AND state = 'pending'");
    for (std::size_t i = 0; i < ids.size(); ++i) {
      mark.bind(1, ids[i]).bind(2, worker_prefix + "_" + std::to_string(i)).bind(3, now());
      mark.step();
      mark.reset();
    }
  });
}

bool JobTable::finish(const std::string& id, const std::string& worker, bool ok,
                      const std::string& reason, double seconds, int max_attempts) {
  // Only the holder ends a job: one put back (its worker taken for dead) and claimed again is
  // the new holder's.
  SqliteStatement end(*db_,
                      "UPDATE jobs SET state = CASE WHEN ?2 THEN 'done' WHEN attempts < ?5 THEN "
                      "'pending' ELSE 'failed' END, reason = ?3, seconds = ?4, updated = ?6 "
                      "WHERE id = ?1 AND worker = ?7 AND state IN ('running', 'submitted')");
  end.bind(1, id)
      .bind(2, static_cast<std::int64_t>(ok ? 1 : 0))
      .bind(3, reason)
      .bind(4, seconds)
      .bind(5, static_cast<std::int64_t>(max_attempts))
      .bind(6, now())
      .bind(7, worker);
  end.step();
  return db_->changes() > 0;
}

bool JobTable::release(const std::string& id, const std::string& worker,
                       const std::string& reason) {
  SqliteStatement back(*db_,
                       "UPDATE jobs SET state = 'pending', attempts = MAX(0, attempts - 1), "
                       "reason = ?2, updated = ?3 WHERE id = ?1 AND worker = ?4 AND state IN "
                       "('running', 'submitted')");
  back.bind(1, id).bind(2, reason).bind(3, now()).bind(4, worker);
  back.step();
  return db_->changes() > 0;
}

void JobTable::applySelection(const std::vector<std::string>& selected) {
  db_->transaction([&] {
    db_->exec(
        "UPDATE jobs SET state = 'skipped', reason = 'not selected by the learning-rate rule' "
        "WHERE kind IN ('score', 'measure') AND state = 'pending'");
    SqliteStatement keep(*db_,
                         "UPDATE jobs SET state = 'pending', reason = '' WHERE kind IN ('score', "
                         "'measure') AND run = ?1 AND state = 'skipped'");
    for (const auto& run : selected) {
      keep.bind(1, run);
      keep.step();
      keep.reset();
    }
  });
}

std::size_t JobTable::recover(const std::function<bool(const std::string& worker)>& alive,
                              int max_attempts) {
  std::vector<JobRecord> running;
  {
    SqliteStatement q(*db_, std::string("SELECT ") + kColumns +
                                " FROM jobs WHERE state = 'running' ORDER BY position");
    while (q.step()) {
      auto r = readRecord(q);
      if (!alive(r.worker)) running.push_back(r);
    }
  }
  std::size_t recovered = 0;
  SqliteStatement back(*db_,
                       "UPDATE jobs SET state = CASE WHEN attempts < ?3 THEN 'pending' ELSE "
                       "'failed' END, reason = ?4, updated = ?5 WHERE id = ?1 AND state = "
                       "'running' AND worker = ?2");
  for (const auto& r : running) {
    back.bind(1, r.job.id)
        .bind(2, r.worker)
        .bind(3, static_cast<std::int64_t>(max_attempts))
        .bind(4, "worker " + r.worker + " ended during attempt " + std::to_string(r.attempts))
        .bind(5, now());
    back.step();
    recovered += static_cast<std::size_t>(db_->changes());
    back.reset();
  }
  return recovered;
}

std::vector<JobRecord> JobTable::jobs() const {
  SqliteStatement q(*db_, std::string("SELECT ") + kColumns + " FROM jobs ORDER BY position");
  std::vector<JobRecord> out;
  while (q.step()) out.push_back(readRecord(q));
  return out;
}

std::optional<JobRecord> JobTable::find(const std::string& id) const {
  SqliteStatement q(*db_, std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return readRecord(q);
}

std::vector<StageCounts> JobTable::counts() const {
  std::map<int, StageCounts> by_stage;
  for (const auto& r : jobs()) {
    auto& c = by_stage[r.job.stage];
    c.stage = toString(r.job.kind);
    switch (r.state) {
      case JobState::Pending: ++c.pending; break;
      case JobState::Running: ++c.running; break;
      case JobState::Submitted: ++c.submitted; break;
      case JobState::Done: ++c.done; break;
      case JobState::Failed: ++c.failed; break;
      case JobState::Skipped: ++c.skipped; break;
    }
  }
  std::vector<StageCounts> out;
  for (auto& [stage, c] : by_stage) out.push_back(c);
  return out;
}

bool JobTable::settled() const {
  SqliteStatement q(*db_,
                    "SELECT COUNT(*) FROM jobs WHERE state IN ('pending', 'running', "
                    "'submitted')");
  q.step();
  return q.integer(0) == 0;
}

std::vector<std::string> JobTable::claimable() const {
  std::vector<std::string> out;
  const std::int64_t stage = openStage(*db_);
  if (stage < 0) return out;
  SqliteStatement q(*db_,
                    "SELECT id FROM jobs WHERE state = 'pending' AND stage = ?1 ORDER BY "
                    "position");
  q.bind(1, stage);
  while (q.step()) out.push_back(q.text(0));
  return out;
}

}  // namespace fovea::sweep
