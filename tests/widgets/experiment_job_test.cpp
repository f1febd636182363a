// ExperimentJob on a tiny real experiment: it trains and probes off the GUI thread, stores the
// results, and pauses, resumes and stops through real checkpoints.
#include "experiment_job.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "core/eval/predictor.h"
#include "core/experiment/results_store.h"
#include "core/train/metrics_log.h"
#include "core/util/log.h"
#include "tiny_experiment.h"

using fovea::app::ExperimentJob;
using fovea::train::TrainProgress;

namespace {

constexpr int kTimeoutMs = 120000;

// Steps reported per run, in order.
std::map<QString, std::vector<std::int64_t>> stepsByRun(const QSignalSpy& spy) {
  std::map<QString, std::vector<std::int64_t>> steps;
  for (const auto& arguments : spy) {
    const auto p = arguments.first().value<TrainProgress>();
    steps[QString::fromStdString(p.run)].push_back(p.step);
  }
  return steps;
}

bool waitForState(ExperimentJob& job, ExperimentJob::State state) {
  QSignalSpy changes(&job, &ExperimentJob::stateChanged);
  while (job.state() != state) {
    if (!changes.wait(kTimeoutMs)) return false;
  }
  return true;
}

}  // namespace

class ExperimentJobTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    fovea::log::init({spdlog::level::warn, {}, false});
    QStandardPaths::setTestModeEnabled(true);
  }

  void trainsEvaluatesAndStoresEveryRun() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString spec = fovea::testing::writeTinyExperiment(dir.path(), 6);
    const QString out = dir.filePath("experiment");
    ExperimentJob job;
    QSignalSpy planned(&job, &ExperimentJob::planned);
    QSignalSpy progress(&job, &ExperimentJob::trainingProgress);
    QSignalSpy evaluated(&job, &ExperimentJob::evalProgress);
    QSignalSpy figures(&job, &ExperimentJob::figuresReady);
    QSignalSpy overall(&job, &ExperimentJob::progress);
    QSignalSpy finished(&job, &ExperimentJob::finished);
    QSignalSpy failed(&job, &ExperimentJob::failed);
    job.start(spec, out);
    QVERIFY(job.isRunning());
    QCOMPARE(job.state(), ExperimentJob::State::Running);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QVERIFY(!job.isRunning());
    QCOMPARE(job.state(), ExperimentJob::State::Idle);
    QVERIFY(job.completed());
    QVERIFY2(finished.first().first().toString().startsWith("Done"),
             qPrintable(finished.first().first().toString()));

    QCOMPARE(planned.count(), 1);
    const QStringList runs = planned.first().at(1).toStringList();
    QCOMPARE(runs, QStringList({"ecc-lr0.001", "ecc-lr0.003"}));
    QCOMPARE(job.experimentDir(), out);
    // Every step of both runs, in order, with the sample the monitor shows.
    const auto steps = stepsByRun(progress);
    for (const QString& run : runs) {
      QCOMPARE(steps.at(run), std::vector<std::int64_t>({1, 2, 3, 4, 5, 6}));
    }
    QVERIFY(!progress.last().first().value<TrainProgress>().sample_crops.empty());
    // Evaluation counted up to the whole grid (3 flanker types x 2 x 2) for each run.
    QVERIFY(!evaluated.isEmpty());
    QCOMPARE(evaluated.last().at(1).toInt(), 12);
    QCOMPARE(evaluated.last().at(2).toInt(), 12);
    // Figures for each run, with the accuracy maps.
    QStringList figure_runs;
    for (const auto& arguments : figures) {
      figure_runs << arguments.first().toString();
      const auto data = arguments.at(1).value<std::vector<fovea::report::FigureData>>();
      QVERIFY(!data.empty());
    }
    for (const QString& run : runs) QVERIFY2(figure_runs.contains(run), qPrintable(run));
    const auto last = figures.last().at(1).value<std::vector<fovea::report::FigureData>>();
    bool has_map = false;
    for (const auto& figure : last) {
      if (figure.id == "heatmap-two-flankers") {
        has_map = true;
        QCOMPARE(figure.heatmap.values.size(), std::size_t{4});
      }
    }
    QVERIFY(has_map);
    QCOMPARE(QString::fromStdString(job.provenance(runs.first()).run), runs.first());
    // The whole-experiment progress ends at 100 % with nothing left.
    const auto end = overall.last().first().value<fovea::app::ExperimentProgress>();
    QCOMPARE(end.fraction, 1.0);
    QCOMPARE(end.seconds_left, 0.0);

    // The results are in SQLite, one row per run and condition.
    {
      const fovea::experiment::ResultsStore store(
          QDir(out).filePath("results.sqlite").toStdString());
      QCOMPARE(store.runs().size(), std::size_t{2});
      QCOMPARE(store.accuracy().size(), std::size_t{24});
      for (const QString& run : runs) {
        QVERIFY(QFileInfo::exists(job.checkpointPath(run)));
      }
    }

    // Starting again continues: nothing left to train, nothing left to score, same figures.
    progress.clear();
    figures.clear();
    finished.clear();
    job.start(spec, out);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(job.completed());
    QVERIFY(progress.isEmpty());
    QCOMPARE(figures.count(), 2);  // one per run, from the stored results
  }

  void pauseCheckpointsAndResumeContinuesToTheLastStep() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    constexpr int kSteps = 150;  // long enough that the pause lands mid-run on a busy machine
    const QString spec = fovea::testing::writeTinyExperiment(dir.path(), kSteps, "[0.001]");
    ExperimentJob job;
    QSignalSpy progress(&job, &ExperimentJob::trainingProgress);
    QSignalSpy finished(&job, &ExperimentJob::finished);
    connect(&job, &ExperimentJob::trainingProgress, &job, [&job](const TrainProgress& p) {
      if (p.step >= 3 && job.state() == ExperimentJob::State::Running) job.pause();
    });
    job.start(spec, dir.filePath("experiment"));
    QVERIFY(waitForState(job, ExperimentJob::State::Paused));
    QVERIFY(!job.isRunning());
    QVERIFY(job.canResume());
    QVERIFY2(finished.count() == 1 && finished.first().first().toString().startsWith("Paused"),
             finished.isEmpty() ? "" : qPrintable(finished.first().first().toString()));
    const QString checkpoint = job.checkpointPath("ecc-lr0.001");
    QVERIFY(QFileInfo::exists(checkpoint));
    const std::int64_t paused_at = fovea::eval::Predictor(checkpoint.toStdString()).step();
    QVERIFY2(paused_at >= 3 && paused_at < kSteps, qPrintable(QString::number(paused_at)));
    QCOMPARE(stepsByRun(progress).at("ecc-lr0.001").back(), paused_at);

    progress.clear();
    finished.clear();
    job.disconnect(&job);  // no more pausing
    job.resume();
    QVERIFY(job.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(job.completed());
    QCOMPARE(job.state(), ExperimentJob::State::Idle);
    // Training picked up at the step after the checkpoint and went on to the end.
    const auto resumed = stepsByRun(progress).at("ecc-lr0.001");
    QCOMPARE(resumed.front(), paused_at + 1);
    QCOMPARE(resumed.back(), std::int64_t{kSteps});
    QCOMPARE(static_cast<std::int64_t>(resumed.size()), kSteps - paused_at);
    // metrics.csv reads as one uninterrupted run.
    const auto rows = fovea::train::readMetrics(
        QDir(dir.filePath("experiment")).filePath("runs/ecc-lr0.001/metrics.csv").toStdString());
    QCOMPARE(static_cast<int>(rows.size()), kSteps);
    QCOMPARE(fovea::eval::Predictor(checkpoint.toStdString()).step(), std::int64_t{kSteps});
  }

  void stopEndsTheJobAndKeepsTheCheckpoint() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    constexpr int kSteps = 400;
    const QString spec = fovea::testing::writeTinyExperiment(dir.path(), kSteps, "[0.001]");
    ExperimentJob job;
    QSignalSpy finished(&job, &ExperimentJob::finished);
    connect(&job, &ExperimentJob::trainingProgress, &job, [&job](const TrainProgress& p) {
      if (p.step >= 2 && job.state() == ExperimentJob::State::Running) job.stop();
    });
    job.start(spec, dir.filePath("experiment"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY2(finished.first().first().toString().startsWith("Stopped"),
             qPrintable(finished.first().first().toString()));
    QCOMPARE(job.state(), ExperimentJob::State::Idle);
    QVERIFY(!job.canResume());
    QVERIFY(!job.completed());
    const QString checkpoint = job.checkpointPath("ecc-lr0.001");
    QVERIFY(QFileInfo::exists(checkpoint));
    const auto step = fovea::eval::Predictor(checkpoint.toStdString()).step();
    QVERIFY2(step >= 2 && step < kSteps, qPrintable(QString::number(step)));
  }

  void aBadSpecFailsWithItsReasonAndNoCrash() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString spec = fovea::testing::writeTinyExperiment(dir.path(), 4);
    ExperimentJob job;
    QSignalSpy failed(&job, &ExperimentJob::failed);
    QSignalSpy finished(&job, &ExperimentJob::finished);
    job.start(spec, dir.filePath("experiment"), {"train.stepz=3"});
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QVERIFY2(failed.first().first().toString().contains("stepz"),
             qPrintable(failed.first().first().toString()));
    QVERIFY(finished.isEmpty());
    QCOMPARE(job.state(), ExperimentJob::State::Idle);

    failed.clear();
    job.start(dir.filePath("missing.toml"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QVERIFY2(failed.first().first().toString().contains("missing.toml"),
             qPrintable(failed.first().first().toString()));
  }
};

QTEST_MAIN(ExperimentJobTest)
#include "experiment_job_test.moc"
