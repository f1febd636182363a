#pragma once
#include <QString>
#include <QWidget>

#include "core/eval/attention_trial.h"

class QComboBox;
class QLabel;

namespace fovea::ui {

class MapGrid;

// The feature maps of one layer for the trial shown (a trained run's test trial): a layer
// chooser filled from the run's layers, the maps as a grid on one colour scale, and a line
// saying which maps they are. Choosing a layer asks for the trial again with layerChosen.
class TrialMapsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit TrialMapsPanel(QWidget* parent = nullptr);

  void showTrial(const eval::AttentionTrial& trial);
  // The layer chosen (empty until a run's trial has listed its layers).
  QString layer() const;
  bool setLayer(const QString& name);
  MapGrid* grid() const { return grid_; }
  QString note() const;

 Q_SIGNALS:
  void layerChosen(const QString& layer);

 private:
  QComboBox* layers_;
  QLabel* note_;
  MapGrid* grid_;
};

}  // namespace fovea::ui
