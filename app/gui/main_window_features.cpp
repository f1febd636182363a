// The main window's inspection side: a run's feature maps in the Stimulus Designer, opened from
// the command line (--features), and the filter playground fed by the designer.
#include <spdlog/spdlog.h>
#include <QDir>
#include <QFileInfo>
#include <QTabWidget>
#include <memory>

#include "core/inspect/kernel_presets.h"
#include "main_window.h"
#include "widgets/playground/filter_playground_view.h"
#include "widgets/stimulus/feature_map_view.h"
#include "widgets/stimulus/model_answer_panel.h"
#include "widgets/stimulus/stimulus_designer.h"
#include "widgets/stimulus/stimulus_document.h"

namespace fovea::app {

void MainWindow::showFeatures(const QString& run, const QString& layer, const QList<int>& unit,
                              int step) {
  documents_->setCurrentWidget(designer_);
  designer_->showFeatureMaps(true);
  auto* answer = designer_->modelAnswer();
  auto* view = designer_->featureView();
  const QString checkpoint = QFileInfo(run).isDir() ? QDir(run).filePath("checkpoint.pt") : run;
  // Its training curves beside the maps, when the run's folder has them.
  const QFileInfo metrics(QFileInfo(checkpoint).dir().filePath("metrics.csv"));
  if (metrics.isFile()) {
    showRunCurves(QFileInfo(checkpoint).dir().dirName(), metrics.filePath().toStdString());
  }
  // Once the run is loaded: its own stimulus, then the layer, then the unit once its maps show.
  auto loaded = std::make_shared<QMetaObject::Connection>();
  *loaded = connect(
      answer, &ui::ModelAnswerPanel::modelChanged, this,
      [this, loaded, answer, view, layer, unit, step, run] {
        disconnect(*loaded);
        if (!answer->hasModel()) return;
        designer_->designOnTrainedStimulus();
        if (!layer.isEmpty() && !view->setLayer(layer)) {
          spdlog::warn("--feature-layer: the run has no layer '{}' with maps", layer.toStdString());
        }
        if (step >= 0) {
          if (view->steps() == 0) {
            spdlog::warn("--feature-step: run '{}' is not recurrent", run.toStdString());
          } else {
            view->setStep(std::min(step, view->steps() - 1));
          }
        }
        if (unit.size() != 3) return;
        auto shown = std::make_shared<QMetaObject::Connection>();
        *shown = connect(view, &ui::FeatureMapView::mapsUpdated, this, [shown, view, unit] {
          disconnect(*shown);
          view->pickUnit(unit[0], unit[1], unit[2]);
        });
      });
  answer->setCheckpoint(checkpoint);
}

namespace {

constexpr char kTrainedBank[] = "trained";

// The designer's run's first convolution as a playground bank; empty without a run or a
// convolution.
inspect::KernelBank trainedBankOf(const ui::ModelAnswerPanel& answer) {
  const auto predictor = answer.predictor();
  if (!predictor) return {};
  try {
    const auto first = predictor->firstConvolution();
    return inspect::trainedBank(predictor->run() + " " + first.name, first.shape, first.values);
  } catch (const std::exception& error) {
    spdlog::info("filter playground: {}", error.what());
    return {};
  }
}

}  // namespace

void MainWindow::createPlayground() {
  playground_ = new ui::FilterPlaygroundView;
  playground_->setObjectName("filterPlayground");
  documents_->addTab(playground_, tr("Filter playground"));
  auto* document = designer_->document();
  playground_->setImage(document->snapshot().canvas_window);
  connect(document, &ui::StimulusDocument::changed, playground_,
          [this](const ui::StimulusSnapshot& snapshot) {
            playground_->setImage(snapshot.canvas_window);
          });
  auto* answer = designer_->modelAnswer();
  connect(answer, &ui::ModelAnswerPanel::modelChanged, playground_,
          [this, answer] { playground_->setTrainedBank(trainedBankOf(*answer)); });
}

void MainWindow::showPlayground(const QString& bank) {
  documents_->setCurrentWidget(playground_);
  if (bank != kTrainedBank) {
    if (!playground_->setBank(bank)) {
      spdlog::warn("--playground: no kernels '{}'; there are: {}", bank.toStdString(),
                   playground_->bankNames().join(", ").toStdString());
    }
    return;
  }
  // The run's bank arrives with its model: choose it then (or now, when it is already there).
  auto choose = [this] {
    const QStringList names = playground_->bankNames();
    if (names.size() > static_cast<int>(inspect::presetBanks().size()) + 1) {
      playground_->setBank(names.back());
    }
  };
  choose();
  connect(designer_->modelAnswer(), &ui::ModelAnswerPanel::modelChanged, playground_, choose,
          Qt::SingleShotConnection);
}

}  // namespace fovea::app
