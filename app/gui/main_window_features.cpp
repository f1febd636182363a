// The main window's inspection side: a run's feature maps in the Stimulus Designer, opened from
// the command line (--features).
#include <spdlog/spdlog.h>
#include <QDir>
#include <QFileInfo>
#include <QTabWidget>
#include <memory>

#include "main_window.h"
#include "widgets/stimulus/feature_map_view.h"
#include "widgets/stimulus/model_answer_panel.h"
#include "widgets/stimulus/stimulus_designer.h"

namespace fovea::app {

void MainWindow::showFeatures(const QString& run, const QString& layer, const QList<int>& unit) {
  documents_->setCurrentWidget(designer_);
  designer_->showFeatureMaps(true);
  auto* answer = designer_->modelAnswer();
  auto* view = designer_->featureView();
  const QString checkpoint = QFileInfo(run).isDir() ? QDir(run).filePath("checkpoint.pt") : run;
  // Once the run is loaded: its own stimulus, then the layer, then the unit once its maps show.
  auto loaded = std::make_shared<QMetaObject::Connection>();
  *loaded = connect(
      answer, &ui::ModelAnswerPanel::modelChanged, this, [this, loaded, answer, view, layer, unit] {
        disconnect(*loaded);
        if (!answer->hasModel()) return;
        designer_->designOnTrainedStimulus();
        if (!layer.isEmpty() && !view->setLayer(layer)) {
          spdlog::warn("--feature-layer: the run has no layer '{}' with maps", layer.toStdString());
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

}  // namespace fovea::app
