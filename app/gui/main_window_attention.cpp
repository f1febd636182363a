// The main window's attention side: the Attention document (what a transformer looks at), fed
// live from training and with test trials drawn by AttentionTrials off the GUI thread.
#include <spdlog/spdlog.h>
#include <QTabWidget>
#include <filesystem>

#include "attention_trials.h"
#include "core/eval/attention_trial.h"
#include "core/experiment/experiment_layout.h"
#include "main_window.h"
#include "widgets/attention/attention_view.h"

namespace fovea::app {
namespace {

constexpr int kLiveIntervalMs = 250;  // at most four live pictures a second

}  // namespace

void MainWindow::createAttentionView() {
  attention_view_ = new ui::AttentionView;
  attention_view_->setObjectName("attentionView");
  documents_->addTab(attention_view_, tr("Attention"));
  attention_trials_ = new AttentionTrials(this);
  connect(
      attention_view_, &ui::AttentionView::trialRequested, this,
      [this](const QString& run, int index, double radius, double contrast, const QString& layer) {
        attention_trials_->request(run, index, radius, contrast, layer);
      });
  connect(attention_trials_, &AttentionTrials::ready, attention_view_,
          &ui::AttentionView::showTrial);
  connect(attention_trials_, &AttentionTrials::failed, this,
          [this](const QString& run, const QString& message) {
            attention_view_->showError(tr("%1: %2").arg(run, message));
          });
  live_timer_.setInterval(kLiveIntervalMs);
  connect(&live_timer_, &QTimer::timeout, this, &MainWindow::showLatestLive);
}

bool MainWindow::refreshAttentionRuns() {
  const auto spec = loadCurrentSpec();
  if (!spec || !spec->attentionTask()) return false;
  const QString dir = currentExperimentDir();
  attention_trials_->setExperiment(dir, spec->attention, spec->seed);
  QStringList runs;
  for (const auto& plan : experiment::plannedRuns(*spec)) {
    const auto files = experiment::ExperimentFiles(dir.toStdString()).run(plan.name);
    if (std::filesystem::exists(files.checkpoint())) runs << QString::fromStdString(plan.name);
  }
  attention_view_->setRuns(runs);
  return true;
}

void MainWindow::showAttentionRun(const QString& run) {
  refreshAttentionRuns();
  documents_->setCurrentWidget(attention_view_);
  attention_view_->setSource(run);
}

void MainWindow::showAttentionTrial(int index, double radius_px, double contrast) {
  attention_view_->setTrialParameters(index, radius_px, contrast);
}

void MainWindow::onAttentionProgress(const train::TrainProgress& progress) {
  if (progress.sample_features.empty() || progress.sample_crops.empty()) return;
  // At most four pictures a second, so the GUI stays responsive; the latest sample is always
  // shown in the end.
  live_run_ = QString::fromStdString(progress.run);
  live_trial_ = eval::trialFromProgress(progress);
  live_shown_ = false;
  if (live_timer_.isActive()) return;
  live_timer_.start(kLiveIntervalMs);
  attention_view_->showLive(live_run_, live_trial_);
  live_shown_ = true;
}

void MainWindow::showLatestLive() {
  if (live_shown_) {  // nothing newer arrived during the interval: stop ticking
    live_timer_.stop();
    return;
  }
  attention_view_->showLive(live_run_, live_trial_);
  live_shown_ = true;
}

}  // namespace fovea::app
