#include "core/experiment/results_store.h"

#include <sqlite3.h>

#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "core/util/errors.h"

namespace fovea::experiment {

struct ResultsStore::Db {
  sqlite3* handle = nullptr;
  std::filesystem::path path;

  ~Db() { sqlite3_close(handle); }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(path.string() + ": " + what + ": " + sqlite3_errmsg(handle));
  }

  void exec(const std::string& sql) const {
    char* message = nullptr;
    if (sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : "?";
      sqlite3_free(message);
      throw std::runtime_error(path.string() + ": " + text + " (in: " + sql.substr(0, 60) + ")");
    }
  }
};

namespace {

// A prepared statement that finalises itself.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql, const std::filesystem::path& path)
      : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(path.string() + ": " + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), -1, SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, double v) {
    if (std::isnan(v)) {
      sqlite3_bind_null(stmt_, i);
    } else {
      sqlite3_bind_double(stmt_, i, v);
    }
    return *this;
  }
  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(path_.string() + ": " + sqlite3_errmsg(db_));
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int i) const {
    const auto* p = sqlite3_column_text(stmt_, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  double real(int i) const {
    return sqlite3_column_type(stmt_, i) == SQLITE_NULL ? std::nan("")
                                                        : sqlite3_column_double(stmt_, i);
  }
  std::int64_t integer(int i) const { return sqlite3_column_int64(stmt_, i); }

 private:
  sqlite3* db_;
  std::filesystem::path path_;
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  learning_rate REAL NOT NULL,
  steps INTEGER NOT NULL,
  final_loss REAL,
  last_logged_loss REAL,
  checkpoint TEXT,
  checkpoint_crc32 TEXT,
  train_seconds REAL
);
CREATE TABLE IF NOT EXISTS accuracy (
  run TEXT NOT NULL,
  flanker_type INTEGER NOT NULL,
  target_ecc_px REAL NOT NULL,
  flanker_ecc_px REAL NOT NULL,
  configuration TEXT NOT NULL,
  spacing_px REAL,
  images INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  accuracy REAL,
  valid INTEGER NOT NULL,
  reason TEXT,
  checkpoint_crc32 TEXT,
  PRIMARY KEY (run, flanker_type, target_ecc_px, flanker_ecc_px)
);
CREATE TABLE IF NOT EXISTS attention (
  run TEXT NOT NULL,
  measure TEXT NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  images INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  accuracy REAL,
  valid INTEGER NOT NULL,
  reason TEXT,
  scale_x REAL,
  scale_y REAL,
  shear REAL,
  landing_error_px REAL,
  checkpoint_crc32 TEXT,
  PRIMARY KEY (run, measure, x, y)
);
CREATE TABLE IF NOT EXISTS saccades (
  run TEXT NOT NULL,
  measure TEXT NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  saccades INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  landing_error_px REAL,
  moved REAL,
  checkpoint_crc32 TEXT,
  PRIMARY KEY (run, measure, x, y, saccades)
);
)sql";

}  // namespace

ResultsStore::ResultsStore(const std::filesystem::path& path)
    : path_(path), db_(std::make_unique<Db>()) {
  db_->path = path;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  if (sqlite3_open_v2(path.c_str(), &db_->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    db_->fail("cannot open the results database");
  }
  sqlite3_busy_timeout(db_->handle, 30000);  // concurrent workers wait for each other
  try {
    db_->exec("PRAGMA journal_mode=WAL;");
    db_->exec(kSchema);
    // Databases written before cells were keyed by their checkpoint lack the column; their
    // cells then count as scored with no known checkpoint and are scored again.
    bool keyed = false;
    {
      Statement columns(db_->handle, "PRAGMA table_info(accuracy)", path_);
      while (columns.step()) keyed = keyed || columns.text(1) == "checkpoint_crc32";
    }
    if (!keyed) db_->exec("ALTER TABLE accuracy ADD COLUMN checkpoint_crc32 TEXT;");
  } catch (const std::runtime_error& error) {
    throw InputError(std::string(error.what()) + " (not a Fovea results database?)");
  }
}

ResultsStore::~ResultsStore() = default;

void ResultsStore::putRun(const RunRecord& r) {
  Statement insert(db_->handle,
                   "INSERT OR REPLACE INTO runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                   path_);
  insert.bind(1, r.run)
      .bind(2, r.model)
      .bind(3, r.learning_rate)
      .bind(4, r.steps)
      .bind(5, r.final_loss)
      .bind(6, r.last_logged_loss)
      .bind(7, r.checkpoint)
      .bind(8, r.checkpoint_crc32)
      .bind(9, r.train_seconds);
  insert.step();
}

void ResultsStore::putAccuracy(const std::string& run,
                               const std::vector<eval::ConditionResult>& results,
                               const std::string& checkpoint_crc32) {
  db_->exec("BEGIN IMMEDIATE;");
  try {
    Statement insert(db_->handle,
                     "INSERT OR REPLACE INTO accuracy (run, flanker_type, target_ecc_px, "
                     "flanker_ecc_px, configuration, spacing_px, images, correct, accuracy, "
                     "valid, reason, checkpoint_crc32) VALUES "
                     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                     path_);
    for (const auto& r : results) {
      insert.bind(1, run)
          .bind(2, static_cast<std::int64_t>(r.condition.flanker_type))
          .bind(3, r.condition.target_ecc_px)
          .bind(4, r.condition.flanker_ecc_px)
          .bind(5, r.configuration)
          .bind(6, r.spacing_px)
          .bind(7, r.images)
          .bind(8, r.correct)
          .bind(9, r.valid ? r.accuracy : std::nan(""))
          .bind(10, static_cast<std::int64_t>(r.valid ? 1 : 0))
          .bind(11, r.reason)
          .bind(12, checkpoint_crc32);
      insert.step();
      insert.reset();
    }
    db_->exec("COMMIT;");
  } catch (...) {
    sqlite3_exec(db_->handle, "ROLLBACK;", nullptr, nullptr, nullptr);
    throw;
  }
}

void ResultsStore::putAttention(const std::string& run,
                                const std::vector<eval::AttentionResult>& results,
                                const std::string& checkpoint_crc32) {
  db_->exec("BEGIN IMMEDIATE;");
  try {
    Statement insert(db_->handle,
                     "INSERT OR REPLACE INTO attention VALUES "
                     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                     path_);
    Statement clear(db_->handle,
                    "DELETE FROM saccades WHERE run = ?1 AND measure = ?2 AND x = ?3 AND y = ?4",
                    path_);
    Statement saccade(db_->handle,
                      "INSERT OR REPLACE INTO saccades VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                      path_);
    for (const auto& r : results) {
      const auto& t = r.transform;
      const double none = std::nan("");
      insert.bind(1, run)
          .bind(2, eval::toString(r.cell.measure))
          .bind(3, r.cell.x)
          .bind(4, r.cell.y)
          .bind(5, r.images)
          .bind(6, r.correct)
          .bind(7, r.valid ? r.accuracy : none)
          .bind(8, static_cast<std::int64_t>(r.valid ? 1 : 0))
          .bind(9, r.reason)
          .bind(10, t.present ? t.scale_x : none)
          .bind(11, t.present ? t.scale_y : none)
          .bind(12, t.present ? t.shear : none)
          .bind(13, t.present ? t.landing_error_px : none)
          .bind(14, checkpoint_crc32);
      insert.step();
      insert.reset();
      // A cell scored again keeps no saccade rows from before.
      clear.bind(1, run)
          .bind(2, eval::toString(r.cell.measure))
          .bind(3, r.cell.x)
          .bind(4, r.cell.y);
      clear.step();
      clear.reset();
      for (const auto& step : r.saccades) {
        saccade.bind(1, run)
            .bind(2, eval::toString(r.cell.measure))
            .bind(3, r.cell.x)
            .bind(4, r.cell.y)
            .bind(5, static_cast<std::int64_t>(step.saccades))
            .bind(6, step.correct)
            .bind(7, step.landing_error_px)
            .bind(8, step.moved)
            .bind(9, checkpoint_crc32);
        saccade.step();
        saccade.reset();
      }
    }
    db_->exec("COMMIT;");
  } catch (...) {
    sqlite3_exec(db_->handle, "ROLLBACK;", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<AttentionRecord> ResultsStore::attention(const std::string& run) const {
  Statement select(db_->handle,
                   "SELECT run, measure, x, y, images, correct, accuracy, valid, reason, scale_x, "
                   "scale_y, shear, landing_error_px, IFNULL(checkpoint_crc32, '') FROM attention "
                   "WHERE ?1 = '' OR run = ?1 ORDER BY run, measure, y, x",
                   path_);
  select.bind(1, run);
  std::vector<AttentionRecord> out;
  while (select.step()) {
    AttentionRecord a;
    a.run = select.text(0);
    auto& r = a.result;
    r.cell.measure = eval::parseMeasure(select.text(1));
    r.cell.x = select.real(2);
    r.cell.y = select.real(3);
    r.images = select.integer(4);
    r.correct = select.integer(5);
    r.accuracy = select.real(6);
    r.valid = select.integer(7) != 0;
    r.reason = select.text(8);
    r.transform.scale_x = select.real(9);
    r.transform.present = !std::isnan(r.transform.scale_x);
    r.transform.scale_y = select.real(10);
    r.transform.shear = select.real(11);
    r.transform.landing_error_px = select.real(12);
    a.checkpoint_crc32 = select.text(13);
    out.push_back(a);
  }
  Statement steps(db_->handle,
                  "SELECT run, measure, x, y, saccades, correct, landing_error_px, moved "
                  "FROM saccades WHERE ?1 = '' OR run = ?1 ORDER BY run, measure, y, x, saccades",
                  path_);
  steps.bind(1, run);
  std::map<std::tuple<std::string, std::string, double, double>, AttentionRecord*> by_cell;
  for (auto& a : out) {
    by_cell[{a.run, eval::toString(a.result.cell.measure), a.result.cell.x, a.result.cell.y}] = &a;
  }
  while (steps.step()) {
    const auto found = by_cell.find({steps.text(0), steps.text(1), steps.real(2), steps.real(3)});
    if (found == by_cell.end()) continue;
    eval::SaccadeStep step;
    step.saccades = static_cast<int>(steps.integer(4));
    step.correct = steps.integer(5);
    step.landing_error_px = steps.real(6);
    step.moved = steps.real(7);
    found->second->result.saccades.push_back(step);
  }
  return out;
}

std::vector<RunRecord> ResultsStore::runs() const {
  Statement select(db_->handle, "SELECT * FROM runs ORDER BY run", path_);
  std::vector<RunRecord> out;
  while (select.step()) {
    RunRecord r;
    r.run = select.text(0);
    r.model = select.text(1);
    r.learning_rate = select.real(2);
    r.steps = select.integer(3);
    r.final_loss = select.real(4);
    r.last_logged_loss = select.real(5);
    r.checkpoint = select.text(6);
    r.checkpoint_crc32 = select.text(7);
    r.train_seconds = select.real(8);
    out.push_back(r);
  }
  return out;
}

std::vector<AccuracyRecord> ResultsStore::accuracy(const std::string& run) const {
  Statement select(db_->handle,
                   "SELECT run, flanker_type, target_ecc_px, flanker_ecc_px, configuration, "
                   "spacing_px, images, correct, accuracy, valid, reason, "
                   "IFNULL(checkpoint_crc32, '') FROM accuracy WHERE ?1 = '' OR run = ?1 "
                   "ORDER BY run, flanker_type, target_ecc_px, flanker_ecc_px",
                   path_);
  select.bind(1, run);
  std::vector<AccuracyRecord> out;
  while (select.step()) {
    AccuracyRecord a;
    a.run = select.text(0);
    auto& r = a.result;
    r.condition.flanker_type = static_cast<int>(select.integer(1));
    r.condition.target_ecc_px = select.real(2);
    r.condition.flanker_ecc_px = select.real(3);
    r.configuration = select.text(4);
    r.spacing_px = select.real(5);
    r.images = select.integer(6);
    r.correct = select.integer(7);
    r.accuracy = select.real(8);
    r.valid = select.integer(9) != 0;
    r.reason = select.text(10);
    a.checkpoint_crc32 = select.text(11);
    out.push_back(a);
  }
  return out;
}

std::size_t ResultsStore::keepOnlyCheckpoint(const std::string& run,
                                             const std::string& checkpoint_crc32) {
  std::size_t removed = 0;
  for (const char* table : {"accuracy", "attention"}) {
    Statement remove(db_->handle,
                     std::string("DELETE FROM ") + table +
                         " WHERE run = ?1 AND IFNULL(checkpoint_crc32, '') != ?2",
                     path_);
    remove.bind(1, run).bind(2, checkpoint_crc32);
    remove.step();
    removed += static_cast<std::size_t>(sqlite3_changes(db_->handle));
  }
  Statement steps(db_->handle,
                  "DELETE FROM saccades WHERE run = ?1 AND IFNULL(checkpoint_crc32, '') != ?2",
                  path_);
  steps.bind(1, run).bind(2, checkpoint_crc32);
  steps.step();
  return removed;
}

void ResultsStore::removeRun(const std::string& run) {
  db_->exec("BEGIN IMMEDIATE;");
  try {
    for (const char* table : {"accuracy", "attention", "saccades"}) {
      Statement cells(db_->handle, std::string("DELETE FROM ") + table + " WHERE run = ?1", path_);
      cells.bind(1, run);
      cells.step();
    }
    Statement record(db_->handle, "DELETE FROM runs WHERE run = ?1", path_);
    record.bind(1, run);
    record.step();
    db_->exec("COMMIT;");
  } catch (...) {
    sqlite3_exec(db_->handle, "ROLLBACK;", nullptr, nullptr, nullptr);
    throw;
  }
}

std::size_t ResultsStore::accuracyCount(const std::string& run) const {
  Statement count(db_->handle, "SELECT COUNT(*) FROM accuracy WHERE run = ?1", path_);
  count.bind(1, run);
  count.step();
  return static_cast<std::size_t>(count.integer(0));
}

}  // namespace fovea::experiment
