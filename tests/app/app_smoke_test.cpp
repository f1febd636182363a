// Starts the real fovea binary on its main job, cut down with --set, to the end; then opens the
// scored experiment, shows the Probe's 3D surface and checks the pixels of the screenshot it
// saves: the view shows its background and the colour-mapped surface where the scene is.
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class AppSmokeTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void runDemoTrainsAndProbesTheQuickExperimentThenQuits() {
    QVERIFY(home_.isValid());
    const QString out = home_.filePath("experiment");
    const QTemporaryDir& home = home_;
    QProcess app;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert("XDG_CONFIG_HOME", home.filePath("config"));
    environment.insert("XDG_DATA_HOME", home.filePath("data"));
    app.setProcessEnvironment(environment);
    app.start(FOVEA_GUI,
              QStringList{"--run-demo", "--quit-when-done", "--experiment-dir", out} << kCutDown);
    QVERIFY2(app.waitForFinished(120000), "the application did not exit");
    QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0,
             app.readAllStandardError().constData());
    QVERIFY(QFileInfo::exists(QDir(out).filePath("results.sqlite")));
    experiment_ = out;
    for (const char* run : {"ecc-lr0.001", "dcnn-lr0.001"}) {
      QVERIFY2(QFileInfo::exists(QDir(out).filePath(QString("runs/%1/checkpoint.pt").arg(run))),
               run);
    }

    // A bad override is refused with its reason, and the exit code says so.
    QProcess bad;
    bad.setProcessEnvironment(environment);
    bad.start(FOVEA_GUI, {"--run-demo", "--quit-when-done", "--experiment-dir", out, "--set",
                          "train.stepz=3"});
    QVERIFY2(bad.waitForFinished(60000), "the application did not exit");
    QCOMPARE(bad.exitCode(), 1);
    QVERIFY(bad.readAllStandardError().contains("stepz"));
  }
  // Opened on the experiment the demo scored, the Probe's 3D tab shows its accuracy surface.
  void screenshotShowsTheScoredSurface() {
    QVERIFY2(!experiment_.isEmpty(), "the demo test did not leave an experiment");
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString shot = home.filePath("window.png");
    QProcess app;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert("XDG_CONFIG_HOME", home.filePath("config"));  // default layout
    environment.insert("QT_QPA_PLATFORM", "xcb");
    app.setProcessEnvironment(environment);
    QStringList arguments = {"--screenshot", shot,      "--experiment-dir",
                             experiment_,    "--probe", "surface"};
    arguments << kCutDown;
    app.start(FOVEA_GUI, arguments);
    QVERIFY2(app.waitForFinished(60000), "the application did not exit");
    QCOMPARE(app.exitCode(), 0);

    const auto report = QJsonDocument::fromJson(app.readAllStandardOutput().trimmed()).object();
    QVERIFY2(report.contains("view3d"), "the 3D view was not created (no OpenGL?)");
    QImage image(shot);
    QVERIFY(!image.isNull());
    const double ratio = report["device_pixel_ratio"].toDouble(1.0);
    const auto box = report["view3d"].toArray();
    const QRect view(qRound(box[0].toInt() * ratio), qRound(box[1].toInt() * ratio),
                     qRound(box[2].toInt() * ratio), qRound(box[3].toInt() * ratio));
    QVERIFY(image.rect().contains(view));
    QVERIFY(view.width() > 100 && view.height() > 100);

    // Background: SurfaceView::kBackground = (0.11, 0.13, 0.17).
    const QColor corner = image.pixelColor(view.topLeft() + QPoint(3, 3));
    QVERIFY2(qAbs(corner.red() - 28) <= 3 && qAbs(corner.green() - 33) <= 3 &&
                 qAbs(corner.blue() - 43) <= 3,
             qPrintable(QString("corner colour %1").arg(corner.name())));

    // The cells of a barely trained run are near chance, so the surface may be of one colour:
    // what counts is coloured pixels of the map, not the background.
    int surface_pixels = 0;
    for (int y = view.top(); y <= view.bottom(); ++y) {
      for (int x = view.left(); x <= view.right(); ++x) {
        const QColor colour = image.pixelColor(x, y);
        if (colour.hsvSaturation() < 120 || colour.value() < 60) continue;
        ++surface_pixels;
      }
    }
    const int area = view.width() * view.height();
    QVERIFY2(surface_pixels > area / 50,
             qPrintable(QString("only %1 coloured pixels of %2").arg(surface_pixels).arg(area)));
  }

 private:
  // The main job cut down to seconds.
  const QStringList kCutDown = {"--set", "train.steps=3",
                                "--set", "train.batch=8",
                                "--set", "eval.images=4",
                                "--set", "eval.target_ecc_px=[0, 60]",
                                "--set", "eval.flanker_ecc_px=[0, 120]"};
  QTemporaryDir home_;
  QString experiment_;
};

QTEST_GUILESS_MAIN(AppSmokeTest)
#include "app_smoke_test.moc"
