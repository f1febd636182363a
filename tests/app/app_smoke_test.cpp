// Starts the real fovea binary, lets it draw its window with the 3D view, and checks the pixels
// of the screenshot it saves: the view is not black, shows its background, and shows the
// colour-mapped surface where the scene is. Then runs its main job, cut down with --set, to
// the end.
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
  void screenshotShowsTheSurface() {
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString shot = home.filePath("window.png");
    QProcess app;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert("XDG_CONFIG_HOME", home.filePath("config"));  // default layout
    environment.insert("QT_QPA_PLATFORM", "xcb");
    app.setProcessEnvironment(environment);
    app.start(FOVEA_GUI, {"--screenshot", shot});
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

    int surface_pixels = 0;
    int reddish = 0;
    int bluish = 0;
    for (int y = view.top(); y <= view.bottom(); ++y) {
      for (int x = view.left(); x <= view.right(); ++x) {
        const QColor colour = image.pixelColor(x, y);
        if (colour.hsvSaturation() < 120 || colour.value() < 60) continue;
        ++surface_pixels;
        if (colour.red() > 150 && colour.blue() < 100) ++reddish;
        if (colour.blue() > 120 && colour.red() < 100) ++bluish;
      }
    }
    const int area = view.width() * view.height();
    QVERIFY2(surface_pixels > area / 50,
             qPrintable(QString("only %1 coloured pixels of %2").arg(surface_pixels).arg(area)));
    QVERIFY2(reddish > 50, "no red peak of the surface");
    QVERIFY2(bluish > 50, "no blue base of the surface");
  }

  void runDemoTrainsAndProbesTheQuickExperimentThenQuits() {
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString out = home.filePath("experiment");
    QProcess app;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert("XDG_CONFIG_HOME", home.filePath("config"));
    environment.insert("XDG_DATA_HOME", home.filePath("data"));
    app.setProcessEnvironment(environment);
    app.start(FOVEA_GUI,
              {"--run-demo", "--quit-when-done", "--experiment-dir", out, "--set", "train.steps=3",
               "--set", "train.batch=8", "--set", "eval.images=4", "--set",
               "eval.target_ecc_px=[0, 60]", "--set", "eval.flanker_ecc_px=[0, 120]"});
    QVERIFY2(app.waitForFinished(120000), "the application did not exit");
    QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0,
             app.readAllStandardError().constData());
    QVERIFY(QFileInfo::exists(QDir(out).filePath("results.sqlite")));
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
};

QTEST_GUILESS_MAIN(AppSmokeTest)
#include "app_smoke_test.moc"
