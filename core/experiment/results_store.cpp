#include "core/experiment/results_store.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "core/util/errors.h"
#include "core/util/sqlite_db.h"

namespace fovea::experiment {

namespace {

// PRAGMA user_version of the results database; 0 is the layout before versions.
constexpr std::int64_t kResultsSchema = 1;

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
CREATE TABLE IF NOT EXISTS time_course (
  run TEXT NOT NULL,
  flanker_type INTEGER NOT NULL,
  target_ecc_px REAL NOT NULL,
  flanker_ecc_px REAL NOT NULL,
  presentation TEXT NOT NULL,
  step INTEGER NOT NULL,
  images INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  checkpoint_crc32 TEXT,
  PRIMARY KEY (run, flanker_type, target_ecc_px, flanker_ecc_px, presentation, step)
);
CREATE TABLE IF NOT EXISTS attention_time_course (
  run TEXT NOT NULL,
  measure TEXT NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  presentation TEXT NOT NULL,
  step INTEGER NOT NULL,
  images INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  checkpoint_crc32 TEXT,
  PRIMARY KEY (run, measure, x, y, presentation, step)
);
CREATE TABLE IF NOT EXISTS thresholds (
  run TEXT NOT NULL,
  condition TEXT NOT NULL,
  ecc_deg REAL NOT NULL,
  baseline REAL,
  threshold REAL,
  low REAL,
  high REAL,
  threshold_deg REAL,
  low_deg REAL,
  high_deg REAL,
  trials INTEGER NOT NULL,
  refusal TEXT,
  checkpoint_crc32 TEXT,
  PRIMARY KEY (run, condition, ecc_deg)
);
CREATE TABLE IF NOT EXISTS threshold_lines (
  run TEXT NOT NULL,
  condition TEXT NOT NULL,
  slope REAL,
  slope_low REAL,
  slope_high REAL,
  intercept REAL,
  intercept_low REAL,
  intercept_high REAL,
  refusal TEXT,
  checkpoint_crc32 TEXT,
  settings TEXT,
  PRIMARY KEY (run, condition)
);
)sql";

// Tables whose rows belong to one run and one checkpoint of it.
constexpr const char* kRunTables[] = {
    "accuracy",   "attention",      "saccades", "time_course", "attention_time_course",
    "thresholds", "threshold_lines"};

// One row per step of each presentation of a cell: (run, key 1..3, presentation, step, images,
// correct, checkpoint), as both time-course tables hold them.
template <typename Key>
void insertSteps(SqliteStatement& insert, const std::string& run, const Key& key,
                 const std::vector<eval::StepCounts>& over_time, std::int64_t images,
                 const std::string& checkpoint_crc32) {
  for (const auto& counts : over_time) {
    for (std::size_t t = 0; t < counts.correct.size(); ++t) {
      insert.bind(1, run)
          .bind(2, std::get<0>(key))
          .bind(3, std::get<1>(key))
          .bind(4, std::get<2>(key))
          .bind(5, counts.presentation)
          .bind(6, static_cast<std::int64_t>(t))
          .bind(7, images)
          .bind(8, counts.correct[t])
          .bind(9, checkpoint_crc32);
      insert.step();
      insert.reset();
    }
  }
}

// A recurrent run's correct answers per step of each presentation, beside its cells.
void putTimeCourse(SqliteDb& db, const std::string& run,
                   const std::vector<eval::ConditionResult>& results,
                   const std::string& checkpoint_crc32) {
  SqliteStatement insert(db,
                         "INSERT OR REPLACE INTO time_course VALUES "
                         "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const auto& r : results) {
    const auto& c = r.condition;
    insertSteps(insert, run,
                std::make_tuple(static_cast<std::int64_t>(c.flanker_type), c.target_ecc_px,
                                c.flanker_ecc_px),
                r.over_time, r.images, checkpoint_crc32);
  }
}

// The attention task's cells step by step; a cell scored again keeps no steps from before.
void putAttentionTimeCourse(SqliteDb& db, const std::string& run,
                            const std::vector<eval::AttentionResult>& results,
                            const std::string& checkpoint_crc32) {
  SqliteStatement clear(db,
                        "DELETE FROM attention_time_course WHERE run = ?1 AND measure = ?2 AND "
                        "x = ?3 AND y = ?4");
  SqliteStatement insert(db,
                         "INSERT OR REPLACE INTO attention_time_course VALUES "
                         "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const auto& r : results) {
    const auto measure = eval::toString(r.cell.measure);
    clear.bind(1, run).bind(2, measure).bind(3, r.cell.x).bind(4, r.cell.y);
    clear.step();
    clear.reset();
    insertSteps(insert, run, std::make_tuple(measure, r.cell.x, r.cell.y), r.over_time, r.images,
                checkpoint_crc32);
  }
}

}  // namespace

ResultsStore::ResultsStore(const std::filesystem::path& path) : path_(path) {
  try {
    db_ = std::make_unique<SqliteDb>(path);
    checkSchema();
  } catch (const SqliteError& error) {
    throw InputError(path.string() + ": cannot use the results database: " +
                     sqliteCause(error.code, error.system_errno));
  }
}

void ResultsStore::checkSchema() {
  SqliteStatement version(*db_, "PRAGMA user_version");
  version.step();
  const auto found = version.integer(0);
  if (found > kResultsSchema) {
    throw InputError(path_.string() + ": a results database of schema " + std::to_string(found) +
                     ", written by a newer Fovea (this one reads up to " +
                     std::to_string(kResultsSchema) + ")");
  }
  std::set<std::string> tables;
  {
    SqliteStatement list(*db_, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (list.step()) tables.insert(list.text(0));
  }
  // Another program's database is left alone rather than given Fovea's tables.
  if (!tables.empty() && !tables.count("runs")) {
    throw InputError(path_.string() + ": an SQLite database of something else (tables: " +
                     *tables.begin() + ", ...), not Fovea's results");
  }
  db_->exec(kSchema);
  // Schema 0 (before versions): cells were not keyed by their checkpoint in the oldest; such
  // cells count as scored with no known checkpoint and are scored again.
  bool keyed = false;
  {
    SqliteStatement columns(*db_, "PRAGMA table_info(accuracy)");
    while (columns.step()) keyed = keyed || columns.text(1) == "checkpoint_crc32";
  }
  if (!keyed) db_->exec("ALTER TABLE accuracy ADD COLUMN checkpoint_crc32 TEXT;");
  if (found < kResultsSchema) {
    db_->exec("PRAGMA user_version = " + std::to_string(kResultsSchema) + ";");
  }
}

ResultsStore::~ResultsStore() = default;

void ResultsStore::putRun(const RunRecord& r) {
  SqliteStatement insert(*db_,
                         "INSERT OR REPLACE INTO runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
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
  db_->transaction([&] {
    SqliteStatement insert(*db_,
                           "INSERT OR REPLACE INTO accuracy (run, flanker_type, target_ecc_px, "
                           "flanker_ecc_px, configuration, spacing_px, images, correct, accuracy, "
                           "valid, reason, checkpoint_crc32) VALUES "
                           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
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
    putTimeCourse(*db_, run, results, checkpoint_crc32);
  });
}

void ResultsStore::putAttention(const std::string& run,
                                const std::vector<eval::AttentionResult>& results,
                                const std::string& checkpoint_crc32) {
  db_->transaction([&] {
    SqliteStatement insert(*db_,
                           "INSERT OR REPLACE INTO attention VALUES "
                           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    SqliteStatement clear(
        *db_, "DELETE FROM saccades WHERE run = ?1 AND measure = ?2 AND x = ?3 AND y = ?4");
    SqliteStatement saccade(
        *db_, "INSERT OR REPLACE INTO saccades VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
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
    putAttentionTimeCourse(*db_, run, results, checkpoint_crc32);
  });
}

std::vector<AttentionRecord> ResultsStore::attention(const std::string& run) const {
  SqliteStatement select(
      *db_,
      "SELECT run, measure, x, y, images, correct, accuracy, valid, reason, scale_x, "
      "scale_y, shear, landing_error_px, IFNULL(checkpoint_crc32, '') FROM attention "
      "WHERE ?1 = '' OR run = ?1 ORDER BY run, measure, y, x");
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
  SqliteStatement steps(
      *db_,
      "SELECT run, measure, x, y, saccades, correct, landing_error_px, moved "
      "FROM saccades WHERE ?1 = '' OR run = ?1 ORDER BY run, measure, y, x, saccades");
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
  SqliteStatement over_time(*db_,
                            "SELECT run, measure, x, y, presentation, step, correct FROM "
                            "attention_time_course WHERE ?1 = '' OR run = ?1 "
                            "ORDER BY run, measure, y, x, rowid");  // as written: its own first
  over_time.bind(1, run);
  while (over_time.step()) {
    const auto found =
        by_cell.find({over_time.text(0), over_time.text(1), over_time.real(2), over_time.real(3)});
    if (found == by_cell.end()) continue;
    auto& courses = found->second->result.over_time;
    const auto presentation = over_time.text(4);
    if (courses.empty() || courses.back().presentation != presentation) {
      courses.push_back({presentation, {}});
    }
    const auto step =
        static_cast<std::size_t>(std::clamp<std::int64_t>(over_time.integer(5), 0, 4096));
    auto& correct = courses.back().correct;
    if (correct.size() <= step) correct.resize(step + 1, 0);
    correct[step] = over_time.integer(6);
  }
  return out;
}

std::vector<RunRecord> ResultsStore::runs() const {
  SqliteStatement select(*db_, "SELECT * FROM runs ORDER BY run");
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
  SqliteStatement select(*db_,
                         "SELECT run, flanker_type, target_ecc_px, flanker_ecc_px, configuration, "
                         "spacing_px, images, correct, accuracy, valid, reason, "
                         "IFNULL(checkpoint_crc32, '') FROM accuracy WHERE ?1 = '' OR run = ?1 "
                         "ORDER BY run, flanker_type, target_ecc_px, flanker_ecc_px");
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
  for (const char* table : kRunTables) {
    SqliteStatement remove(*db_, std::string("DELETE FROM ") + table +
                                     " WHERE run = ?1 AND IFNULL(checkpoint_crc32, '') != ?2");
    remove.bind(1, run).bind(2, checkpoint_crc32);
    remove.step();
    // Cells, not the rows of their steps.
    if (std::string(table) == "accuracy" || std::string(table) == "attention") {
      removed += static_cast<std::size_t>(db_->changes());
    }
  }
  return removed;
}

void ResultsStore::removeRun(const std::string& run) {
  db_->transaction([&] {
    for (const char* table : kRunTables) {
      SqliteStatement cells(*db_, std::string("DELETE FROM ") + table + " WHERE run = ?1");
      cells.bind(1, run);
      cells.step();
    }
    SqliteStatement record(*db_, "DELETE FROM runs WHERE run = ?1");
    record.bind(1, run);
    record.step();
  });
}

std::vector<TimeCourseRecord> ResultsStore::timeCourse(const std::string& run) const {
  SqliteStatement select(*db_,
                         "SELECT run, flanker_type, target_ecc_px, flanker_ecc_px, presentation, "
                         "step, images, correct FROM time_course WHERE ?1 = '' OR run = ?1 "
                         "ORDER BY run, flanker_type, target_ecc_px, flanker_ecc_px, "
                         "rowid");  // as written: each cell's own presentation first
  select.bind(1, run);
  std::vector<TimeCourseRecord> out;
  while (select.step()) {
    TimeCourseRecord r;
    r.run = select.text(0);
    r.condition.flanker_type = static_cast<int>(select.integer(1));
    r.condition.target_ecc_px = select.real(2);
    r.condition.flanker_ecc_px = select.real(3);
    r.presentation = select.text(4);
    r.step = static_cast<int>(select.integer(5));
    r.images = select.integer(6);
    r.correct = select.integer(7);
    out.push_back(std::move(r));
  }
  return out;
}

std::size_t ResultsStore::accuracyCount(const std::string& run) const {
  SqliteStatement count(*db_, "SELECT COUNT(*) FROM accuracy WHERE run = ?1");
  count.bind(1, run);
  count.step();
  return static_cast<std::size_t>(count.integer(0));
}

std::size_t ResultsStore::merge(const std::filesystem::path& shard) {
  if (!std::filesystem::is_regular_file(shard)) {
    throw InputError(shard.string() + ": no such results shard");
  }
  { ResultsStore check(shard); }  // a foreign or corrupt file is refused before attaching it
  SqliteStatement attach(*db_, "ATTACH DATABASE ?1 AS shard");
  attach.bind(1, shard.string());
  attach.step();
  std::size_t rows = 0;
  try {
    db_->transaction([&] {
      db_->exec(
          "DELETE FROM accuracy WHERE EXISTS (SELECT 1 FROM shard.runs s WHERE s.run = "
          "accuracy.run AND IFNULL(s.checkpoint_crc32, '') != IFNULL(accuracy.checkpoint_crc32, "
          "''));"
          "DELETE FROM attention WHERE EXISTS (SELECT 1 FROM shard.runs s WHERE s.run = "
          "attention.run AND IFNULL(s.checkpoint_crc32, '') != "
          "IFNULL(attention.checkpoint_crc32, ''));"
          "DELETE FROM saccades WHERE EXISTS (SELECT 1 FROM shard.attention a WHERE a.run = "
          "saccades.run AND a.measure = saccades.measure AND a.x = saccades.x AND a.y = "
          "saccades.y);"
          "DELETE FROM time_course WHERE EXISTS (SELECT 1 FROM shard.runs s WHERE s.run = "
          "time_course.run AND IFNULL(s.checkpoint_crc32, '') != "
          "IFNULL(time_course.checkpoint_crc32, ''));"
          "DELETE FROM attention_time_course WHERE EXISTS (SELECT 1 FROM shard.attention a "
          "WHERE a.run = attention_time_course.run AND a.measure = attention_time_course.measure "
          "AND a.x = attention_time_course.x AND a.y = attention_time_course.y);"
          "DELETE FROM attention_time_course WHERE EXISTS (SELECT 1 FROM shard.runs s WHERE "
          "s.run = attention_time_course.run AND IFNULL(s.checkpoint_crc32, '') != "
          "IFNULL(attention_time_course.checkpoint_crc32, ''));");
      // A condition the shard measured replaces all of that condition's points, as
      // putThresholds does: points at eccentricities it no longer has go.
      db_->exec(
          "DELETE FROM thresholds WHERE EXISTS (SELECT 1 FROM shard.threshold_lines l WHERE "
          "l.run = thresholds.run AND l.condition = thresholds.condition);");
      for (const char* table : {"thresholds", "threshold_lines"}) {
        db_->exec(std::string("DELETE FROM ") + table +
                  " WHERE EXISTS (SELECT 1 FROM shard.runs s WHERE s.run = " + table +
                  ".run AND IFNULL(s.checkpoint_crc32, '') != IFNULL(" + table +
                  ".checkpoint_crc32, ''));");
      }
      for (const char* table : {"runs", "accuracy", "attention", "saccades", "time_course",
                                "attention_time_course", "thresholds", "threshold_lines"}) {
        db_->exec(std::string("INSERT OR REPLACE INTO main.") + table + " SELECT * FROM shard." +
                  table + ";");
        rows += static_cast<std::size_t>(db_->changes());
      }
    });
  } catch (...) {
    db_->exec("DETACH DATABASE shard;");
    throw;
  }
  db_->exec("DETACH DATABASE shard;");
  return rows;
}

std::string ResultsStore::integrityCheck() const {
  SqliteStatement check(*db_, "PRAGMA integrity_check");
  std::string result;
  while (check.step()) result += (result.empty() ? "" : "; ") + check.text(0);
  return result;
}

}  // namespace fovea::experiment
