// The Experiments page: sweeps listed with their jobs, launched as a detached `fovea-cli sweep`
// (it outlives the window, as a long sweep should), stopped with SIGTERM (workers checkpoint),
// and a job's run opened in the training monitor and the probe.
#include <signal.h>

#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QStandardPaths>
#include <QTabWidget>
#include <filesystem>

#include "core/sweep/job_table.h"
#include "core/sweep/sweep_files.h"
#include "core/sweep/sweep_spec_file.h"
#include "experiment_job.h"
#include "main_window.h"
#include "widgets/experiments/sweep_view.h"

namespace fovea::app {
namespace {

// $FOVEA_CLI, fovea-cli beside this program (installed), in the build tree's cli folder, or on
// the PATH.
QString cliProgram() {
  const QString named = qEnvironmentVariable("FOVEA_CLI");
  if (!named.isEmpty() && QFileInfo(named).isExecutable()) return named;
  const QDir here(QCoreApplication::applicationDirPath());
  for (const QString& candidate : {here.filePath("fovea-cli"), here.filePath("../cli/fovea-cli")}) {
    if (QFileInfo(candidate).isExecutable()) return QFileInfo(candidate).canonicalFilePath();
  }
  return QStandardPaths::findExecutable("fovea-cli");
}

// Whether `pid` is still the sweep this window started: a pid can be reused once it ends.
bool processAlive(qint64 pid) {
  if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) != 0) return false;
  QFile cmdline(QString("/proc/%1/cmdline").arg(pid));
  if (!cmdline.open(QIODevice::ReadOnly)) return false;
  const QList<QByteArray> args = cmdline.readAll().split('\0');
  return args.contains("sweep") &&
         QFileInfo(QString::fromLocal8Bit(args.value(0))).fileName().startsWith("fovea-cli");
}

bool existsQuietly(const std::filesystem::path& path) {
  std::error_code error;  // an unreadable folder is not one to list, not a crash
  return std::filesystem::exists(path, error);
}

}  // namespace

void MainWindow::createSweepsPage() {
  sweep_view_ = new ui::SweepView;
  documents_->addTab(sweep_view_, tr("Experiments"));
  connect(sweep_view_, &ui::SweepView::startRequested, this, &MainWindow::startSweep);
  connect(sweep_view_, &ui::SweepView::stopRequested, this, [this](const QString& dir) {
    if (processAlive(sweep_pids_.value(dir))) ::kill(static_cast<pid_t>(sweep_pids_[dir]), SIGTERM);
  });
  connect(sweep_view_, &ui::SweepView::openRunRequested, this, &MainWindow::openSweepRun);
  connect(&sweep_timer_, &QTimer::timeout, this, [this] {
    sweep_view_->setLaunched(processAlive(sweep_pids_.value(sweep_view_->currentSweep())));
  });
  sweep_timer_.start(1000);
  refreshSweeps();
}

void MainWindow::refreshSweeps() {
  QStringList dirs = {QDir(currentExperimentDir()).absolutePath()};
  const QDir known(QFileInfo(ExperimentJob::defaultDirectory("x")).absolutePath());
  for (const auto& entry : known.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    const auto jobs = sweep::SweepFiles(entry.absoluteFilePath().toStdString()).jobs();
    if (existsQuietly(jobs) && !dirs.contains(entry.absoluteFilePath())) {
      dirs << entry.absoluteFilePath();
    }
  }
  sweep_view_->setSweeps(dirs);
}

void MainWindow::showSweep(const QString& dir) {
  const QString absolute = QDir(dir).absolutePath();
  // Opening a sweep opens its experiment: the training monitor and the probe show its runs.
  if (!job_->isRunning() && existsQuietly(sweep::SweepFiles(absolute.toStdString()).spec())) {
    try {
      const auto saved = sweep::loadSweepSpec(absolute.toStdString());
      QStringList overrides;
      for (const auto& o : saved.overrides) overrides << QString::fromStdString(o);
      setExperiment(QString::fromStdString(saved.source.string()), overrides, absolute);
      // Trained runs the selection left unscored have curves too.
      QStringList trained;
      const sweep::JobTable table(sweep::SweepFiles(absolute.toStdString()).jobs());
      for (const auto& r : table.jobs()) {
        if (r.job.kind == sweep::JobKind::Train && r.state == sweep::JobState::Done) {
          trained << QString::fromStdString(r.job.run);
        }
      }
      onPlanned(absolute, trained);
    } catch (const std::exception& error) {
      status_text_->setText(tr("Cannot open the sweep's experiment: %1").arg(error.what()));
    }
  }
  sweep_view_->showSweep(absolute);
  documents_->setCurrentWidget(sweep_view_);
}

void MainWindow::startSweep(const QString& dir, const QString& backend) {
  if (processAlive(sweep_pids_.value(dir))) return;
  const QString program = cliProgram();
  if (program.isEmpty()) {
    status_text_->setText(tr("Cannot start the sweep: fovea-cli is not installed beside Fovea"));
    return;
  }
  // A sweep that exists goes on with the experiment it was started with; a new one runs the
  // window's experiment.
  QString spec = experiment_;
  QStringList overrides = overrides_;
  if (existsQuietly(sweep::SweepFiles(dir.toStdString()).spec())) {
    try {
      const auto saved = sweep::loadSweepSpec(dir.toStdString());
      spec = QString::fromStdString(saved.source.string());
      overrides.clear();
      for (const auto& o : saved.overrides) overrides << QString::fromStdString(o);
    } catch (const std::exception& error) {
      status_text_->setText(tr("Cannot continue the sweep: %1").arg(error.what()));
      return;
    }
  }
  const QString sweep_dir = QDir(dir).filePath("sweep");
  QDir().mkpath(sweep_dir);
  QStringList args = {"--log-file", QDir(sweep_dir).filePath("driver.log"),
                      "sweep",      spec,
                      "--out",      dir,
                      "--backend",  backend};
  for (const auto& o : overrides) args << "--set" << o;
  // Detached, so that the sweep goes on when the window closes; what it prints goes to a file.
  QProcess process;
  process.setProgram(program);
  process.setArguments(args);
  process.setStandardOutputFile(QDir(sweep_dir).filePath("driver.out"), QIODevice::Append);
  process.setStandardErrorFile(QDir(sweep_dir).filePath("driver.out"), QIODevice::Append);
  qint64 pid = 0;
  if (!process.startDetached(&pid)) {
    status_text_->setText(tr("Cannot start %1").arg(program));
    return;
  }
  sweep_pids_[dir] = pid;
  sweep_view_->setLaunched(true);
  status_text_->setText(tr("Sweep started in %1 (log: %2)")
                            .arg(QDir::toNativeSeparators(dir),
                                 QDir::toNativeSeparators(QDir(sweep_dir).filePath("driver.log"))));
}

void MainWindow::openSweepRun(const QString& dir, const QString& run) {
  try {
    const auto saved = sweep::loadSweepSpec(dir.toStdString());
    QStringList overrides;
    for (const auto& o : saved.overrides) overrides << QString::fromStdString(o);
    setExperiment(QString::fromStdString(saved.source.string()), overrides, dir);
  } catch (const std::exception& error) {
    status_text_->setText(tr("Cannot open %1: %2").arg(run, error.what()));
    return;
  }
  showProbe(tr("Curves"));
  showProbeRun(run);
  if (auto* training = dock("training")) {
    training->show();
    training->raise();
  }
}

}  // namespace fovea::app
