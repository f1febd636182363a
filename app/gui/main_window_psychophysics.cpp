// The main window's psychophysics: the probe's second tab measures the chosen run as an observer
// of crowding (fovea --staircase RUN opens it measuring).
#include <spdlog/spdlog.h>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QTabWidget>
#include <QThread>
#include <memory>

#include "main_window.h"
#include "widgets/psychophysics/psychophysics_view.h"
#include "widgets/results/probe_view.h"

namespace fovea::app {

QWidget* MainWindow::createProbeTabs() {
  probe_tabs_ = new QTabWidget;
  probe_tabs_->setObjectName("probeTabs");
  probe_tabs_->setDocumentMode(true);
  psychophysics_ = new ui::PsychophysicsView;
  psychophysics_->setObjectName("psychophysicsView");
  probe_tabs_->addTab(probe_view_, tr("Figures"));
  probe_tabs_->addTab(psychophysics_, tr("Psychophysics"));
  // The run chosen above the probe is the one measured, loaded when the tab is looked at.
  auto follow = [this] {
    if (probe_tabs_->currentWidget() != psychophysics_ || psychophysics_->running()) return;
    const QString run = probe_run_->currentText();
    if (run.isEmpty() || run == "claims") return;
    const QString checkpoint =
        QDir(currentExperimentDir()).filePath("runs/" + run + "/checkpoint.pt");
    // The run shown already is not loaded again.
    if (QFileInfo::exists(checkpoint) && checkpoint != psychophysics_checkpoint_) {
      loadPsychophysicsRun(checkpoint);
    }
  };
  connect(probe_tabs_, &QTabWidget::currentChanged, this, follow);
  connect(probe_run_, &QComboBox::currentTextChanged, this, follow);
  return probe_tabs_;
}

void MainWindow::loadPsychophysicsRun(const QString& checkpoint, std::function<void()> then) {
  QPointer<MainWindow> self(this);
  // Only the latest load counts, and none replaces the run of a measurement under way.
  const int load = ++psychophysics_load_;
  psychophysics_checkpoint_ = checkpoint;
  auto* loader = QThread::create([self, checkpoint, then, load] {
    std::shared_ptr<const eval::Predictor> predictor;
    QString error;
    try {
      predictor = std::make_shared<const eval::Predictor>(checkpoint.toStdString());
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(self, [self, predictor, error, then, load] {
      if (!self || load != self->psychophysics_load_ || self->psychophysics_->running()) return;
      if (!error.isEmpty()) {
        // Never measure the previous run under this one's name: no run, and why.
        spdlog::warn("psychophysics: {}", error.toStdString());
        self->psychophysics_->setPredictor(nullptr);
        self->psychophysics_->showError(error);
        return;
      }
      self->psychophysics_->setPredictor(predictor);
      if (then) then();
    });
  });
  connect(loader, &QThread::finished, loader, &QObject::deleteLater);
  workers_.push_back(loader);
  loader->start();
}

void MainWindow::showPsychophysics() {
  documents_->setCurrentWidget(probe_tabs_->parentWidget());
  probe_tabs_->setCurrentWidget(psychophysics_);
}

void MainWindow::measureStaircase(const QString& run, const QString& ecc_deg, const QString& human,
                                  const QString& variable) {
  showPsychophysics();
  if (!ecc_deg.isEmpty() && !psychophysics_->setEccentricities(ecc_deg)) {
    spdlog::warn("--staircase-ecc: '{}' is not a list of positive degrees", ecc_deg.toStdString());
  }
  if (!human.isEmpty()) psychophysics_->loadHuman(human);
  if (!variable.isEmpty()) psychophysics_->setVariable(variable);
  const QString checkpoint = QFileInfo(run).isDir() ? QDir(run).filePath("checkpoint.pt") : run;
  loadPsychophysicsRun(checkpoint, [this] { psychophysics_->start(); });
}

}  // namespace fovea::app
