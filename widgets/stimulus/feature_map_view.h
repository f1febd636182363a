#pragma once
#include <QImage>
#include <QVector>
#include <QWidget>
#include <memory>

#include "core/eval/predictor.h"
#include "core/inspect/feature_probe.h"
#include "core/report/figure_data.h"
#include "core/stimulus/stimulus_spec.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QThread;

namespace fovea::ui {

class FigureExporter;
class MapGrid;

// What a chosen run computes for the designer's stimulus: the maps of one layer (and scale) as
// a grid, and for the unit under the cursor its receptive field on the canvas (the geometric
// squares through each crop it pools, the gradient heat, the share of each glyph's ink
// inside). Maps and fields are computed off the GUI thread by core's FeatureProbe; edits made
// meanwhile are coalesced into one computation for the latest stimulus.
class FeatureMapView : public QWidget {
  Q_OBJECT

 public:
  explicit FeatureMapView(QWidget* parent = nullptr);
  ~FeatureMapView() override;

  // The run to look into (null: none).
  void setPredictor(std::shared_ptr<const eval::Predictor> predictor);
  void setStimulus(const stimulus::StimulusSpec& spec);
  bool setLayer(const QString& name);  // false when the run has no such map layer
  void setScale(int scale);
  // A recurrent run's step (0 .. steps - 1); the slider is shown only for such a run.
  void setStep(int step);
  int step() const;
  int steps() const { return steps_; }
  // Picks a unit as hovering over the grid does.
  void pickUnit(int channel, int row, int col);

  QString layer() const;
  MapGrid* grid() const { return grid_; }
  QString message() const;
  QString fieldText() const;
  int mapsShown() const { return maps_shown_; }
  int fieldsShown() const { return fields_shown_; }
  double lastMapsMs() const { return maps_ms_; }
  bool busy() const { return worker_ != nullptr; }
  // The maps shown, as a figure for export, and where they came from.
  report::FigureData figure() const;
  report::Provenance provenance() const;
  FigureExporter* exporter() const { return exporter_; }

 Q_SIGNALS:
  void mapsUpdated();
  // The picked unit's field in canvas pixels (one square per crop it pools) and its gradient
  // heat covering the whole canvas (transparent where it is 0); empty when there is none.
  void fieldChanged(const QVector<QRectF>& squares, const QImage& heat);

 private:
  void startWork();
  void onMaps(const inspect::FeatureProbe::Maps& maps, int generation, double ms);
  void onField(const inspect::FeatureProbe::Field& field, int generation, const std::string& layer,
               const inspect::FeatureProbe::Unit& unit);
  void showMaps();
  void fillLayers();
  void finishWorker();

  QComboBox* layers_;
  QSpinBox* scale_;
  QWidget* step_row_;
  QSlider* step_;
  QLabel* step_label_;
  int steps_ = 0;
  int image_off_ = 0;
  QCheckBox* shared_;
  QComboBox* zoom_;
  QLabel* message_;
  QLabel* field_label_;
  MapGrid* grid_;
  FigureExporter* exporter_;

  std::shared_ptr<const eval::Predictor> predictor_;
  std::shared_ptr<inspect::FeatureProbe> probe_;  // used by one worker at a time
  int generation_ = 0;                            // of the bound run
  bool has_stimulus_ = false;
  stimulus::StimulusSpec stimulus_;
  inspect::FeatureProbe::Maps maps_;
  inspect::FeatureProbe::Unit unit_;
  bool unit_picked_ = false;
  QThread* worker_ = nullptr;
  bool maps_pending_ = false, field_pending_ = false;
  int maps_shown_ = 0, fields_shown_ = 0;
  double maps_ms_ = 0;
  QString field_text_;
};

}  // namespace fovea::ui
