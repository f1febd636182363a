// fovea-cli report: the figures and tables of an experiment, drawn by the same code as the GUI's
// export (widgets/figure_export) on Qt's offscreen platform.
#include <spdlog/spdlog.h>
#include <QGuiApplication>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "cli_context.h"
#include "core/experiment/experiment_layout.h"
#include "core/experiment/results_store.h"
#include "core/report/claims_measurement.h"
#include "core/report/crowding_figures.h"
#include "core/report/figure_units.h"
#include "core/report/tidy_results.h"
#include "core/report/time_course_figures.h"
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

// The claims table of an experiment with a [claims] section: a table figure with its CSV, and
// the rows for the JSON output.
nlohmann::json reportClaims(const experiment::ExperimentSpec& spec,
                            const experiment::ExperimentFiles& files, const CliContext& context,
                            const ui::FigureStyle& style, const ReportOptions& options,
                            std::size_t* files_written) {
  const auto data = report::gatherClaimData(spec, files.dir, "cpu", context.threads);
  const auto rows = report::crowdingClaims(spec, data);
  ui::FigureStyle table_style = style;
  table_style.width_mm = std::max(style.width_mm, 260.0);  // a page-wide table
  table_style.height_mm = std::max(style.height_mm, 160.0);
  report::Provenance provenance;
  provenance.experiment = spec.name;
  provenance.spec_path = spec.source.string();
  provenance.seed = spec.seed;
  for (const auto& [model, run] : data.run_of_model) provenance.extra["run." + model] = run;
  *files_written += ui::exportFigure(report::claimsFigure(rows, spec.name), provenance,
                                     files.report() / "claims", table_style, options.formats)
                        .size();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows) {
    out.push_back({{"id", row.id},
                   {"claim", row.claim},
                   {"models", row.models},
                   {"measured", row.measured},
                   {"test", row.test},
                   {"verdict", report::toString(row.verdict)}});
    spdlog::info("claim {}: {} ({})", row.id, report::toString(row.verdict), row.test);
  }
  return out;
}

nlohmann::json reportExperiment(const ExperimentOptions& experiment, const CliContext& context,
                                const ReportOptions& options) {
  const auto spec = experiment.load();
  return reportExperiment(spec, experiment.experimentDir(spec), context, options);
}

nlohmann::json reportExperiment(const experiment::ExperimentSpec& spec,
                                const std::filesystem::path& dir, const CliContext& context,
                                const ReportOptions& options) {
  const experiment::ExperimentFiles files(dir);
  const auto db_path = files.results();
  if (!std::filesystem::exists(db_path)) {
    throw InputError(db_path.string() + ": no results yet; run fovea-cli eval first");
  }
  const experiment::ResultsStore store(db_path);
  HeadlessQt qt;
  ui::FigureStyle style;
  style.width_mm = options.width_mm;
  style.height_mm = options.height_mm;
  style.dpi = options.dpi;
  style.font_pt = options.font_pt;
  if (spec.attentionTask()) return reportAttention(spec, files, store, style, options);

  const auto runs = store.runs();
  const auto records = store.accuracy();
  const auto selected = report::selectRuns(spec, runs);

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
    auto run_figures = report::crowdingFigures(spec.eval, records, run.run);
    for (auto& figure : report::timeCourseFigures(spec.eval, store.timeCourse(run.run), run.run,
                                                  static_cast<int>(spec.class_names.size()))) {
      run_figures.push_back(std::move(figure));
    }
    for (const auto& figure : run_figures) {
      const auto shown =
          options.units == "deg" ? report::inDegrees(figure, spec.stimulus.display) : figure;
      const auto written = ui::exportFigure(shown, provenance, files.report() / run.run / figure.id,
                                            style, options.formats);
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
  // Every cell of every run, tidy: what the figures were drawn from.
  writeFileAtomically(files.report() / "results.csv", report::accuracyCsv(runs, records));
  files_written += 1;
  if (spec.psychophysics.present) {
    // The spec's conditions only: those of an earlier [psychophysics] stay in the database.
    std::set<std::string> conditions;
    for (const auto& c : spec.psychophysics.conditions()) {
      conditions.insert(c.name(spec.psychophysics.variable));
    }
    auto points = store.thresholds();
    auto lines = store.thresholdLines();
    auto stale = [&](const auto& row) { return !conditions.count(row.condition); };
    points.erase(std::remove_if(points.begin(), points.end(), stale), points.end());
    lines.erase(std::remove_if(lines.begin(), lines.end(), stale), lines.end());
    writeFileAtomically(files.report() / "thresholds.csv", report::thresholdsCsv(runs, points));
    writeFileAtomically(files.report() / "threshold-lines.csv",
                        report::thresholdLinesCsv(runs, lines));
    files_written += 2;
  }
  nlohmann::json claims = nlohmann::json::array();
  if (spec.claims.present)
    claims = reportClaims(spec, files, context, style, options, &files_written);
  spdlog::info("report: {} files in {}", files_written + 1, files.report().string());
  return {{"experiment", spec.name},
          {"claims", claims},
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
  command
      ->add_option("--units", options->units,
                   "Eccentricity and spacing axes in canvas px, or in deg of visual angle "
                   "through the experiment's [display]")
      ->check(CLI::IsMember({"px", "deg"}))
      ->capture_default_str();
  command->add_option("--format", options->formats, "svg, pdf, png (repeatable)")
      ->check(CLI::IsMember({"svg", "pdf", "png"}));
  command->callback([&context, experiment, options] {
    context.print(reportExperiment(*experiment, context, *options));
  });
}

}  // namespace fovea::cli
