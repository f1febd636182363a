// The Probe side of the main window: results read from disk or arriving from the job, the claims
// table, and example trials of a clicked condition.
#include "main_window.h"

#include <spdlog/spdlog.h>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>
#include <filesystem>

#include "claims_loader.h"
#include "core/eval/crowding_grid.h"
#include "core/eval/predictor.h"
#include "core/experiment/experiment_layout.h"
#include "core/experiment/results_store.h"
#include "core/report/crowding_figures.h"
#include "experiment_job.h"
#include "widgets/attention/attention_view.h"
#include "widgets/common/trial_gallery.h"
#include "widgets/results/probe_view.h"

namespace fovea::app {
namespace {

constexpr int kExampleTrials = 8;

}  // namespace

std::optional<experiment::ExperimentSpec> MainWindow::loadCurrentSpec() const {
  try {
    std::vector<std::string> overrides;
    for (const QString& o : overrides_) overrides.push_back(o.toStdString());
    return experiment::loadExperimentSpec(
        experiment::resolveExperimentPath(experiment_.toStdString()), overrides);
  } catch (const std::exception& error) {
    spdlog::warn("cannot read the experiment {}: {}", experiment_.toStdString(), error.what());
    return std::nullopt;
  }
}

void MainWindow::showStoredResults() {
  const QString dir = currentExperimentDir();
  const auto database = experiment::ExperimentFiles(dir.toStdString()).results();
  if (job_->isRunning() || !std::filesystem::exists(database)) return;
  const auto spec = loadCurrentSpec();
  if (!spec) return;
  probe_view_->setDisplay(spec->stimulus.display);
  try {
    const experiment::ResultsStore store(database);
    QStringList runs;
    for (auto& stored : report::storedFigures(*spec, store)) {
      const QString run = QString::fromStdString(stored.run);
      stored_provenance_.insert(run, stored.provenance);
      runs << run;
      onFigures(run, stored.figures);
    }
    onPlanned(dir, runs);  // their training curves
    if (spec->claims.present && !runs.isEmpty()) claims_loader_->load(*spec, dir);
    if (!runs.isEmpty()) {
      status_text_->setText(tr("Showing the scored results of %1").arg(dir));
    }
  } catch (const std::exception& error) {
    spdlog::warn("cannot show the results in {}: {}", dir.toStdString(), error.what());
  }
}

void MainWindow::measureClaims() {
  const auto spec = loadCurrentSpec();
  if (spec && spec->claims.present) claims_loader_->load(*spec, currentExperimentDir());
}

void MainWindow::showProbe(const QString& tab) {
  documents_->setCurrentWidget(probe_tabs_->parentWidget());  // the probe page
  probe_tabs_->setCurrentWidget(probe_view_);
  for (int i = 0; i < probe_view_->tabs()->count(); ++i) {
    if (probe_view_->tabs()->tabText(i).compare(tab, Qt::CaseInsensitive) == 0) {
      probe_view_->tabs()->setCurrentIndex(i);
    }
  }
}

void MainWindow::onFigures(const QString& run, const std::vector<report::FigureData>& figures) {
  const bool first = !figures_.contains(run);
  figures_[run] = figures;
  if (probe_run_->findText(run) < 0) probe_run_->addItem(run);
  // Follow the run being probed, unless another was asked for.
  if ((first && wanted_probe_run_.isEmpty()) || run == wanted_probe_run_) {
    probe_run_->setCurrentText(run);
  }
  if (probe_run_->currentText() == run) showRunFigures(run);
  if (run == wanted_probe_run_) Q_EMIT probeRunShown(run);
}

void MainWindow::showProbeRun(const QString& run) {
  wanted_probe_run_ = run;
  if (figures_.contains(run)) {
    probe_run_->setCurrentText(run);
    showRunFigures(run);
    Q_EMIT probeRunShown(run);
  }
}

void MainWindow::showRunFigures(const QString& run) {
  if (!figures_.contains(run)) return;
  const auto live = job_->provenance(run);
  probe_view_->setProvenance(live.run.empty() ? stored_provenance_.value(run) : live);
  probe_view_->setFigures(figures_.value(run));
}

void MainWindow::onConditionClicked(double target_ecc, double flanker_ecc) {
  const QString map = probe_view_->currentMapId();
  if (map == QLatin1String("eccentricity-contrast")) {  // the attention task: x radius, y contrast
    showAttentionRun(probe_run_->currentText());
    attention_view_->setTrialParameters(attention_view_->trialIndex(), target_ecc, flanker_ecc);
    return;
  }
  if (map == QLatin1String("shift-map")) return;  // the 28 px set has no trial view yet
  const int type = map.contains("two") ? 2 : 1;
  showTrials(probe_run_->currentText(), type, target_ecc, flanker_ecc);
}

void MainWindow::showTrials(const QString& run, int flanker_type, double target_ecc,
                            double flanker_ecc) {
  if (!trials_dialog_) {
    trials_dialog_ = new QDialog(this);
    trials_dialog_->setObjectName("trialsDialog");
    trial_gallery_ = new ui::TrialGallery;
    auto* layout = new QVBoxLayout(trials_dialog_);
    layout->addWidget(trial_gallery_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, trials_dialog_, &QDialog::hide);
    layout->addWidget(buttons);
    trials_dialog_->resize(560, 640);
  }
  const QString kind = flanker_type == 2   ? tr("two flankers")
                       : flanker_type == 1 ? tr("one flanker")
                                           : tr("target alone");
  trials_dialog_->setWindowTitle(tr("Trials of %1").arg(run));
  trial_gallery_->setTitle(tr("<b>%1</b>: %2, target at %3 px, flanker at %4 px")
                               .arg(run.toHtmlEscaped(), kind)
                               .arg(target_ecc)
                               .arg(flanker_ecc));
  trials_dialog_->show();
  trials_dialog_->raise();
  const auto& spec = job_->spec();
  const QString checkpoint = job_->checkpointPath(run);
  if (!spec || checkpoint.isEmpty()) {
    trial_gallery_->setMessage(tr("No experiment has run in this session."));
    return;
  }
  trial_gallery_->setMessage(tr("Drawing %1 trials...").arg(kExampleTrials));
  const int generation = ++trials_generation_;
  const experiment::ExperimentSpec experiment = *spec;
  const eval::Condition condition{flanker_type, target_ecc, flanker_ecc};
  // Loading the checkpoint and drawing the trials takes a moment: not on the GUI thread.
  QThread* worker = QThread::create([this, experiment, condition, checkpoint, generation] {
    std::vector<eval::Trial> trials;
    QString error;
    std::vector<std::string> class_names;
    try {
      const eval::Predictor predictor(checkpoint.toStdString());
      class_names = predictor.classNames();
      trials = eval::exampleTrials(experiment, predictor, condition, kExampleTrials);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(
        this,
        [this, trials, error, class_names, generation] {
          if (generation != trials_generation_ || !trial_gallery_) return;
          if (!error.isEmpty()) {
            trial_gallery_->setMessage(tr("Cannot draw trials: %1").arg(error));
          } else {
            trial_gallery_->setTrials(trials, class_names);
          }
        },
        Qt::QueuedConnection);
  });
  connect(worker, &QThread::finished, worker, &QObject::deleteLater);
  workers_.erase(std::remove_if(workers_.begin(), workers_.end(),
                                [](const QPointer<QThread>& w) { return w.isNull(); }),
                 workers_.end());
  workers_.emplace_back(worker);
  worker->start();
}

}  // namespace fovea::app
