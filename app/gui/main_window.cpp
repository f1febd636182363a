#include "main_window.h"

#include <spdlog/spdlog.h>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>

#include "about_dialog.h"
#include "core/util/resources.h"
#include "demo_job.h"
#include "widgets/curve_chart.h"
#include "widgets/log_panel.h"
#include "widgets/stimulus_designer.h"
#include "widgets/stimulus_document.h"
#include "widgets/surface_view.h"

namespace fovea::app {
namespace {

constexpr auto kGeometryKey = "window/geometry";
constexpr auto kStateKey = "window/state";
constexpr auto kThemeKey = "appearance/theme";
// Bump when the dock layout changes incompatibly: Qt then ignores an old saved state.
constexpr int kLayoutVersion = 1;

QWidget* welcomePage() {
  auto* page = new QLabel(QObject::tr(
      "<h1>Fovea</h1>"
      "<p>How do deep networks see away from the centre of gaze?</p>"
      "<p><b>Run &rarr; Train digit demo</b> trains a small network on 5000 real MNIST digits "
      "and plots its loss and accuracy live. The 3D view shows a surface you can rotate with "
      "the mouse; the log panel shows what the engine is doing.</p>"));
  page->setObjectName("welcomePage");
  page->setWordWrap(true);
  page->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  page->setMargin(24);
  return page;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), designer_(new ui::StimulusDesigner), demo_job_(new DemoJob(this)) {
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
  connect(demo_job_, &DemoJob::progress, this, &MainWindow::onDemoProgress);
  connect(demo_job_, &DemoJob::finished, this, &MainWindow::onDemoFinished);
  connect(demo_job_, &DemoJob::failed, this, [this](const QString& message) {
    setJobUi(false);
    status_text_->setText(tr("Demo failed: %1").arg(message));
    Q_EMIT jobFinished(false);
  });
  restoreSettings();
}

MainWindow::~MainWindow() = default;

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

  QWidget* surface = nullptr;
  if (ui::VtkView::openGLAvailable()) {
    surface_view_ = new ui::SurfaceView;
    surface_view_->setObjectName("surfaceView");
    surface_view_->setGrid(ui::exampleSurface());
    surface = surface_view_;
  } else {
    auto* placeholder = new QLabel(tr("3D views need OpenGL 3.2, which this display "
                                      "(platform '%1') does not offer.")
                                       .arg(QGuiApplication::platformName()));
    placeholder->setObjectName("surfacePlaceholder");
    placeholder->setWordWrap(true);
    placeholder->setAlignment(Qt::AlignCenter);
    surface = placeholder;
  }
  addView("view3d", tr("3D View"), surface, Qt::RightDockWidgetArea);

  training_chart_ = new ui::CurveChart(tr("step"), tr("loss / accuracy"));
  training_chart_->setObjectName("trainingChart");
  addView("training", tr("Training"), training_chart_, Qt::RightDockWidgetArea);

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
  run_demo_action_ = run->addAction(tr("Train &digit demo"), this, &MainWindow::runDemo);
  run_demo_action_->setObjectName("runDemoAction");
  run_demo_action_->setShortcut(Qt::CTRL | Qt::Key_R);
  QAction* cancel = run->addAction(tr("&Cancel job"), this, &MainWindow::cancelJob);
  cancel->setShortcut(Qt::Key_Escape);

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
  progress_->setMaximumWidth(220);
  progress_->setVisible(false);
  cancel_button_ = new QToolButton;
  cancel_button_->setObjectName("cancelJobButton");
  cancel_button_->setText(tr("Cancel"));
  cancel_button_->setVisible(false);
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
  return demo_job_->isRunning();
}

void MainWindow::runDemo() {
  if (demo_job_->isRunning()) return;
  training_chart_->clear();
  setJobUi(true);
  status_text_->setText(tr("Training the digit demo..."));
  spdlog::info("starting the digit demo from the GUI");
  demo_job_->start();
}

void MainWindow::cancelJob() {
  if (!demo_job_->isRunning()) return;
  status_text_->setText(tr("Cancelling..."));
  demo_job_->cancel();
}

void MainWindow::setJobUi(bool running) {
  progress_->setVisible(running);
  cancel_button_->setVisible(running);
  run_demo_action_->setEnabled(!running);
  if (running) progress_->setValue(0);
}

void MainWindow::onDemoProgress(const DemoSnapshot& snapshot) {
  progress_->setRange(0, snapshot.total_steps);
  progress_->setValue(snapshot.step);
  training_chart_->addPoint(tr("loss"), snapshot.step, snapshot.loss);
  training_chart_->addPoint(tr("batch accuracy"), snapshot.step, snapshot.batch_accuracy);
  status_text_->setText(tr("Step %1 of %2, %3 images/s")
                            .arg(snapshot.step)
                            .arg(snapshot.total_steps)
                            .arg(snapshot.images_per_s, 0, 'f', 0));
}

void MainWindow::onDemoFinished(double test_accuracy, double seconds, bool cancelled) {
  setJobUi(false);
  status_text_->setText(cancelled ? tr("Demo cancelled")
                                  : tr("Demo done in %1 s: test accuracy %2")
                                        .arg(seconds, 0, 'f', 1)
                                        .arg(test_accuracy, 0, 'f', 3));
  Q_EMIT jobFinished(cancelled);
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
  restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion);
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState(kLayoutVersion));
  settings.setValue(kThemeKey, ui::themeName(theme_));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (demo_job_->isRunning()) demo_job_->cancel();
  saveSettings();
  event->accept();
}

}  // namespace fovea::app
