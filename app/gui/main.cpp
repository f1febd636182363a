// fovea: the Qt workbench. Options are for scripted use: --run-demo starts the main job (the
// quick crowding experiment) at once, --set/--experiment/--experiment-dir change what it runs,
// --quit-when-done exits once it has ended, --screenshot writes a picture of the window once
// the 3D view has drawn and exits.
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/engine/runtime.h"
#include "core/util/log.h"
#include "core/util/versions.h"
#include "experiment_job.h"
#include "main_window.h"
#include "widgets/results/surface_view.h"
#include "widgets/stimulus/model_answer_panel.h"
#include "widgets/stimulus/stimulus_designer.h"
#include "widgets/stimulus/stimulus_document.h"

namespace {

QJsonArray rectJson(const QRect& rect) {
  return {rect.x(), rect.y(), rect.width(), rect.height()};
}

// Saves the window and prints where the 3D view sits in the picture, so a test can check its
// pixels. Returns the process exit code.
int saveScreenshot(fovea::app::MainWindow& window, const QString& path) {
  const QPixmap picture = window.grab();
  if (!picture.save(path)) {
    std::fprintf(stderr, "fovea: error: cannot write screenshot %s\n", qPrintable(path));
    return 1;
  }
  QJsonObject report{{"screenshot", QDir(path).absolutePath()},
                     {"size", QJsonArray{picture.width(), picture.height()}},
                     {"device_pixel_ratio", picture.devicePixelRatio()}};
  if (auto* view = window.surfaceView(); view && view->isVisible()) {
    report["view3d"] = rectJson(QRect(view->mapTo(&window, QPoint(0, 0)), view->size()));
  }
  std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Compact).constData());
  return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
  // VTK's GLEW is built for GLX: under Wayland use XWayland (style.md, pitfall 9).
  if (std::getenv("WAYLAND_DISPLAY") && !std::getenv("QT_QPA_PLATFORM")) {
    setenv("QT_QPA_PLATFORM", "xcb", 1);
  }
  fovea::ui::VtkView::setDefaultSurfaceFormat();  // must precede QApplication
  QApplication app(argc, argv);
  QApplication::setOrganizationName("Fovea");
  QApplication::setApplicationName("Fovea");
  QApplication::setApplicationVersion(QString::fromStdString(fovea::foveaVersion()));

  QCommandLineParser parser;
  parser.setApplicationDescription("Fovea: how deep networks see away from the centre of gaze.");
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption run_demo("run-demo",
                                    "Start the main job (the quick crowding experiment) at once.");
  const QCommandLineOption experiment(
      "experiment", "The experiment Run > Start runs: a spec file or a name in experiments/.",
      "spec", "crowding-quick");
  const QCommandLineOption set("set",
                               "Override a value of the experiment: section.key=value (TOML "
                               "syntax, as fovea-cli --set); repeatable.",
                               "assignment");
  const QCommandLineOption experiment_dir(
      "experiment-dir", "Where the experiment's runs and results.sqlite go.", "dir");
  const QCommandLineOption quit_when_done(
      "quit-when-done", "Exit once the main job has ended (exit code 1 if it failed).");
  const QCommandLineOption screenshot("screenshot",
                                      "Save the window to <file> once drawn, then exit.", "file");
  const QCommandLineOption probe_run(
      "probe-run", "Show this run's figures in the Probe (\"claims\": the claims table).", "run");
  const QCommandLineOption attention_run(
      "attention-run",
      "Show the Attention view with test trials of this run (\"live\": the training sample).",
      "run");
  const QCommandLineOption attention_trial(
      "attention-trial",
      "With --attention-run: the test trial <index>,<eccentricity px>,<contrast> (e.g. 3,13,0.7).",
      "trial");
  const QCommandLineOption screenshot_after(
      "screenshot-after",
      "Take the --screenshot <ms> milliseconds after start instead of once drawn (e.g. while a "
      "run trains).",
      "ms");
  const QCommandLineOption probe_tab(
      "probe", "Show the Probe with its tab <tab>: curves, map, surface or psychophysics.", "tab");
  const QCommandLineOption window_size("window-size", "Open the window at <W>x<H> pixels.", "size");
  const QCommandLineOption quit_after("quit-after", "Exit after <ms> milliseconds.", "ms");
  const QCommandLineOption verbose("verbose", "Log debug messages.");
  const QCommandLineOption show_retina("show-retina",
                                       "Show the log-polar retina code in the Stimulus Designer.");
  const QCommandLineOption features(
      "features",
      "Show the feature maps of <run> (a run directory or checkpoint) in the Stimulus Designer, "
      "on the run's own stimulus.",
      "run");
  const QCommandLineOption feature_layer("feature-layer", "With --features: the layer shown.",
                                         "layer");
  const QCommandLineOption feature_step(
      "feature-step", "With --features: the time step shown (a recurrent run).", "step");
  const QCommandLineOption over_time("over-time",
                                     "With --features: show a recurrent run's answer over time.");
  const QCommandLineOption feature_unit(
      "feature-unit", "With --features: the unit <map>,<row>,<column> whose field is drawn.",
      "unit");
  const QCommandLineOption layers_table("layers-table",
                                        "With --features: show the run's layers as a table.");
  const QCommandLineOption playground(
      "playground",
      "Show the filter playground with the kernels <bank>: Drawn, Bars, Edges, Centre-surround, "
      "Gabors, Blur, or 'trained' (the first layer of the run given with --features).",
      "bank");
  const QCommandLineOption stimulus_file(
      "stimulus", "Open the stimulus spec <file> (TOML) in the Stimulus Designer.", "file");
  const QCommandLineOption staircase(
      "staircase",
      "Measure <run> (a run directory or checkpoint) as an observer of crowding in the Probe's "
      "Psychophysics tab.",
      "run");
  const QCommandLineOption staircase_ecc(
      "staircase-ecc", "With --staircase: the eccentricities, e.g. 1,2,3 (deg).", "list");
  const QCommandLineOption staircase_vary(
      "staircase-vary",
      "With --staircase: what the staircases vary, spacing (the default), contrast or size.",
      "variable");
  const QCommandLineOption human(
      "human", "With --staircase: people's data from a [human] spec beside the model.", "spec");
  const QCommandLineOption sweep_dir(
      "sweep", "Show the Experiments page on the sweep in the experiment directory <dir>.", "dir");
  parser.addOption(sweep_dir);
  parser.addOption(staircase_vary);
  parser.addOptions({staircase,   staircase_ecc, human,         stimulus_file,   playground,
                     run_demo,    experiment,    set,           experiment_dir,  quit_when_done,
                     screenshot,  quit_after,    verbose,       show_retina,     probe_tab,
                     window_size, probe_run,     attention_run, attention_trial, screenshot_after,
                     features,    feature_layer, feature_step,  over_time,       feature_unit,
                     layers_table});
  parser.process(app);

  fovea::log::Options log_options;
  log_options.level = parser.isSet(verbose) ? spdlog::level::debug : spdlog::level::info;
  fovea::log::init(log_options);
  fovea::engine::configureThreads(0);

  fovea::app::MainWindow window;
  window.setExperiment(parser.value(experiment), parser.values(set), parser.value(experiment_dir));
  if (parser.isSet(window_size)) {
    const QStringList parts = parser.value(window_size).split('x');
    bool w_ok = false, h_ok = false;
    const int w = parts.size() == 2 ? parts[0].toInt(&w_ok) : 0;
    const int h = parts.size() == 2 ? parts[1].toInt(&h_ok) : 0;
    if (!w_ok || !h_ok || w < 320 || h < 240 || w > 16384 || h > 16384) {
      std::fprintf(stderr,
                   "fovea: error: --window-size must be WxH (320x240 to 16384x16384), "
                   "got '%s'\n",
                   qPrintable(parser.value(window_size)));
      return 2;
    }
    window.resize(w, h);
  }
  window.show();
  spdlog::info("Fovea {} started on the '{}' platform", fovea::foveaVersion(),
               QGuiApplication::platformName().toStdString());

  if (parser.isSet(run_demo)) QTimer::singleShot(0, &window, &fovea::app::MainWindow::runDemo);
  int job_exit_code = 0;
  if (parser.isSet(quit_when_done)) {
    QObject::connect(window.experimentJob(), &fovea::app::ExperimentJob::failed, &window,
                     [&](const QString& message) {
                       std::fprintf(stderr, "fovea: error: %s\n", qPrintable(message));
                       job_exit_code = 1;
                     });
    QObject::connect(&window, &fovea::app::MainWindow::jobFinished, &window, &QWidget::close,
                     Qt::QueuedConnection);
  }
  if (parser.isSet(show_retina)) window.designer()->setRetinaCodeShown(true);
  if (parser.isSet(probe_tab)) {
    const QString tab = parser.value(probe_tab);
    const QString name = tab == "curves"    ? "Curves"
                         : tab == "map"     ? "Accuracy map"
                         : tab == "surface" ? "3D surface"
                                            : QString();
    if (tab == "psychophysics") {
      window.showPsychophysics();
    } else if (name.isEmpty()) {
      std::fprintf(stderr,
                   "fovea: error: --probe must be curves, map, surface or psychophysics, got "
                   "'%s'\n",
                   qPrintable(tab));
      return 2;
    } else {
      window.showProbe(name);
    }
  }
  if (parser.isSet(probe_run)) window.showProbeRun(parser.value(probe_run));
  if (parser.isSet(attention_run)) {
    const QString run = parser.value(attention_run);
    window.showAttentionRun(run == QLatin1String("live") ? QString() : run);
  }
  if (parser.isSet(attention_trial)) {
    const QStringList parts = parser.value(attention_trial).split(',');
    bool ok_index = false, ok_radius = false, ok_contrast = false;
    const int index = parts.value(0).toInt(&ok_index);
    const double radius = parts.value(1).toDouble(&ok_radius);
    const double contrast = parts.value(2).toDouble(&ok_contrast);
    if (parts.size() != 3 || !ok_index || !ok_radius || !ok_contrast || index < 0 || radius < 0 ||
        radius > 40 || contrast <= 0 || contrast > 1) {
      std::fprintf(stderr,
                   "fovea: error: --attention-trial needs <index>,<eccentricity 0..40 px>,"
                   "<contrast 0..1>, got '%s'\n",
                   qPrintable(parser.value(attention_trial)));
      return 2;
    }
    window.showAttentionTrial(index, radius, contrast);
  }
  if (parser.isSet(features)) {
    QList<int> unit;
    if (parser.isSet(feature_unit)) {
      for (const QString& part : parser.value(feature_unit).split(',')) {
        bool ok = false;
        const int value = part.toInt(&ok);
        if (!ok || value < 0) {
          unit.clear();
          break;
        }
        unit.push_back(value);
      }
      if (unit.size() != 3) {
        std::fprintf(stderr, "fovea: error: --feature-unit needs <map>,<row>,<column>, got '%s'\n",
                     qPrintable(parser.value(feature_unit)));
        return 2;
      }
    }
    int step = -1;
    if (parser.isSet(feature_step)) {
      bool ok = false;
      step = parser.value(feature_step).toInt(&ok);
      if (!ok || step < 0) {
        std::fprintf(stderr, "fovea: error: --feature-step needs a step from 0, got '%s'\n",
                     qPrintable(parser.value(feature_step)));
        return 2;
      }
    }
    window.showFeatures(parser.value(features), parser.value(feature_layer), unit, step);
    if (parser.isSet(layers_table)) window.designer()->showSideTab(2);
    if (parser.isSet(over_time)) {
      // The tab opens once the run has answered (it is disabled until then).
      auto* designer = window.designer();
      auto once = std::make_shared<QMetaObject::Connection>();
      *once = QObject::connect(designer->modelAnswer(), &fovea::ui::ModelAnswerPanel::answered,
                               designer, [designer, once] {
                                 QObject::disconnect(*once);
                                 designer->showSideTab(3);
                               });
    }
  }
  if (parser.isSet(stimulus_file)) {
    const QString error = window.designer()->document()->load(parser.value(stimulus_file));
    if (!error.isEmpty()) {
      std::fprintf(stderr, "fovea: error: --stimulus: %s\n", qPrintable(error));
      return 2;
    }
  }
  if (parser.isSet(playground)) window.showPlayground(parser.value(playground));
  if (parser.isSet(sweep_dir)) window.showSweep(parser.value(sweep_dir));
  const QString vary = parser.value(staircase_vary);
  if (!vary.isEmpty() && vary != "spacing" && vary != "contrast" && vary != "size") {
    std::fprintf(stderr,
                 "fovea: error: --staircase-vary must be spacing, contrast or size, got '%s'\n",
                 qPrintable(vary));
    return 2;
  }
  if (parser.isSet(staircase)) {
    window.measureStaircase(parser.value(staircase), parser.value(staircase_ecc),
                            parser.value(human), parser.value(staircase_vary));
  }
  if (parser.isSet(quit_after)) {
    bool ok = false;
    const int ms = parser.value(quit_after).toInt(&ok);
    if (!ok || ms < 0) {
      std::fprintf(stderr, "fovea: error: --quit-after needs milliseconds, got '%s'\n",
                   qPrintable(parser.value(quit_after)));
      return 2;
    }
    QTimer::singleShot(ms, &window, &QWidget::close);
  }
  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    int exit_code = 1;
    auto take = [&] {
      exit_code = saveScreenshot(window, path);
      window.close();
    };
    QCoreApplication::processEvents();  // a shown 3D tab makes its view now
    const auto* run_chooser = window.findChild<QComboBox*>("probeRunChooser");
    const bool run_shown = run_chooser && run_chooser->currentText() == parser.value(probe_run);
    if (parser.isSet(screenshot_after)) {
      bool ok = false;
      const int ms = parser.value(screenshot_after).toInt(&ok);
      if (!ok || ms < 0) {
        std::fprintf(stderr, "fovea: error: --screenshot-after needs milliseconds, got '%s'\n",
                     qPrintable(parser.value(screenshot_after)));
        return 2;
      }
      QTimer::singleShot(ms, &window, take);
    } else if (parser.isSet(probe_run) && !run_shown) {
      // The run's figures may come from a background task (the claims table): wait for them.
      QObject::connect(
          &window, &fovea::app::MainWindow::probeRunShown, &window,
          [&] { QTimer::singleShot(300, &window, take); }, Qt::SingleShotConnection);
    } else if (auto* view = window.surfaceView(); view && view->isVisible()) {
      // Wait for the 3D view's first frame, then let the layout settle.
      QObject::connect(
          view, &QOpenGLWidget::frameSwapped, &window,
          [&] { QTimer::singleShot(300, &window, take); }, Qt::SingleShotConnection);
    } else {
      QTimer::singleShot(300, &window, take);
    }
    app.exec();
    return exit_code;
  }
  const int exit_code = app.exec();
  return exit_code != 0 ? exit_code : job_exit_code;
}
