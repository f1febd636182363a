#include "main_window.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "about_dialog.h"
#include "core/experiment/results_store.h"
#include "core/util/log.h"
#include "experiment_job.h"
#include "tiny_experiment.h"
#include "widgets/common/figure_view.h"
#include "widgets/common/trial_gallery.h"
#include "widgets/experiments/sweep_view.h"
#include "widgets/playground/filter_playground_view.h"
#include "widgets/results/probe_view.h"
#include "widgets/results/surface_view.h"
#include "widgets/stimulus/model_answer_panel.h"
#include "widgets/stimulus/stimulus_designer.h"
#include "widgets/stimulus/stimulus_document.h"
#include "widgets/training/training_monitor.h"

using fovea::app::ExperimentJob;
using fovea::app::MainWindow;

namespace {

// The quick experiment cut down to seconds: a few steps, a 2 x 2 grid of 4 images.
QStringList quickOverrides(int steps) {
  return {QString("train.steps=%1").arg(steps),
          "train.batch=8",
          "train.log_every=1",
          "eval.images=4",
          "eval.target_ecc_px=[0, 30]",
          "eval.flanker_ecc_px=[0, 60]",
          "eval.periphery_target_px=30"};
}

QAction* action(const MainWindow& window, const char* name) {
  return window.findChild<QAction*>(name);
}

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(settings_dir_.isValid());
    QCoreApplication::setOrganizationName("FoveaTest");
    QCoreApplication::setApplicationName("MainWindowTest");
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings_dir_.path());
    fovea::log::init({spdlog::level::info, {}, false});
  }

  void init() { QSettings().clear(); }

  void offersTheDockFrameworkAndItsViews() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const char* id : {"training", "log"}) {
      QVERIFY2(window.dock(id) != nullptr, id);
      QVERIFY2(window.dock(id)->isVisible(), id);
    }
    QCOMPARE(window.documents()->tabText(0), QString("Welcome"));
    // The probe has a place of its own (no dock shared with training, no stand-alone 3D dock).
    QCOMPARE(window.documents()->tabText(3), QString("Probe"));
    // The filter playground beside the designer filters the designer's stimulus, and follows
    // its edits: two flankers widen the glyph window it reads.
    QCOMPARE(window.documents()->tabText(2), QString("Filter playground"));
    const auto before = window.playground()->input();
    QVERIFY(!before.values.empty());
    auto wider = window.designer()->document()->spec();
    wider.geometry.configuration = fovea::stimulus::Configuration::XAX;
    QCOMPARE(window.designer()->document()->propose(wider, "flankers"), QString());
    // Its longer side stays 128 px: the wider window is shown less tall.
    const auto after = window.playground()->input();
    QCOMPARE(after.width, 128);
    QVERIFY2(after.height < before.height,
             qPrintable(QString("%1 -> %2").arg(before.height).arg(after.height)));
    QVERIFY(window.dock("probe") == nullptr);
    QVERIFY(window.dock("view3d") == nullptr);
    QVERIFY(window.trainingMonitor() != nullptr);
    QVERIFY(window.probeView() != nullptr);
    QCOMPARE(window.experiment(), QString("crowding-quick"));
    // Only Start makes sense before anything runs.
    QVERIFY(action(window, "startAction")->isEnabled());
    for (const char* name : {"pauseAction", "resumeAction", "stopAction"}) {
      QVERIFY2(!action(window, name)->isEnabled(), name);
    }
    QVERIFY(window.findChild<QLabel*>("statusText") != nullptr);
    // The 3D surface lives in the probe and is made when its tab is first shown.
    QVERIFY(window.surfaceView() == nullptr);
    window.showProbe("3D surface");
    QCoreApplication::processEvents();
    if (QGuiApplication::platformName() == "offscreen") {
      QVERIFY(window.surfaceView() == nullptr);
    } else {
      QVERIFY(window.surfaceView() != nullptr);
    }
  }

  void restoresLayoutThemeAndGeometryOnRestart() {
    {
      MainWindow window;
      window.show();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      window.resize(1300, 850);
      window.dock("log")->hide();
      window.setTheme(fovea::ui::Theme::Dark);
      QCoreApplication::processEvents();
      window.close();
    }
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.theme(), fovea::ui::Theme::Dark);
    QCOMPARE(qApp->property("foveaTheme").toString(), QString("dark"));
    QVERIFY(again.dock("log")->isHidden());
    QVERIFY(again.dock("training")->isVisible());
    QCOMPARE(again.size(), QSize(1300, 850));
    again.setTheme(fovea::ui::Theme::Light);
  }

  void ignoresAStaleOrCorruptSetting() {
    QSettings settings;
    settings.setValue("appearance/theme", "neon");
    settings.setValue("window/state", QByteArray("garbage"));
    settings.sync();
    MainWindow window;
    window.show();
    QCOMPARE(window.theme(), fovea::ui::Theme::Light);
    QVERIFY(window.dock("log")->isVisible());
  }

  void aboutBoxNamesTheLibraryVersions() {
    QStringList names;
    for (const auto& [name, version] : fovea::app::componentVersions()) {
      QVERIFY2(!version.isEmpty(), qPrintable(name));
      names << name;
    }
    for (const char* expected : {"Fovea", "Qt", "LibTorch", "OpenCV", "VTK"}) {
      QVERIFY2(names.contains(expected), expected);
    }
    fovea::app::AboutDialog about;
    const auto* text = about.findChild<QLabel*>("aboutText");
    QVERIFY(text->text().contains(qVersion()));
  }

  void runsTheQuickExperimentOffTheGuiThreadAndShowsItsResults() {
    QTemporaryDir out;
    QVERIFY(out.isValid());
    MainWindow window;
    window.setExperiment("crowding-quick", quickOverrides(4), out.path());
    window.show();
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    window.runDemo();
    QVERIFY(window.isJobRunning());
    QVERIFY(!action(window, "startAction")->isEnabled());
    // The event loop keeps turning while the job trains: the curves fill in as it goes.
    QTRY_VERIFY_WITH_TIMEOUT(window.trainingMonitor()->runCount() > 0, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.first().first().toBool(), false);
    const auto* status = window.findChild<QLabel*>("statusText");
    QVERIFY2(status->text().startsWith("Done"), qPrintable(status->text()));
    QVERIFY(action(window, "startAction")->isEnabled());
    QVERIFY(!action(window, "stopAction")->isEnabled());

    // Every run trained (curves), was probed (figures, results.sqlite) and can answer in
    // the designer.
    const QStringList runs = window.experimentJob()->runNames();
    QCOMPARE(runs.size(), 3);
    for (const QString& run : runs) {
      QCOMPARE(window.trainingMonitor()->pointCount(run), 4);
    }
    auto* chooser = window.findChild<QComboBox*>("probeRunChooser");
    QCOMPARE(chooser->count(), 3);
    QVERIFY(!window.probeView()->figures().empty());
    QVERIFY(window.probeView()->selectFigure("heatmap-two-flankers"));
    {
      const fovea::experiment::ResultsStore store(
          QDir(out.path()).filePath("results.sqlite").toStdString());
      QCOMPARE(store.runs().size(), std::size_t{3});
      QCOMPARE(store.accuracy().size(), std::size_t{3 * 12});
    }
    QCOMPARE(window.designer()->modelAnswer()->runChooser()->count(), 1 + 3);

    // A click on a map cell shows trials of that condition with the model's answers.
    Q_EMIT window.probeView()->conditionClicked(0, 60);
    QVERIFY(window.trialGallery() != nullptr);
    QTRY_VERIFY2_WITH_TIMEOUT(window.trialGallery()->trialCount() == 8,
                              qPrintable(window.trialGallery()->message()), 30000);
    QVERIFY2(window.trialGallery()->caption(0).startsWith("digit"),
             qPrintable(window.trialGallery()->caption(0)));
    QVERIFY(!window.trialGallery()->strip(0).isNull());
  }

  // An experiment with [claims] gets its claims table in the probe, beside the runs, once it
  // is scored (measured off the GUI thread), and again when its results are opened later.
  void theClaimsTableAppearsInTheProbe() {
    QTemporaryDir out;
    const QString spec = fovea::testing::writeTinyExperiment(out.path(), 3, "[0.001]");
    QFile file(spec);
    QVERIFY(file.open(QIODevice::Append));
    file.write("\n[claims]\nearly_pooling = \"ecc\"\nflanker_sets = [\"digits\", \"letters\"]\n");
    file.close();
    const QString dir = QDir(out.path()).filePath("run");
    {
      MainWindow window;
      window.setExperiment(spec, {}, dir);
      QSignalSpy finished(&window, &MainWindow::jobFinished);
      window.runDemo();
      QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
      auto* chooser = window.findChild<QComboBox*>("probeRunChooser");
      QTRY_VERIFY_WITH_TIMEOUT(chooser->findText("claims") >= 0, 60000);
      chooser->setCurrentText("claims");
      QVERIFY(window.probeView()->selectFigure("claims"));
      const auto& shown = window.probeView()->curveView()->figure();
      QVERIFY(shown.has_table);
      QCOMPARE(shown.table.rows.size(), std::size_t{8});
      QCOMPARE(shown.table.rows[0][0], std::string("C1"));
    }
    MainWindow reopened;
    reopened.setExperiment(spec, {}, dir);
    auto* chooser = reopened.findChild<QComboBox*>("probeRunChooser");
    QTRY_VERIFY_WITH_TIMEOUT(chooser->findText("claims") >= 0, 60000);
  }

  // The Experiments page starts a real sweep (a detached fovea-cli), follows its jobs to the
  // end, and opens a run it trained in the probe.
  void sweepsFromTheExperimentsPage() {
    ::setenv("FOVEA_CLI", FOVEA_CLI, 1);
    QTemporaryDir out;
    const QString spec = fovea::testing::writeTinyExperiment(out.path(), 3);
    const QString dir = QDir(out.path()).filePath("run");
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    window.setExperiment(spec, {}, dir);
    window.showSweep(dir);
    auto* view = window.sweepView();
    QVERIFY2(view->summary().contains("No sweep in"), qPrintable(view->summary()));
    window.startSweep(dir, "local");
    QTRY_VERIFY2_WITH_TIMEOUT(view->summary().contains("Complete"), qPrintable(view->summary()),
                              120000);
    auto* jobs = view->jobsTable();
    QString scored_run;
    for (int row = 0; row < jobs->rowCount(); ++row) {
      const QString state = jobs->item(row, 2)->text();
      QVERIFY2(state == "done" || state == "skipped", qPrintable(jobs->item(row, 0)->text()));
      if (jobs->item(row, 1)->text() == "score" && state == "done") {
        scored_run = jobs->item(row, 0)->data(Qt::UserRole).toString();
      }
    }
    QVERIFY(!scored_run.isEmpty());
    QSignalSpy shown(&window, &MainWindow::probeRunShown);
    window.openSweepRun(dir, scored_run);
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QComboBox*>("probeRunChooser")->currentText(),
                              scored_run, 30000);
    QVERIFY(!window.probeView()->curveView()->figure().series.empty());
  }

  void pauseResumeAndStopFromTheRunMenu() {
    QTemporaryDir out;
    QVERIFY(out.isValid());
    MainWindow window;
    window.setExperiment("crowding-quick", quickOverrides(400), out.path());
    window.show();
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    action(window, "startAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.trainingMonitor()->runCount() > 0, 60000);
    QVERIFY(action(window, "pauseAction")->isEnabled());
    action(window, "pauseAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(window.experimentJob()->state(), ExperimentJob::State::Paused);
    QVERIFY(!window.isJobRunning());
    QVERIFY(action(window, "resumeAction")->isEnabled());
    QVERIFY(action(window, "stopAction")->isEnabled());
    QVERIFY(!action(window, "startAction")->isEnabled());
    const auto* status = window.findChild<QLabel*>("statusText");
    QVERIFY2(status->text().startsWith("Paused"), qPrintable(status->text()));

    finished.clear();
    action(window, "resumeAction")->trigger();
    QVERIFY(window.isJobRunning());
    window.cancelJob();  // the status bar's Cancel: stop
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(!window.isJobRunning());
    QCOMPARE(window.experimentJob()->state(), ExperimentJob::State::Idle);
    QVERIFY(action(window, "startAction")->isEnabled());
    QVERIFY(!action(window, "resumeAction")->isEnabled());
  }

 private:
  QTemporaryDir settings_dir_;
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
