#include "core/train/metrics_log.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea::train {

const char* MetricsLog::header() {
  return "step,images,wall_s,loss,accuracy,learning_rate,images_per_s";
}

MetricsLog::MetricsLog(const std::filesystem::path& path, std::int64_t resume_step) : path_(path) {
  std::string kept = std::string(header()) + "\n";
  if (resume_step > 0) {
    for (const auto& row : readMetrics(path)) {
      if (row.step > resume_step) break;
      std::ostringstream line;
      line.precision(9);
      line << row.step << ',' << row.images << ',' << row.wall_s << ',' << row.loss << ','
           << row.accuracy << ',' << row.learning_rate << ',' << row.images_per_s << '\n';
      kept += line.str();
    }
  }
  writeFileAtomically(path, kept);
  out_.open(path, std::ios::app);
  if (!out_) throw std::runtime_error(path.string() + ": cannot append metrics");
}

void MetricsLog::append(const TrainProgress& p) {
  out_.precision(9);
  out_ << p.step << ',' << p.images << ',' << p.wall_s << ',' << p.loss << ',' << p.accuracy << ','
       << p.learning_rate << ',' << p.images_per_s << '\n';
  out_.flush();  // a killed run keeps every row it logged
  // A full disk is said at once, not found later as a short file.
  if (!out_) throw std::runtime_error(path_.string() + ": cannot append metrics (disk full?)");
}

namespace {

// One row of metrics.csv; false when it is not seven numbers. strtod reads the "nan" and "inf"
// a diverged run logs, which stream extraction does not.
bool parseRow(const std::string& line, TrainProgress& row) {
  double values[7];
  const char* p = line.c_str();
  for (int i = 0; i < 7; ++i) {
    char* end = nullptr;
    values[i] = std::strtod(p, &end);
    if (end == p) return false;
    p = end;
    if (i < 6) {
      if (*p != ',') return false;
      ++p;
    }
  }
  if (*p != '\0' && *p != '\r') return false;
  // Counts are whole numbers a run can reach; anything else is damage, not a row (found by
  // fuzz_metrics: a huge step overflowed the cast).
  constexpr double kMaxCount = 9.0e15;
  for (double count : {values[0], values[1]}) {
    if (!(count >= 0 && count <= kMaxCount) || count != std::floor(count)) return false;
  }
  row.step = static_cast<std::int64_t>(values[0]);
  row.images = static_cast<std::int64_t>(values[1]);
  row.wall_s = values[2];
  row.loss = values[3];
  row.accuracy = values[4];
  row.learning_rate = values[5];
  row.images_per_s = values[6];
  return true;
}

}  // namespace

std::vector<TrainProgress> readMetrics(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return parseMetrics(text.str(), path.string());
}

std::vector<TrainProgress> parseMetrics(const std::string& text, const std::string& name) {
  std::vector<TrainProgress> rows;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  if (line != MetricsLog::header()) {
    throw InputError(name + ": not a Fovea metrics file (header '" + line.substr(0, 80) + "')");
  }
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    TrainProgress row;
    if (parseRow(lines[i], row)) {
      rows.push_back(row);
      continue;
    }
    // A run killed mid-write can leave a partial last line: it is dropped. A bad line before
    // others is damage, and dropping it would lose the rows after it.
    if (i + 1 == lines.size()) break;
    throw InputError(name + ":" + std::to_string(i + 2) + ": malformed metrics row '" +
                     lines[i].substr(0, 80) + "'");
  }
  return rows;
}

}  // namespace fovea::train
