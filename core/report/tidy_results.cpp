#include "core/report/tidy_results.h"

#include <map>
#include <sstream>

#include "core/report/figure_data.h"

namespace fovea::report {
namespace {

// "model,learning_rate," of the run, or two empty fields when the store has no record of it.
std::string runFields(const std::map<std::string, const experiment::RunRecord*>& runs,
                      const std::string& run) {
  const auto found = runs.find(run);
  if (found == runs.end()) return ",,";
  return csvField(found->second->model) + "," + csvNumber(found->second->learning_rate) + ",";
}

std::map<std::string, const experiment::RunRecord*> byName(
    const std::vector<experiment::RunRecord>& runs) {
  std::map<std::string, const experiment::RunRecord*> out;
  for (const auto& r : runs) out[r.run] = &r;
  return out;
}

}  // namespace

std::string accuracyCsv(const std::vector<experiment::RunRecord>& runs,
                        const std::vector<experiment::AccuracyRecord>& cells) {
  const auto records = byName(runs);
  std::ostringstream out;
  out << "run,model,learning_rate,flanker_type,configuration,target_ecc_px,flanker_ecc_px,"
         "spacing_px,images,correct,accuracy,valid,reason,checkpoint_crc32\n";
  for (const auto& cell : cells) {
    const auto& r = cell.result;
    out << csvField(cell.run) << ',' << runFields(records, cell.run) << r.condition.flanker_type
        << ',' << csvField(r.configuration) << ',' << csvNumber(r.condition.target_ecc_px) << ','
        << csvNumber(r.condition.flanker_ecc_px) << ',' << csvNumber(r.spacing_px) << ','
        << r.images << ',' << r.correct << ',' << csvNumber(r.valid ? r.accuracy : std::nan(""))
        << ',' << (r.valid ? 1 : 0) << ',' << csvField(r.reason) << ','
        << csvField(cell.checkpoint_crc32) << '\n';
  }
  return out.str();
}

std::string attentionCsv(const std::vector<experiment::RunRecord>& runs,
                         const std::vector<experiment::AttentionRecord>& cells) {
  const auto records = byName(runs);
  std::ostringstream out;
  out << "run,model,learning_rate,measure,x,y,images,correct,accuracy,valid,reason,"
         "checkpoint_crc32\n";
  for (const auto& cell : cells) {
    const auto& r = cell.result;
    out << csvField(cell.run) << ',' << runFields(records, cell.run)
        << eval::toString(r.cell.measure) << ',' << csvNumber(r.cell.x) << ','
        << csvNumber(r.cell.y) << ',' << r.images << ',' << r.correct << ','
        << csvNumber(r.valid ? r.accuracy : std::nan("")) << ',' << (r.valid ? 1 : 0) << ','
        << csvField(r.reason) << ',' << csvField(cell.checkpoint_crc32) << '\n';
  }
  return out.str();
}

std::string thresholdsCsv(const std::vector<experiment::RunRecord>& runs,
                          const std::vector<experiment::ThresholdRecord>& points) {
  const auto records = byName(runs);
  std::ostringstream out;
  out << "run,model,learning_rate,condition,ecc_deg,baseline_accuracy,threshold,low,high,"
         "threshold_deg,low_deg,high_deg,trials,refusal,checkpoint_crc32\n";
  for (const auto& p : points) {
    out << csvField(p.run) << ',' << runFields(records, p.run) << csvField(p.condition) << ','
        << csvNumber(p.ecc_deg) << ',' << csvNumber(p.baseline) << ',' << csvNumber(p.threshold)
        << ',' << csvNumber(p.low) << ',' << csvNumber(p.high) << ',' << csvNumber(p.threshold_deg)
        << ',' << csvNumber(p.low_deg) << ',' << csvNumber(p.high_deg) << ',' << p.trials << ','
        << csvField(p.refusal) << ',' << csvField(p.checkpoint_crc32) << '\n';
  }
  return out.str();
}

std::string thresholdLinesCsv(const std::vector<experiment::RunRecord>& runs,
                              const std::vector<experiment::ThresholdLineRecord>& lines) {
  const auto records = byName(runs);
  std::ostringstream out;
  out << "run,model,learning_rate,condition,slope,slope_low,slope_high,intercept,intercept_low,"
         "intercept_high,refusal,checkpoint_crc32\n";
  for (const auto& l : lines) {
    out << csvField(l.run) << ',' << runFields(records, l.run) << csvField(l.condition) << ','
        << csvNumber(l.slope) << ',' << csvNumber(l.slope_low) << ',' << csvNumber(l.slope_high)
        << ',' << csvNumber(l.intercept) << ',' << csvNumber(l.intercept_low) << ','
        << csvNumber(l.intercept_high) << ',' << csvField(l.refusal) << ','
        << csvField(l.checkpoint_crc32) << '\n';
  }
  return out.str();
}

}  // namespace fovea::report
