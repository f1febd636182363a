#include "widgets/training/training_monitor.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QSlider>
#include <QThread>
#include <QtTest>
#include <cmath>
#include <limits>

using fovea::train::TrainProgress;
using fovea::ui::TrainingAxis;
using fovea::ui::TrainingMonitor;

namespace {

TrainProgress step(const std::string& run, std::int64_t n, double loss, double accuracy) {
  TrainProgress progress;
  progress.run = run;
  progress.step = n;
  progress.total_steps = 100;
  progress.images = n * 64;
  progress.wall_s = 0.5 * static_cast<double>(n);
  progress.loss = loss;
  progress.accuracy = accuracy;
  progress.images_per_s = 128;
  progress.seconds_left = 0.5 * static_cast<double>(100 - n);
  return progress;
}

}  // namespace

class TrainingMonitorTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void overlaysRunsWithBiasCorrectedSmoothing() {
    TrainingMonitor monitor;
    monitor.setSmoothing(0.9);
    // A constant is shown as that constant from the very first point: the start-up bias of the
    // moving average is corrected.
    for (int n = 1; n <= 10; ++n) monitor.addProgress(step("a", n, 2.0, 0.5));
    monitor.setSmoothing(0.5);
    monitor.addProgress(step("b", 1, 1.0, 0.0));
    monitor.addProgress(step("b", 2, 2.0, 1.0));
    monitor.addProgress(step("b", 3, 3.0, 1.0));

    QCOMPARE(monitor.runCount(), 2);
    QCOMPARE(monitor.runNames(), QStringList({"a", "b"}));
    QVERIFY(monitor.runColour("a") != monitor.runColour("b"));
    QCOMPARE(monitor.pointCount("a"), 10);
    QCOMPARE(monitor.pointCount("b"), 3);
    for (const QPointF& point : monitor.lossPoints("a")) QCOMPARE(point.y(), 2.0);
    QCOMPARE(monitor.lastSmoothedAccuracy("a"), 0.5);

    // w = 0.5: ema = 0.5, 1.25, 2.125 over debias 0.5, 0.75, 0.875.
    const auto b = monitor.lossPoints("b");
    QCOMPARE(b.size(), 3);
    QCOMPARE(b[0].y(), 1.0);
    QVERIFY(std::abs(b[1].y() - 1.25 / 0.75) < 1e-12);
    QVERIFY(std::abs(monitor.lastSmoothedLoss("b") - 2.125 / 0.875) < 1e-12);
    // The raw curve is kept beside it, unsmoothed.
    QCOMPARE(monitor.lossPoints("b", false).last().y(), 3.0);

    // No smoothing: the smoothed curve is the raw one.
    monitor.setSmoothing(0);
    QCOMPARE(monitor.lastSmoothedLoss("b"), 3.0);
    QCOMPARE(monitor.accuracyPoints("b"), monitor.accuracyPoints("b", false));
    // The slider follows, and drives.
    auto* slider = monitor.findChild<QSlider*>("smoothing");
    QVERIFY(slider);
    QCOMPARE(slider->value(), 0);
    slider->setValue(50);
    QCOMPARE(monitor.smoothing(), 0.5);
    QVERIFY(std::abs(monitor.lastSmoothedLoss("b") - 2.125 / 0.875) < 1e-12);
  }

  // Run names are shown whole, in their curves' colours, however narrow the dock: the legend
  // wraps instead of eliding.
  void theLegendNamesEveryRunInFullInItsColour() {
    TrainingMonitor monitor;
    monitor.resize(320, 400);
    const QString long_name = "ecc-late-areafactor-lr0.001";
    monitor.addProgress(step(long_name.toStdString(), 1, 1.0, 0.5));
    monitor.addProgress(step("dcnn-no-total-pooling-lr0.001", 1, 1.0, 0.5));
    // Hyphens are non-breaking, so a name never splits across lines.
    const QString legend = monitor.legend()->text().replace(QChar(0x2011), QLatin1Char('-'));
    QVERIFY2(legend.contains(long_name), qPrintable(legend));
    QVERIFY(legend.contains("dcnn-no-total-pooling-lr0.001"));
    QVERIFY(!monitor.legend()->text().contains(QLatin1Char('-')));
    QVERIFY(legend.contains(monitor.runColour(long_name).name()));
    QVERIFY(monitor.legend()->wordWrap());
    QVERIFY(!monitor.lossChart()->chart()->legend()->isVisible());
    monitor.clearRuns();
    QVERIFY(monitor.legend()->text().isEmpty());
  }

  void theXAxisCanBeImagesOrWallTime() {
    TrainingMonitor monitor;
    for (int n = 1; n <= 4; ++n) monitor.addProgress(step("a", n, 1.0 / n, 0.25 * n));
    QCOMPARE(monitor.lossPoints("a").first().x(), 1.0);
    monitor.setXAxis(TrainingAxis::Images);
    QCOMPARE(monitor.lossPoints("a").first().x(), 64.0);
    QCOMPARE(monitor.accuracyPoints("a", false).last().x(), 256.0);
    monitor.addProgress(step("a", 5, 0.2, 1.0));
    QCOMPARE(monitor.lossPoints("a").last().x(), 320.0);
    // The combo box is the same switch.
    auto* axis = monitor.findChild<QComboBox*>("trainingAxis");
    QVERIFY(axis);
    axis->setCurrentIndex(axis->findData(static_cast<int>(TrainingAxis::WallSeconds)));
    QVERIFY(monitor.xAxis() == TrainingAxis::WallSeconds);
    QCOMPARE(monitor.lossPoints("a").last().x(), 2.5);
    monitor.setXAxis(TrainingAxis::Step);
    QCOMPARE(monitor.lossPoints("a").last().x(), 5.0);
    QCOMPARE(axis->currentData().toInt(), static_cast<int>(TrainingAxis::Step));
  }

  void showsProgressSpeedAndTheSample() {
    TrainingMonitor monitor;
    TrainProgress progress = step("a", 25, 1.0, 0.5);
    progress.sample_crops = {cv::Mat(8, 8, CV_8UC1, cv::Scalar(255)),
                             cv::Mat(12, 12, CV_8UC1, cv::Scalar(100)),
                             cv::Mat(6, 6, CV_8UC3, cv::Scalar(10, 10, 10))};
    progress.sample_label = 3;
    progress.sample_answer = 5;
    monitor.addProgress(progress);

    QCOMPARE(monitor.progressBar()->value(), 250);  // per mille
    QVERIFY2(monitor.progressBar()->text().contains("0:38 left"),
             qPrintable(monitor.progressBar()->text()));
    QVERIFY(monitor.speedLabel()->text().contains("128 images/s"));

    const QImage sample = monitor.sampleImage();
    QCOMPARE(sample.size(), QSize(8 + 2 + 12 + 2 + 6, 12));
    QCOMPARE(qGray(sample.pixel(3, 5)), 255);   // the first crop, centred vertically
    QCOMPARE(qGray(sample.pixel(15, 0)), 100);  // the second
    QCOMPARE(qGray(sample.pixel(25, 6)), 10);   // the third, made grey
    QVERIFY(monitor.sampleText().contains("label 3"));
    QVERIFY(monitor.sampleText().contains("5"));

    // A step without a sample keeps the last one.
    monitor.addProgress(step("a", 26, 1.0, 0.5));
    QCOMPARE(monitor.sampleImage().size(), sample.size());
  }

  void aResumedRunDropsThePointsAfterItsCheckpoint() {
    TrainingMonitor monitor;
    for (int n = 1; n <= 10; ++n) monitor.addProgress(step("a", n, 1.0, 0.5));
    monitor.addProgress(step("a", 6, 0.5, 0.5));  // resumed from the checkpoint at step 5
    QCOMPARE(monitor.pointCount("a"), 6);
    QCOMPARE(monitor.lossPoints("a", false).last(), QPointF(6, 0.5));
  }

  void nonFiniteValuesLeaveNoPoint() {
    TrainingMonitor monitor;
    monitor.addProgress(step("a", 1, 1.0, 0.5));
    monitor.addProgress(step("a", 2, std::numeric_limits<double>::quiet_NaN(), 0.5));
    monitor.addProgress(step("a", 3, INFINITY, 0.5));
    monitor.addProgress(step("a", 4, 1.0, 0.5));
    QCOMPARE(monitor.pointCount("a"), 2);
    QCOMPARE(monitor.accuracyPoints("a").size(), 4);
    QCOMPARE(monitor.lastSmoothedLoss("a"), 1.0);
  }

  void progressCrossesThreadsThroughQueuedCalls() {
    TrainingMonitor monitor;
    QThread* worker = QThread::create([&monitor] {
      for (int n = 1; n <= 3; ++n) {
        QMetaObject::invokeMethod(&monitor, "addProgress", Qt::QueuedConnection,
                                  Q_ARG(fovea::train::TrainProgress, step("worker", n, 1, 0)));
      }
    });
    worker->start();
    QVERIFY(worker->wait(5000));
    delete worker;
    QTRY_COMPARE(monitor.pointCount("worker"), 3);
  }

  void clearRunsEmptiesTheCharts() {
    TrainingMonitor monitor;
    monitor.addProgress(step("a", 1, 1.0, 0.5));
    monitor.addProgress(step("b", 1, 1.0, 0.5));
    QCOMPARE(monitor.lossChart()->chart()->series().size(), 4);  // raw and smoothed per run
    monitor.clearRuns();
    QCOMPARE(monitor.runCount(), 0);
    QVERIFY(monitor.lossChart()->chart()->series().isEmpty());
    QVERIFY(monitor.accuracyChart()->chart()->series().isEmpty());
    QVERIFY(monitor.sampleImage().isNull());
    monitor.addProgress(step("c", 1, 1.0, 0.5));
    QCOMPARE(monitor.runNames(), QStringList({"c"}));
    QCOMPARE(monitor.pointCount("c"), 1);
  }

  // Before any run the dock says what will fill it; the charts, with the run's curve drawn in
  // its colour, take its place when the first step arrives, and it comes back on clearRuns.
  void showsAMessageUntilARunArrivesThenItsCurves() {
    TrainingMonitor monitor;
    monitor.resize(900, 600);
    monitor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&monitor));
    QVERIFY(monitor.emptyMessage()->isVisible());
    QVERIFY(monitor.emptyMessage()->text().contains("Start experiment"));
    QVERIFY(!monitor.lossChart()->isVisible());

    for (int n = 1; n <= 50; ++n) monitor.addProgress(step("a", n, 2.0 / n, 0.02 * n));
    QVERIFY(!monitor.emptyMessage()->isVisible());
    QVERIFY(monitor.lossChart()->isVisible());
    QVERIFY(monitor.accuracyChart()->isVisible());
    const QImage chart = monitor.lossChart()->grab().toImage();
    const QColor colour = monitor.runColour("a");
    int curve_pixels = 0;
    for (int y = 0; y < chart.height(); ++y) {
      for (int x = 0; x < chart.width(); ++x) {
        const QColor p = chart.pixelColor(x, y);
        if (std::abs(p.red() - colour.red()) + std::abs(p.green() - colour.green()) +
                std::abs(p.blue() - colour.blue()) <
            30) {
          ++curve_pixels;
        }
      }
    }
    QVERIFY2(curve_pixels > 100, qPrintable(QString::number(curve_pixels)));

    monitor.clearRuns();
    QVERIFY(monitor.emptyMessage()->isVisible());
    QVERIFY(!monitor.lossChart()->isVisible());
  }
};

QTEST_MAIN(TrainingMonitorTest)
#include "training_monitor_test.moc"
