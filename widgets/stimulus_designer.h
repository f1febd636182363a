#pragma once
#include <QWidget>
#include <functional>
#include <vector>

#include "widgets/stimulus_document.h"

class QAction;
class QFormLayout;
class QHBoxLayout;
class QLabel;

namespace fovea::ui {

class StimulusCanvas;

// The Stimulus Designer: the canvas (drag the target and flankers), a property panel for every
// field of the spec with units and validation, and the multi-scale crops the model sees, all
// bound to one StimulusDocument. Impossible values are refused with the reason shown.
class StimulusDesigner : public QWidget {
  Q_OBJECT

 public:
  explicit StimulusDesigner(QWidget* parent = nullptr);

  StimulusDocument* document() const { return document_; }
  StimulusCanvas* canvas() const { return canvas_; }
  QAction* undoAction() const { return undo_action_; }
  QAction* redoAction() const { return redo_action_; }

  // The last refusal, empty when the last edit was accepted.
  QString refusal() const;

  // A drag of glyph `glyph` to `canvas_point` (canvas pixels), as the canvas reports it.
  void dragGlyph(int glyph, const QPointF& canvas_point);

  QString exportCanvasSvg(const QString& path, const QSize& size = {800, 800}) const;

 private:
  struct Field {
    QWidget* editor;
    std::function<void()> refresh;  // spec -> editor
  };

  void buildPanel(QFormLayout* form);
  void propose(const stimulus::StimulusSpec& candidate, const QString& what, int merge_id = -1);
  void showSnapshot(const StimulusSnapshot& snapshot);
  void refreshFields();

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
};

}  // namespace fovea::ui
