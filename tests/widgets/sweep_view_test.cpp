// The Experiments view over a real sweep job table: stages and jobs as the workers leave them,
// a failed job's reason, requests to start, stop and open a run, and a directory with no sweep.
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "core/sweep/job_table.h"
#include "core/sweep/sweep_files.h"
#include "widgets/experiments/sweep_view.h"

using fovea::ui::SweepView;
namespace sweep = fovea::sweep;

namespace {

sweep::SweepJob job(const std::string& id, sweep::JobKind kind, const std::string& run = "") {
  sweep::SweepJob j;
  j.id = id;
  j.kind = kind;
  j.run = run;
  j.stage = static_cast<int>(kind);
  j.fingerprint = "1";
  return j;
}

// train/a done, train/b failed out of attempts, select pending (blocked).
void writeSweep(const QString& dir) {
  sweep::JobTable table(sweep::SweepFiles(dir.toStdString()).jobs());
  sweep::SweepPlan plan;
  plan.jobs = {job("train/a-lr0.1", sweep::JobKind::Train, "a-lr0.1"),
               job("train/b-lr0.1", sweep::JobKind::Train, "b-lr0.1"),
               job("select", sweep::JobKind::Select)};
  table.sync(plan, false);
  table.claim("host-1");
  table.finish("train/a-lr0.1", "host-1", true, "trained 20 steps", 2.5, 1);
  table.claim("host-2");
  table.finish("train/b-lr0.1", "host-2", false, "out of memory", 0.5, 1);
}

int rowOf(const QTableWidget* table, const QString& id) {
  for (int row = 0; row < table->rowCount(); ++row) {
    if (table->item(row, 0)->text() == id) return row;
  }
  return -1;
}

}  // namespace

class SweepViewTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void showsStagesJobsAndWhyAJobFailed() {
    QTemporaryDir dir;
    writeSweep(dir.path());
    SweepView view;
    view.resize(1000, 500);
    view.show();
    view.showSweep(dir.path());
    auto* jobs = view.jobsTable();
    QCOMPARE(jobs->rowCount(), 3);
    const int failed = rowOf(jobs, "train/b-lr0.1");
    QVERIFY(failed >= 0);
    QCOMPARE(jobs->item(failed, 2)->text(), QString("failed"));
    QCOMPARE(jobs->item(failed, 6)->text(), QString("out of memory"));
    QCOMPARE(jobs->item(rowOf(jobs, "train/a-lr0.1"), 5)->text(), QString("2.5"));
    QVERIFY2(view.summary().contains("1 job failed"), qPrintable(view.summary()));
    // One bar per stage: train 1 of 2.
    const auto bars = view.findChildren<QProgressBar*>();
    QCOMPARE(bars.size(), 2);
    QCOMPARE(bars[0]->format(), QString("1 / 2"));

    // The table follows the job table as workers change it.
    {
      sweep::JobTable table(sweep::SweepFiles(dir.path().toStdString()).jobs());
      table.sync({}, false);  // the plan went empty: every job goes
    }
    view.refresh();
    QCOMPARE(jobs->rowCount(), 0);
  }

  void requestsWhatTheUserAsksFor() {
    QTemporaryDir dir;
    writeSweep(dir.path());
    SweepView view;
    view.show();
    view.showSweep(dir.path());
    QSignalSpy start(&view, &SweepView::startRequested);
    QSignalSpy stop(&view, &SweepView::stopRequested);
    QSignalSpy open(&view, &SweepView::openRunRequested);
    auto* start_button = view.findChild<QPushButton*>("sweepStart");
    auto* stop_button = view.findChild<QPushButton*>("sweepStop");
    auto* open_button = view.findChild<QPushButton*>("sweepOpenRun");
    QVERIFY(start_button->isEnabled());
    QVERIFY(!stop_button->isEnabled());
    QVERIFY(!open_button->isEnabled());  // no job chosen
    view.findChild<QComboBox*>("sweepBackend")->setCurrentIndex(1);
    start_button->click();
    QCOMPARE(start.count(), 1);
    QCOMPARE(start[0][1].toString(), QString("slurm"));
    view.setLaunched(true);
    QVERIFY(!start_button->isEnabled());
    stop_button->click();
    QCOMPARE(stop.count(), 1);

    view.jobsTable()->selectRow(rowOf(view.jobsTable(), "select"));
    QVERIFY(!open_button->isEnabled());  // select has no run
    view.jobsTable()->selectRow(rowOf(view.jobsTable(), "train/a-lr0.1"));
    view.refresh();  // the selection survives a refresh
    QVERIFY(open_button->isEnabled());
    open_button->click();
    QCOMPARE(open.count(), 1);
    QCOMPARE(open[0][1].toString(), QString("a-lr0.1"));
  }

  void aDirectoryWithoutASweepSaysWhatStartDoes() {
    QTemporaryDir dir;
    SweepView view;
    view.showSweep(dir.path());
    QVERIFY2(view.summary().contains("No sweep in"), qPrintable(view.summary()));
    QCOMPARE(view.jobsTable()->rowCount(), 0);
    QVERIFY(!QFileInfo::exists(dir.filePath("sweep/jobs.sqlite")));  // looking creates nothing
  }
};

QTEST_MAIN(SweepViewTest)
#include "sweep_view_test.moc"
