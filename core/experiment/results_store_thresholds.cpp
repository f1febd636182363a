// The results database's thresholds of [psychophysics]: one row per run, condition and
// eccentricity, and one line per run and condition (NaN is stored as NULL and read back as NaN).
#include "core/experiment/results_store.h"
#include "core/util/sqlite_db.h"

namespace fovea::experiment {

void ResultsStore::putThresholds(const std::vector<ThresholdRecord>& points,
                                 const ThresholdLineRecord& line) {
  db_->transaction([&] {
    SqliteStatement clear(*db_, "DELETE FROM thresholds WHERE run = ?1 AND condition = ?2");
    clear.bind(1, line.run).bind(2, line.condition);
    clear.step();
    SqliteStatement insert(*db_,
                           "INSERT OR REPLACE INTO thresholds VALUES "
                           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    for (const auto& p : points) {
      insert.bind(1, p.run)
          .bind(2, p.condition)
          .bind(3, p.ecc_deg)
          .bind(4, p.baseline)
          .bind(5, p.threshold)
          .bind(6, p.low)
          .bind(7, p.high)
          .bind(8, p.threshold_deg)
          .bind(9, p.low_deg)
          .bind(10, p.high_deg)
          .bind(11, p.trials)
          .bind(12, p.refusal)
          .bind(13, p.checkpoint_crc32);
      insert.step();
      insert.reset();
    }
    SqliteStatement put_line(*db_,
                             "INSERT OR REPLACE INTO threshold_lines VALUES "
                             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    put_line.bind(1, line.run)
        .bind(2, line.condition)
        .bind(3, line.slope)
        .bind(4, line.slope_low)
        .bind(5, line.slope_high)
        .bind(6, line.intercept)
        .bind(7, line.intercept_low)
        .bind(8, line.intercept_high)
        .bind(9, line.refusal)
        .bind(10, line.checkpoint_crc32)
        .bind(11, line.settings);
    put_line.step();
  });
}

std::vector<ThresholdRecord> ResultsStore::thresholds(const std::string& run) const {
  SqliteStatement select(*db_,
                         "SELECT run, condition, ecc_deg, baseline, threshold, low, high, "
                         "threshold_deg, low_deg, high_deg, trials, refusal, checkpoint_crc32 "
                         "FROM thresholds WHERE ?1 = '' OR run = ?1 "
                         "ORDER BY run, condition, ecc_deg");
  select.bind(1, run);
  std::vector<ThresholdRecord> out;
  while (select.step()) {
    ThresholdRecord r;
    r.run = select.text(0);
    r.condition = select.text(1);
    r.ecc_deg = select.real(2);
    r.baseline = select.real(3);
    r.threshold = select.real(4);
    r.low = select.real(5);
    r.high = select.real(6);
    r.threshold_deg = select.real(7);
    r.low_deg = select.real(8);
    r.high_deg = select.real(9);
    r.trials = select.integer(10);
    r.refusal = select.text(11);
    r.checkpoint_crc32 = select.text(12);
    out.push_back(r);
  }
  return out;
}

std::vector<ThresholdLineRecord> ResultsStore::thresholdLines(const std::string& run) const {
  SqliteStatement select(*db_,
                         "SELECT run, condition, slope, slope_low, slope_high, intercept, "
                         "intercept_low, intercept_high, refusal, checkpoint_crc32, settings "
                         "FROM threshold_lines WHERE ?1 = '' OR run = ?1 ORDER BY run, condition");
  select.bind(1, run);
  std::vector<ThresholdLineRecord> out;
  while (select.step()) {
    ThresholdLineRecord r;
    r.run = select.text(0);
    r.condition = select.text(1);
    r.slope = select.real(2);
    r.slope_low = select.real(3);
    r.slope_high = select.real(4);
    r.intercept = select.real(5);
    r.intercept_low = select.real(6);
    r.intercept_high = select.real(7);
    r.refusal = select.text(8);
    r.checkpoint_crc32 = select.text(9);
    r.settings = select.text(10);
    out.push_back(r);
  }
  return out;
}

}  // namespace fovea::experiment
