#include "widgets/experiments/sweep_view.h"

#include <QComboBox>
#include <QDir>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <filesystem>

#include "core/sweep/job_table.h"
#include "core/sweep/sweep_files.h"

namespace fovea::ui {
namespace {

enum Column { kJob, kStage, kState, kAttempts, kWorker, kSeconds, kReason, kColumns };

QColor stateColour(sweep::JobState state) {
  switch (state) {
    case sweep::JobState::Done: return QColor(0x2e, 0x7d, 0x32);
    case sweep::JobState::Failed: return QColor(0xc6, 0x28, 0x28);
    case sweep::JobState::Running:
    case sweep::JobState::Submitted: return QColor(0x15, 0x65, 0xc0);
    default: return {};
  }
}

QTableWidgetItem* cell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  return item;
}

}  // namespace

SweepView::SweepView(QWidget* parent) : QWidget(parent) {
  setObjectName("sweepView");
  sweeps_ = new QComboBox;
  sweeps_->setObjectName("sweepChooser");
  // Paths can be long: the chooser takes the row's room, not a width of its own.
  sweeps_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  sweeps_->setMinimumContentsLength(16);
  backend_ = new QComboBox;
  backend_->setObjectName("sweepBackend");
  backend_->addItem(tr("This machine's cores"), "local");
  backend_->addItem(tr("SLURM job arrays"), "slurm");
  start_ = new QPushButton(tr("Start"));
  start_->setObjectName("sweepStart");
  start_->setToolTip(tr("Run the sweep; jobs already done are skipped, failed ones run again"));
  stop_ = new QPushButton(tr("Stop"));
  stop_->setObjectName("sweepStop");
  open_run_ = new QPushButton(tr("Open run"));
  open_run_->setObjectName("sweepOpenRun");
  open_run_->setToolTip(tr("Show the selected job's run in the training monitor and the probe"));

  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Sweep")));
  top->addWidget(sweeps_, 1);
  top->addWidget(new QLabel(tr("on")));
  top->addWidget(backend_);
  top->addWidget(start_);
  top->addWidget(stop_);
  top->addWidget(open_run_);

  summary_ = new QLabel;
  summary_->setObjectName("sweepSummary");
  summary_->setWordWrap(true);
  stages_ = new QGridLayout;
  stages_->setColumnStretch(1, 1);

  jobs_ = new QTableWidget(0, kColumns);
  jobs_->setObjectName("sweepJobs");
  jobs_->setHorizontalHeaderLabels({tr("Job"), tr("Stage"), tr("State"), tr("Attempts"),
                                    tr("Worker"), tr("Seconds"), tr("Reason")});
  jobs_->verticalHeader()->setVisible(false);
  jobs_->setSelectionBehavior(QAbstractItemView::SelectRows);
  jobs_->setSelectionMode(QAbstractItemView::SingleSelection);
  jobs_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  jobs_->horizontalHeader()->setSectionResizeMode(kReason, QHeaderView::Stretch);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(summary_);
  layout->addLayout(stages_);
  layout->addWidget(jobs_, 1);

  timer_ = new QTimer(this);
  timer_->setInterval(1000);
  connect(timer_, &QTimer::timeout, this, &SweepView::refresh);
  connect(sweeps_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
  connect(start_, &QPushButton::clicked, this,
          [this] { Q_EMIT startRequested(currentSweep(), backend()); });
  connect(stop_, &QPushButton::clicked, this, [this] { Q_EMIT stopRequested(currentSweep()); });
  connect(open_run_, &QPushButton::clicked, this, [this] {
    if (!selectedRun().isEmpty()) Q_EMIT openRunRequested(currentSweep(), selectedRun());
  });
  connect(jobs_, &QTableWidget::itemSelectionChanged, this, &SweepView::updateButtons);
  connect(jobs_, &QTableWidget::cellDoubleClicked, this, [this](int, int) {
    if (!selectedRun().isEmpty()) Q_EMIT openRunRequested(currentSweep(), selectedRun());
  });
  refresh();
}

void SweepView::setSweeps(const QStringList& dirs) {
  const QString shown = currentSweep();
  const QSignalBlocker block(sweeps_);
  sweeps_->clear();
  for (const auto& dir : dirs) sweeps_->addItem(QDir::toNativeSeparators(dir), dir);
  const int index = sweeps_->findData(shown);
  sweeps_->setCurrentIndex(index >= 0 ? index : 0);
  refresh();
}

void SweepView::showSweep(const QString& dir) {
  int index = sweeps_->findData(dir);
  if (index < 0) {
    sweeps_->addItem(QDir::toNativeSeparators(dir), dir);
    index = sweeps_->count() - 1;
  }
  sweeps_->setCurrentIndex(index);
  refresh();
}

QString SweepView::currentSweep() const {
  return sweeps_->currentData().toString();
}

QString SweepView::backend() const {
  return backend_->currentData().toString();
}

void SweepView::setLaunched(bool launched) {
  launched_ = launched;
  updateButtons();
}

QString SweepView::summary() const {
  return summary_->text();
}

QString SweepView::selectedRun() const {
  const auto rows = jobs_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return {};
  const auto* item = jobs_->item(rows.front().row(), kJob);
  return item ? item->data(Qt::UserRole).toString() : QString();
}

void SweepView::refresh() {
  const QString dir = currentSweep();
  const auto table_path = sweep::SweepFiles(dir.toStdString()).jobs();
  std::vector<sweep::JobRecord> records;
  std::vector<sweep::StageCounts> counts;
  QString problem;
  if (dir.isEmpty()) {
    problem =
        tr("No experiment directory yet. Choose one with Run > Experiment folder, then "
           "Start runs its experiment as a sweep of jobs.");
  } else if (std::error_code unreadable; !std::filesystem::exists(table_path, unreadable)) {
    problem = tr("No sweep in %1 yet. Start expands its experiment into jobs (train, select, "
                 "score, report) and runs them here or on SLURM.")
                  .arg(QDir::toNativeSeparators(dir));
  } else {
    try {
      sweep::JobTable table(table_path);
      records = table.jobs();
      counts = table.counts();
    } catch (const std::exception& error) {
      problem = tr("Cannot read the sweep: %1").arg(QString::fromStdString(error.what()));
    }
  }
  QStringList names, details;
  QList<QPair<int, int>> done_of;
  std::size_t open = 0, failed = 0;
  for (const auto& c : counts) {
    names << QString::fromStdString(c.stage);
    done_of << qMakePair(static_cast<int>(c.done), static_cast<int>(c.total() - c.skipped));
    QStringList extra;
    if (c.running) extra << tr("%1 running").arg(c.running);
    if (c.submitted) extra << tr("%1 submitted").arg(c.submitted);
    if (c.failed) extra << tr("%1 failed").arg(c.failed);
    if (c.skipped) extra << tr("%1 skipped").arg(c.skipped);
    details << extra.join(", ");
    open += c.pending + c.running + c.submitted;
    failed += c.failed;
  }
  showStages(names, done_of, details);
  if (!problem.isEmpty()) {
    summary_->setText(problem);
  } else {
    auto jobs = [](std::size_t n) { return n == 1 ? tr("1 job") : tr("%1 jobs").arg(n); };
    summary_->setText(failed > 0  ? tr("%1 failed; Start runs them again").arg(jobs(failed))
                      : open == 0 ? tr("Complete: every job is done")
                                  : tr("%1 to go").arg(jobs(open)));
  }

  const QString selected_job =
      jobs_->selectionModel()->selectedRows().isEmpty()
          ? QString()
          : jobs_->item(jobs_->selectionModel()->selectedRows().front().row(), kJob)->text();
  jobs_->setRowCount(static_cast<int>(records.size()));
  for (int row = 0; row < jobs_->rowCount(); ++row) {
    const auto& r = records[static_cast<std::size_t>(row)];
    auto* job = cell(QString::fromStdString(r.job.id));
    job->setData(Qt::UserRole, QString::fromStdString(r.job.run));
    jobs_->setItem(row, kJob, job);
    jobs_->setItem(row, kStage, cell(QString::fromStdString(sweep::toString(r.job.kind))));
    auto* state = cell(QString::fromStdString(sweep::toString(r.state)));
    if (stateColour(r.state).isValid()) state->setForeground(stateColour(r.state));
    jobs_->setItem(row, kState, state);
    jobs_->setItem(row, kAttempts, cell(QString::number(r.attempts)));
    jobs_->setItem(row, kWorker, cell(QString::fromStdString(r.worker)));
    jobs_->setItem(row, kSeconds, cell(r.seconds > 0 ? QString::number(r.seconds, 'f', 1) : ""));
    auto* reason = cell(QString::fromStdString(r.reason));
    reason->setToolTip(reason->text());  // the column elides long reasons
    jobs_->setItem(row, kReason, reason);
    if (job->text() == selected_job) jobs_->selectRow(row);
  }
  updateButtons();
}

void SweepView::showStages(const QStringList& names, const QList<QPair<int, int>>& done_of,
                           const QStringList& details) {
  while (auto* item = stages_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  for (int i = 0; i < names.size(); ++i) {
    auto* bar = new QProgressBar;
    bar->setRange(0, std::max(1, done_of[i].second));
    bar->setValue(done_of[i].first);
    bar->setFormat(QString("%1 / %2").arg(done_of[i].first).arg(done_of[i].second));
    stages_->addWidget(new QLabel(names[i]), i, 0);
    stages_->addWidget(bar, i, 1);
    stages_->addWidget(new QLabel(details[i]), i, 2);
  }
}

void SweepView::updateButtons() {
  start_->setEnabled(!currentSweep().isEmpty() && !launched_);
  stop_->setEnabled(launched_);
  open_run_->setEnabled(!selectedRun().isEmpty());
}

void SweepView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  refresh();
  timer_->start();
}

void SweepView::hideEvent(QHideEvent* event) {
  QWidget::hideEvent(event);
  timer_->stop();
}

}  // namespace fovea::ui
