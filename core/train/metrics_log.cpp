#include "core/train/metrics_log.h"

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
}

std::vector<TrainProgress> readMetrics(const std::filesystem::path& path) {
  std::vector<TrainProgress> rows;
  std::ifstream in(path);
  if (!in) return rows;
  std::string line;
  std::getline(in, line);
  if (line != MetricsLog::header()) {
    throw InputError(path.string() + ": not a Fovea metrics file (header '" + line + "')");
  }
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    TrainProgress row;
    char comma = 0;
    fields >> row.step >> comma >> row.images >> comma >> row.wall_s >> comma >> row.loss >>
        comma >> row.accuracy >> comma >> row.learning_rate >> comma >> row.images_per_s;
    // A run killed mid-write can leave a partial last line; it is dropped, not an error.
    if (!fields) break;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace fovea::train
