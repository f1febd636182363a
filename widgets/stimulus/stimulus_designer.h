#pragma once
#include <QElapsedTimer>
#include <QWidget>
#include <functional>
#include <vector>

#include "widgets/stimulus/stimulus_document.h"

class QAction;
class QCheckBox;
class QThread;
class QTimer;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QTabWidget;

namespace fovea::retina {
class LogGaborRetina;
}

namespace fovea::ui {

class FeatureMapView;
class ModelAnswerPanel;
class ModelSummaryTable;
class RetinaCodeView;
class StimulusCanvas;

// The Stimulus Designer: the canvas (drag the target and flankers), a property panel for every
// field of the spec with units and validation, and the multi-scale crops the model sees, all
// bound to one StimulusDocument. Impossible values are refused with the reason shown.
class StimulusDesigner : public QWidget {
  Q_OBJECT

 public:
  explicit StimulusDesigner(QWidget* parent = nullptr);
  ~StimulusDesigner() override;

  StimulusDocument* document() const { return document_; }
  StimulusCanvas* canvas() const { return canvas_; }
  QAction* undoAction() const { return undo_action_; }
  QAction* redoAction() const { return redo_action_; }

  // The last refusal, empty when the last edit was accepted.
  QString refusal() const;

  // A drag of glyph `glyph` to `canvas_point` (canvas pixels), as the canvas reports it.
  void dragGlyph(int glyph, const QPointF& canvas_point);

  QString exportCanvasSvg(const QString& path, const QSize& size = {800, 800}) const;

  // Shows the log-polar retina's code of the whole canvas (its filter bank loads off the GUI
  // thread the first time).
  void setRetinaCodeShown(bool shown);
  RetinaCodeView* retinaCodeView() const { return retina_view_; }

  // The chosen run's class probabilities for the stimulus, updated after every edit.
  ModelAnswerPanel* modelAnswer() const { return answer_; }
  // The chosen run's feature maps for the stimulus; a unit under the cursor draws its field on
  // the canvas.
  FeatureMapView* featureView() const { return features_; }
  // The chosen run's layers as a table (the Layers tab).
  ModelSummaryTable* summaryTable() const { return summary_; }
  // Shows the side column's tab: 0 properties, 1 feature maps, 2 layers.
  void showSideTab(int index);
  // Designs on the chosen run's own stimulus (its canvas, geometry and crops), keeping the
  // glyphs and background chosen here; nothing without a run.
  void designOnTrainedStimulus();
  // Shows the feature maps in the side column (else the properties).
  void showFeatureMaps(bool shown);
  // From the start of the last accepted edit to its model answer being shown (ms): rendering
  // the designer's views, then, off the GUI thread, rendering with the run's retina and the
  // forward pass. NaN until that edit's answer has come (and when it produced none).
  double lastEditToAnswerMs() const { return edit_to_answer_ms_; }

 private:
  struct Field {
    QWidget* editor;
    std::function<void()> refresh;  // spec -> editor
  };

  void buildPanel(QFormLayout* form);
  void propose(const stimulus::StimulusSpec& candidate, const QString& what, int merge_id = -1);
  void showSnapshot(const StimulusSnapshot& snapshot);
  void refreshFields();
  void updateRetinaCode();

  StimulusDocument* document_;
  StimulusCanvas* canvas_;
  QLabel* refusal_label_;
  QLabel* readout_label_;
  QHBoxLayout* crops_layout_;
  std::vector<QLabel*> crop_labels_;
  std::vector<Field> fields_;
  QAction* undo_action_;
  QAction* redo_action_;
  bool refreshing_ = false;
  RetinaCodeView* retina_view_;
  ModelAnswerPanel* answer_;
  FeatureMapView* features_;
  ModelSummaryTable* summary_;
  QTabWidget* side_tabs_;
  double edit_to_answer_ms_;
  QElapsedTimer edit_timer_;  // since the last accepted edit
  QCheckBox* retina_toggle_;
  QTimer* retina_timer_;  // codes are recomputed once edits pause, not on every drag step
  QThread* retina_loader_ = nullptr;
  std::shared_ptr<const retina::LogGaborRetina> retina_;
};

}  // namespace fovea::ui
