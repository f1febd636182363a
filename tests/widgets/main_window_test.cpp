#include "main_window.h"

#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "about_dialog.h"
#include "core/util/log.h"
#include "widgets/curve_chart.h"
#include "widgets/surface_view.h"

using fovea::app::MainWindow;

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
    for (const char* id : {"view3d", "training", "log"}) {
      QVERIFY2(window.dock(id) != nullptr, id);
      QVERIFY2(window.dock(id)->isVisible(), id);
    }
    QCOMPARE(window.documents()->tabText(0), QString("Welcome"));
    QVERIFY(window.findChild<QLabel*>("statusText") != nullptr);
    if (QGuiApplication::platformName() == "offscreen") {
      QVERIFY(window.surfaceView() == nullptr);
      QVERIFY(window.findChild<QLabel*>("surfacePlaceholder") != nullptr);
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

  void runsTheDemoOffTheGuiThreadAndPlotsIt() {
    MainWindow window;
    window.show();
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    window.runDemo();
    QVERIFY(window.isJobRunning());
    // The event loop keeps turning while the job trains: the chart fills in as it goes.
    QTRY_VERIFY_WITH_TIMEOUT(window.trainingChart()->pointCount("loss") > 0, 60000);
    QVERIFY(finished.wait(120000) || finished.count() == 1);
    QCOMPARE(finished.first().first().toBool(), false);
    const auto* status = window.findChild<QLabel*>("statusText");
    QVERIFY2(status->text().contains("test accuracy"), qPrintable(status->text()));
  }

  void cancelStopsTheJob() {
    MainWindow window;
    window.show();
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    window.runDemo();
    window.cancelJob();
    QVERIFY(finished.wait(60000) || finished.count() == 1);
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(!window.isJobRunning());
  }

 private:
  QTemporaryDir settings_dir_;
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
