// fovea-cli report for the attention task: each run's figures, the benchmark figures and the
// summary table over all runs, and summary.csv with every run's headline numbers.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "core/experiment/experiment_layout.h"
#include "core/experiment/results_store.h"
#include "core/report/attention_figures.h"
#include "core/report/crowding_figures.h"
#include "core/report/tidy_results.h"
#include "core/util/atomic_file.h"
#include "experiment_steps.h"
#include "figures/figure_export.h"

namespace fovea::cli {

nlohmann::json reportAttention(const experiment::ExperimentSpec& spec,
                               const experiment::ExperimentFiles& files,
                               const experiment::ResultsStore& store, const ui::FigureStyle& style,
                               const ReportOptions& options) {
  const auto records = store.attention();
  const int classes = static_cast<int>(spec.class_names.size());
  std::vector<std::string> scored;
  for (const auto& r : records) {
    if (std::find(scored.begin(), scored.end(), r.run) == scored.end()) scored.push_back(r.run);
  }
  std::set<double> contrasts(spec.attention.contrasts.begin(), spec.attention.contrasts.end());
  std::string summary = "run,model,learning_rate,steps,final_loss,central,general";
  for (double c : contrasts) summary += ",mean_c" + report::csvNumber(c);
  summary += ",landing_error_px\n";
  std::size_t files_written = 0;
  nlohmann::json out_runs = nlohmann::json::array();
  report::Provenance all;
  all.experiment = spec.name;
  all.spec_path = spec.source.string();
  all.seed = spec.seed;
  for (const auto& run : store.runs()) {
    if (std::find(scored.begin(), scored.end(), run.run) == scored.end()) continue;
    const auto provenance = report::provenanceFor(spec, run);
    all.extra["run." + run.run] = run.checkpoint_crc32;
    for (const auto& figure : report::attentionFigures(spec.attention, records, run.run, classes)) {
      files_written += ui::exportFigure(figure, provenance, files.report() / run.run / figure.id,
                                        style, options.formats)
                           .size();
    }
    const auto h = report::attentionHeadline(records, run.run);
    summary += run.run + "," + run.model + "," + report::csvNumber(run.learning_rate) + "," +
               std::to_string(run.steps) + "," + report::csvNumber(run.final_loss) + "," +
               report::csvNumber(h.central) + "," + report::csvNumber(h.general);
    nlohmann::json by_contrast = nlohmann::json::object();
    for (double c : contrasts) {
      double mean = std::nan("");
      for (const auto& [contrast, value] : h.mean_by_contrast) {
        if (contrast == c) mean = value;
      }
      summary += "," + report::csvNumber(mean);
      by_contrast[report::csvNumber(c)] = mean;
    }
    summary += "," + report::csvNumber(h.landing_error_px) + "\n";
    out_runs.push_back({{"run", run.run},
                        {"final_loss", run.final_loss},
                        {"central_accuracy", h.central},
                        {"general_accuracy", h.general},
                        {"mean_accuracy_by_contrast", by_contrast},
                        {"landing_error_px", h.landing_error_px}});
  }
  for (const auto& figure : report::attentionBenchmark(spec.attention, records, scored, classes)) {
    files_written +=
        ui::exportFigure(figure, all, files.report() / figure.id, style, options.formats).size();
  }
  ui::FigureStyle table_style = style;
  table_style.width_mm = std::max(style.width_mm, 200.0);  // a page-wide table
  files_written +=
      ui::exportFigure(report::attentionSummaryTable(records, scored), all,
                       files.report() / "attention-summary", table_style, options.formats)
          .size();
  writeFileAtomically(files.report() / "summary.csv", summary);
  writeFileAtomically(files.report() / "results.csv", report::attentionCsv(store.runs(), records));
  files_written += 1;
  spdlog::info("report: {} files in {}", files_written + 1, files.report().string());
  return {{"experiment", spec.name},
          {"task", "attention"},
          {"report", files.report().string()},
          {"files", files_written + 1},
          {"runs", out_runs}};
}

}  // namespace fovea::cli
