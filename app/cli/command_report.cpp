// fovea-cli report: the figures and tables of an experiment, drawn by the same code as the GUI's
// export (widgets/figure_export) on Qt's offscreen platform.
#include <spdlog/spdlog.h>
#include <QGuiApplication>

#include <chrono>
#include <cmath>
#include <map>
#include <sstream>

#include "cli_context.h"
#include "core/experiment/experiment_layout.h"
#include "core/experiment/results_store.h"
#include "core/report/crowding_figures.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "experiment_steps.h"
#include "figures/figure_export.h"

namespace fovea::cli {
namespace {

// Qt needs an application object to draw text; the report runs without a display.
struct HeadlessQt {
  HeadlessQt() {
    if (QGuiApplication::instance()) return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    app = std::make_unique<QGuiApplication>(argc, argv);
  }
  int argc = 1;
  char name[10] = "fovea-cli";
  char* argv[2] = {name, nullptr};
  std::unique_ptr<QGuiApplication> app;
};

}  // namespace

nlohmann::json reportExperiment(const ExperimentOptions& experiment, const CliContext&,
                                const ReportOptions& options) {
  const auto spec = experiment.load();
  const auto dir = experiment.experimentDir(spec);
  const experiment::ExperimentFiles files(dir);
  const auto db_path = files.results();
  if (!std::filesystem::exists(db_path)) {
    throw InputError(db_path.string() + ": no results yet; run fovea-cli eval first");
  }
  const experiment::ResultsStore store(db_path);
  const auto runs = store.runs();
  const auto records = store.accuracy();
  const auto selected = report::selectRuns(spec, runs);
  HeadlessQt qt;

  ui::FigureStyle style;
  style.width_mm = options.width_mm;
  style.height_mm = options.height_mm;
  style.dpi = options.dpi;
  style.font_pt = options.font_pt;

  // summary.csv: one row per run, with the selection and headline accuracies.
  std::string summary =
      "run,model,learning_rate,steps,final_loss,selected,target_alone,closest_xax\n";
  nlohmann::json out_runs = nlohmann::json::array();
  std::size_t files_written = 0;
  for (const auto& run : runs) {
    const auto headline = report::headlineAccuracy(spec.eval, records, run.run);
    const bool is_selected = std::find(selected.begin(), selected.end(), run.run) != selected.end();
    const double alone = headline.target_alone;
    const double xax = headline.closest_xax;
    summary += run.run + "," + run.model + "," + report::csvNumber(run.learning_rate) + "," +
               std::to_string(run.steps) + "," + report::csvNumber(run.final_loss) + "," +
               (is_selected ? "1" : "0") + "," + report::csvNumber(alone) + "," +
               report::csvNumber(xax) + "\n";
    const auto provenance = report::provenanceFor(spec, run);
    std::size_t figures = 0;
    for (const auto& figure : report::crowdingFigures(spec.eval, records, run.run)) {
      const auto written = ui::exportFigure(
          figure, provenance, files.report() / run.run / figure.id, style, options.formats);
      files_written += written.size();
      ++figures;
    }
    out_runs.push_back({{"run", run.run},
                        {"selected", is_selected},
                        {"final_loss", run.final_loss},
                        {"target_alone_accuracy", alone},
                        {"closest_xax_accuracy", xax},
                        {"figures", figures}});
  }
  writeFileAtomically(files.report() / "summary.csv", summary);
  spdlog::info("report: {} files in {}", files_written + 1, files.report().string());
  return {{"experiment", spec.name},
          {"report", files.report().string()},
          {"selected_runs", selected},
          {"lr_rule", spec.eval.lr_rule},
          {"headline_max_ecc_px", spec.eval.headline_max_ecc_px},
          {"closest_spacing_px", report::closestSpacing(spec.eval)},
          {"files", files_written + 1},
          {"runs", out_runs}};
}

void addReportCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "report",
      "Figures (SVG, PDF, PNG) with tidy CSV and provenance JSON, and summary.csv, for every "
      "evaluated run of an experiment (in <out>/report)");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*command);
  auto options = std::make_shared<ReportOptions>();
  command->add_option("--width-mm", options->width_mm, "Figure width")
      ->check(CLI::Range(10.0, 1000.0))
      ->capture_default_str();
  command->add_option("--height-mm", options->height_mm, "Figure height")
      ->check(CLI::Range(10.0, 1000.0))
      ->capture_default_str();
  command->add_option("--dpi", options->dpi, "PNG resolution")
      ->check(CLI::Range(30, 2400))
      ->capture_default_str();
  command->add_option("--font-pt", options->font_pt, "Text size for print")
      ->check(CLI::Range(4.0, 48.0))
      ->capture_default_str();
  command->add_option("--format", options->formats, "svg, pdf, png (repeatable)")
      ->check(CLI::IsMember({"svg", "pdf", "png"}));
  command->callback([&context, experiment, options] {
    context.print(reportExperiment(*experiment, context, *options));
  });
}

}  // namespace fovea::cli
