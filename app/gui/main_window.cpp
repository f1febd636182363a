#include "main_window.h"

#include <spdlog/spdlog.h>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "about_dialog.h"
#include "claims_loader.h"
#include "core/eval/crowding_grid.h"
#include "core/eval/predictor.h"
#include "core/experiment/experiment_layout.h"
#include "core/experiment/results_store.h"
#include "core/report/crowding_figures.h"
#include "core/train/metrics_log.h"
#include "core/util/resources.h"
#include "experiment_job.h"
#include "widgets/attention/attention_view.h"
#include "widgets/common/log_panel.h"
#include "widgets/common/trial_gallery.h"
#include "widgets/results/probe_view.h"
#include "widgets/results/surface_view.h"
#include "widgets/stimulus/model_answer_panel.h"
#include "widgets/stimulus/stimulus_designer.h"
#include "widgets/stimulus/stimulus_document.h"
#include "widgets/training/training_monitor.h"

namespace fovea::app {
namespace {

constexpr auto kGeometryKey = "window/geometry";
constexpr auto kStateKey = "window/state";
constexpr auto kThemeKey = "appearance/theme";
// Bump when the dock layout changes incompatibly: Qt then ignores an old saved state.
constexpr int kLayoutVersion = 3;
constexpr int kProgressSteps = 1000;

QString duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QObject::tr("time left unknown");
  const auto total = static_cast<long long>(std::llround(seconds));
  if (total >= 3600) {
    return QObject::tr("%1 h %2 min left").arg(total / 3600).arg(total / 60 % 60);
  }
  if (total >= 60) return QObject::tr("%1 min %2 s left").arg(total / 60).arg(total % 60);
  return QObject::tr("%1 s left").arg(total);
}

QWidget* welcomePage() {
  auto* page = new QLabel(QObject::tr(
      "<h1>Fovea</h1>"
      "<p>How do deep networks see away from the centre of gaze?</p>"
      "<p><b>Run &rarr; Start</b> runs the quick crowding experiment: it trains an "
      "eccentricity model and a DCNN on real MNIST digits, plotting their loss and accuracy "
      "live, then probes each with flanked digits across the visual field. The Probe tab "
      "shows the crowding curves, accuracy maps and their 3D surface as they arrive; click a "
      "cell of a map to "
      "see trials of that condition. Pause checkpoints the run in training, Resume continues "
      "it exactly.</p>"
      "<p>In the <b>Stimulus Designer</b>, choose a trained run under <i>Model answer</i> to "
      "see its answer for the stimulus after every edit.</p>"));
  page->setObjectName("welcomePage");
  page->setWordWrap(true);
  page->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  page->setMargin(24);
  return page;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), designer_(new ui::StimulusDesigner), job_(new ExperimentJob(this)) {
  setObjectName("mainWindow");
  setWindowTitle("Fovea");
  setWindowIcon(QIcon(":/icons/fovea.svg"));
  setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
  documents_ = new QTabWidget;
  documents_->setObjectName("documents");
  documents_->setDocumentMode(true);
  setCentralWidget(documents_);

  createMenus();
  createViews();
  createStatusBar();
  claims_loader_ = new ClaimsLoader(this);
  // The claims table is experiment-wide: the probe lists it beside the runs.
  connect(claims_loader_, &ClaimsLoader::ready, this,
          [this](const report::FigureData& table) { onFigures(tr("claims"), {table}); });
  connect(claims_loader_, &ClaimsLoader::failed, this, [](const QString& reason) {
    spdlog::warn("cannot measure the claims: {}", reason.toStdString());
  });
  connect(job_, &ExperimentJob::stateChanged, this, &MainWindow::updateActions);
  connect(job_, &ExperimentJob::planned, this, &MainWindow::onPlanned);
  connect(job_, &ExperimentJob::trainingProgress, training_monitor_,
          &ui::TrainingMonitor::addProgress);
  connect(job_, &ExperimentJob::trainingProgress, this, &MainWindow::onAttentionProgress);
  connect(job_, &ExperimentJob::progress, this, &MainWindow::onProgress);
  connect(job_, &ExperimentJob::figuresReady, this, &MainWindow::onFigures);
  connect(job_, &ExperimentJob::runTrained, this, [this](const QString&, const QString& path) {
    refreshDesignerRuns();
    refreshAttentionRuns();
    // A designer answering with this run's older weights switches to the final ones.
    auto* answer = designer_->modelAnswer();
    if (!answer->checkpoint().isEmpty() && QFileInfo(answer->checkpoint()) == QFileInfo(path)) {
      answer->reload();
    }
  });
  connect(job_, &ExperimentJob::finished, this, &MainWindow::onJobFinished);
  connect(job_, &ExperimentJob::failed, this, [this](const QString& message) {
    status_text_->setText(tr("Experiment failed: %1").arg(message));
    updateActions();
    Q_EMIT jobFinished(true);
  });
  restoreSettings();
  updateActions();
  refreshDesignerRuns();
}

MainWindow::~MainWindow() {
  // Workers report to this window: let them end first. The job stops (and checkpoints) in its
  // own destructor.
  for (const auto& worker : workers_) {
    if (worker) worker->wait();
  }
}

QDockWidget* MainWindow::addView(const QString& id, const QString& title, QWidget* view,
                                 Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(id);
  dock->setWidget(view);
  addDockWidget(area, dock);
  view_menu_->addAction(dock->toggleViewAction());
  docks_.insert(id, dock);
  return dock;
}

QDockWidget* MainWindow::dock(const QString& id) const {
  return docks_.value(id, nullptr);
}

void MainWindow::createViews() {
  documents_->addTab(welcomePage(), tr("Welcome"));
  documents_->addTab(designer_, tr("Stimulus Designer"));
  documents_->setCurrentWidget(designer_);
  createPlayground();

  training_monitor_ = new ui::TrainingMonitor;
  training_monitor_->setObjectName("trainingMonitor");
  addView("training", tr("Training"), training_monitor_, Qt::RightDockWidgetArea);

  // The probe (crowding curves, accuracy maps and their 3D surface, bound to the scored
  // results) is a document of its own: it needs the room, and training goes on beside it. It
  // shows one run at a time; the runs are picked above it.
  probe_view_ = new ui::ProbeView;
  probe_run_ = new QComboBox;
  probe_run_->setObjectName("probeRunChooser");
  probe_run_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  auto* probe = new QWidget;
  probe->setObjectName("probePage");
  auto* probe_layout = new QVBoxLayout(probe);
  probe_layout->setContentsMargins(6, 6, 6, 6);
  auto* run_row = new QHBoxLayout;
  run_row->addWidget(new QLabel(tr("Run")));
  run_row->addWidget(probe_run_, 1);
  probe_layout->addLayout(run_row);
  probe_layout->addWidget(createProbeTabs(), 1);
  documents_->addTab(probe, tr("Probe"));
  connect(probe_run_, &QComboBox::currentTextChanged, this, &MainWindow::showRunFigures);
  connect(probe_view_, &ui::ProbeView::conditionClicked, this, &MainWindow::onConditionClicked);

  createAttentionView();
  createSweepsPage();
  addView("log", tr("Log"), new ui::LogPanel, Qt::BottomDockWidgetArea);
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open stimulus..."), this, &MainWindow::openStimulus)
      ->setShortcut(QKeySequence::Open);
  file->addAction(tr("&Save stimulus as..."), this, &MainWindow::saveStimulus)
      ->setShortcut(QKeySequence::SaveAs);
  file->addAction(tr("&Export stimulus..."), this, &MainWindow::exportStimulus);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(designer_->undoAction());
  edit->addAction(designer_->redoAction());

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  start_action_ = run->addAction(tr("&Start experiment"), this, &MainWindow::startExperiment);
  start_action_->setObjectName("startAction");
  start_action_->setShortcut(Qt::CTRL | Qt::Key_R);
  pause_action_ = run->addAction(tr("&Pause"), this, &MainWindow::pauseExperiment);
  pause_action_->setObjectName("pauseAction");
  resume_action_ = run->addAction(tr("&Resume"), this, &MainWindow::resumeExperiment);
  resume_action_->setObjectName("resumeAction");
  stop_action_ = run->addAction(tr("S&top"), this, &MainWindow::stopExperiment);
  stop_action_->setObjectName("stopAction");
  stop_action_->setShortcut(Qt::Key_Escape);
  run->addSeparator();
  folder_action_ =
      run->addAction(tr("Experiment &folder..."), this, &MainWindow::chooseExperimentDir);
  folder_action_->setObjectName("experimentFolderAction");

  view_menu_ = menuBar()->addMenu(tr("&View"));
  QMenu* themes = view_menu_->addMenu(tr("&Theme"));
  auto* theme_group = new QActionGroup(this);
  for (ui::Theme theme : {ui::Theme::Light, ui::Theme::Dark}) {
    QAction* action = themes->addAction(theme == ui::Theme::Light ? tr("&Light") : tr("&Dark"));
    action->setCheckable(true);
    action->setData(ui::themeName(theme));
    theme_group->addAction(action);
    connect(action, &QAction::triggered, this, [this, theme] { setTheme(theme); });
  }
  connect(themes, &QMenu::aboutToShow, this, [this, theme_group] {
    for (QAction* action : theme_group->actions()) {
      action->setChecked(action->data().toString() == ui::themeName(theme_));
    }
  });
  view_menu_->addSeparator();

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Fovea"), this, &MainWindow::showAbout);
}

void MainWindow::createStatusBar() {
  status_text_ = new QLabel(tr("Ready"));
  status_text_->setObjectName("statusText");
  progress_ = new QProgressBar;
  progress_->setObjectName("jobProgress");
  // Wide enough for its longest text, so the time left is never cut.
  const int text = progress_->fontMetrics().horizontalAdvance(QStringLiteral("100% \u00b7 ") +
                                                              duration(std::nan("")));
  progress_->setMinimumWidth(text + 48);
  progress_->setMaximumWidth(std::max(220, text + 48));
  progress_->setVisible(false);
  cancel_button_ = new QToolButton;
  cancel_button_->setObjectName("cancelJobButton");
  cancel_button_->setText(tr("Cancel"));
  cancel_button_->setVisible(false);
  cancel_button_->setToolTip(tr("Stop the experiment (its checkpoints are kept)"));
  progress_->setRange(0, kProgressSteps);
  connect(cancel_button_, &QToolButton::clicked, this, &MainWindow::cancelJob);
  statusBar()->addWidget(status_text_, 1);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_button_);
}

void MainWindow::setTheme(ui::Theme theme) {
  theme_ = theme;
  if (auto* application = qobject_cast<QApplication*>(QCoreApplication::instance())) {
    ui::applyTheme(*application, theme);
  }
}

bool MainWindow::isJobRunning() const {
  return job_->isRunning();
}

void MainWindow::setExperiment(const QString& spec, const QStringList& overrides,
                               const QString& dir) {
  experiment_ = spec;
  overrides_ = overrides;
  experiment_dir_ = dir;
  claims_loader_->cancel();  // another experiment's table must not land here
  refreshDesignerRuns();
  showStoredResults();
}

ui::SurfaceView* MainWindow::surfaceView() const {
  return probe_view_ ? probe_view_->surfaceView() : nullptr;
}

QString MainWindow::currentExperimentDir() const {
  if (!experiment_dir_.isEmpty()) return experiment_dir_;
  if (!job_->experimentDir().isEmpty()) return job_->experimentDir();
  // Before the spec is read its name is not known; shipped specs are named after their file.
  return ExperimentJob::defaultDirectory(QFileInfo(experiment_).completeBaseName());
}

void MainWindow::runDemo() {
  startExperiment();
}

void MainWindow::startExperiment() {
  if (job_->isRunning()) return;
  if (job_->canResume()) {
    resumeExperiment();  // Start on a paused experiment continues it
    return;
  }
  training_monitor_->clearRuns();
  figures_.clear();
  probe_run_->clear();
  probe_view_->setFigures({});
  if (const auto spec = loadCurrentSpec()) probe_view_->setDisplay(spec->stimulus.display);
  claims_loader_->cancel();  // measured again when this job ends
  status_text_->setText(tr("Starting %1...").arg(experiment_));
  spdlog::info("starting experiment {} from the GUI", experiment_.toStdString());
  job_->start(experiment_, experiment_dir_, overrides_);
  updateActions();
}

void MainWindow::pauseExperiment() {
  if (!job_->isRunning()) return;
  status_text_->setText(tr("Pausing: saving a checkpoint..."));
  job_->pause();
}

void MainWindow::resumeExperiment() {
  if (!job_->canResume()) return;
  status_text_->setText(tr("Resuming %1...").arg(experiment_));
  job_->resume();
}

void MainWindow::stopExperiment() {
  if (!job_->isRunning() && !job_->canResume()) return;
  if (job_->isRunning()) status_text_->setText(tr("Stopping: saving a checkpoint..."));
  job_->stop();
}

void MainWindow::cancelJob() {
  stopExperiment();
}

void MainWindow::chooseExperimentDir() {
  const QString dir = QFileDialog::getExistingDirectory(
      this, tr("Experiment folder (runs and results.sqlite)"), currentExperimentDir());
  if (dir.isEmpty()) return;
  experiment_dir_ = dir;
  refreshDesignerRuns();
  status_text_->setText(tr("Experiments run in %1").arg(dir));
}

void MainWindow::updateActions() {
  using State = ExperimentJob::State;
  const State state = job_->state();
  const bool running = job_->isRunning();
  start_action_->setEnabled(!running && state != State::Paused);
  pause_action_->setEnabled(running && state == State::Running);
  resume_action_->setEnabled(!running && state == State::Paused);
  stop_action_->setEnabled(running ? state != State::Stopping : state == State::Paused);
  folder_action_->setEnabled(!running && state != State::Paused);
  progress_->setVisible(running || state == State::Paused);
  cancel_button_->setVisible(running && state != State::Stopping);
}

void MainWindow::showRunCurves(const QString& run, const std::filesystem::path& metrics) {
  if (training_monitor_->runNames().contains(run)) return;
  try {
    for (const auto& row : train::readMetrics(metrics)) {
      auto named = row;
      named.run = run.toStdString();  // metrics.csv holds one run and does not name it
      training_monitor_->addProgress(named);
    }
  } catch (const std::exception& error) {
    spdlog::warn("{}: cannot read its metrics: {}", run.toStdString(), error.what());
  }
}

void MainWindow::onPlanned(const QString& dir, const QStringList& runs) {
  // Runs resumed from earlier sessions show their whole curves, not only the new steps.
  for (const QString& run : runs) {
    showRunCurves(run,
                  experiment::ExperimentFiles(dir.toStdString()).run(run.toStdString()).metrics());
  }
  refreshDesignerRuns();
  // An attention study is watched through what its models look at, beside the curves.
  if (refreshAttentionRuns() && isJobRunning()) documents_->setCurrentWidget(attention_view_);
}

void MainWindow::onProgress(const ExperimentProgress& progress) {
  progress_->setValue(static_cast<int>(std::lround(progress.fraction * kProgressSteps)));
  progress_->setFormat(QStringLiteral("%p% \u00b7 ") + duration(progress.seconds_left));
  status_text_->setText(progress.phase);
}

void MainWindow::onJobFinished(const QString& status) {
  status_text_->setText(status);
  updateActions();
  refreshDesignerRuns();
  if (job_->completed()) measureClaims();
  Q_EMIT jobFinished(job_->state() == ExperimentJob::State::Paused || !job_->completed());
}

void MainWindow::refreshDesignerRuns() {
  // Every run of the experiment directory with a checkpoint can answer in the designer.
  QList<QPair<QString, QString>> runs;
  const experiment::ExperimentFiles files(currentExperimentDir().toStdString());
  const QDir dir(QString::fromStdString(files.runs().string()));
  for (const QString& run : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    const auto checkpoint =
        QString::fromStdString(files.run(run.toStdString()).checkpoint().string());
    if (QFileInfo::exists(checkpoint)) runs.append({run, checkpoint});
  }
  designer_->modelAnswer()->setRuns(runs);
}

void MainWindow::showAbout() {
  AboutDialog dialog(this);
  dialog.exec();
}

void MainWindow::openStimulus() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open stimulus"), QString::fromStdString((experimentsDir() / "stimuli").string()),
      tr("Stimulus specs (*.toml)"));
  if (path.isEmpty()) return;
  const QString error = designer_->document()->load(path);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Open stimulus"), error);
  documents_->setCurrentWidget(designer_);
}

void MainWindow::saveStimulus() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save stimulus"), QString::fromStdString((experimentsDir() / "stimuli").string()),
      tr("Stimulus specs (*.toml)"));
  if (path.isEmpty()) return;
  const QString error = designer_->document()->save(path);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Save stimulus"), error);
}

void MainWindow::exportStimulus() {
  QString filter;
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export stimulus"), QString(),
      tr("Canvas at full resolution (*.png);;Canvas view with rulers (*.svg);;"
         "Crops side by side (*.crops.png)"),
      &filter);
  if (path.isEmpty()) return;
  QString error;
  if (path.endsWith(".svg")) {
    error = designer_->exportCanvasSvg(path);
  } else if (filter.contains("crops") || path.endsWith(".crops.png")) {
    error = designer_->document()->exportCropsPng(path);
  } else {
    error = designer_->document()->exportCanvasPng(path);
  }
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Export stimulus"), error);
}

void MainWindow::restoreSettings() {
  QSettings settings;
  setTheme(ui::themeFromName(settings.value(kThemeKey, "light").toString()));
  if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1280, 800);
  if (!restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion)) {
    // The default layout: the training curves get a third of the width beside the documents.
    resizeDocks({dock("training")}, {width() * 2 / 5}, Qt::Horizontal);
    // The log is a strip at the bottom, not a third of the window.
    resizeDocks({dock("log")}, {height() / 6}, Qt::Vertical);
  }
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState(kLayoutVersion));
  settings.setValue(kThemeKey, ui::themeName(theme_));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (job_->isRunning()) job_->stop();  // it checkpoints; its destructor waits for it
  saveSettings();
  event->accept();
}

}  // namespace fovea::app
