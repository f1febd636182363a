#pragma once
#include <QString>
#include <QWidget>
#include <optional>
#include <vector>

#include "core/report/figure_data.h"
#include "core/stimulus/display_model.h"
#include "widgets/results/surface_view.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace fovea::ui {

class FigureView;

// The results of probing a model, as they arrive: crowding curves (one figure at a time, picked
// in a combo box), an accuracy map over target x flanker eccentricity (a heatmap figure, picked
// likewise when there are several; a click on a cell emits conditionClicked) and the chosen map
// as a 3D surface. The 3D view is made when its tab is first shown, and only where OpenGL works;
// elsewhere a note takes its place.
class ProbeView : public QWidget {
  Q_OBJECT

 public:
  explicit ProbeView(QWidget* parent = nullptr);

  // Figures with a heatmap are the maps (and the surface); the others are the curves. The chosen
  // figure of each kind stays chosen while its id is still among them; otherwise the first is.
  void setFigures(std::vector<report::FigureData> figures);
  const std::vector<report::FigureData>& figures() const { return figures_; }
  // Shows the curve or map figure with this id; false if there is none.
  bool selectFigure(const QString& id);
  QString currentFigureId() const;  // of the curves
  QString currentMapId() const;
  // Written beside exported figures.
  void setProvenance(const report::Provenance& provenance);
  // Eccentricities and spacings in degrees of visual angle through `display` (the experiment's
  // [display]) instead of canvas pixels; the figures themselves stay in pixels.
  void setDisplay(const stimulus::DisplayModel& display);
  void setDegrees(bool degrees);
  bool degrees() const;

  QTabWidget* tabs() const { return tabs_; }
  QComboBox* figureChooser() const { return chooser_; }
  QComboBox* mapChooser() const { return map_chooser_; }
  QCheckBox* degreesBox() const { return degrees_; }
  FigureView* curveView() const { return curves_; }
  FigureView* mapView() const { return map_; }
  // Null until the 3D tab has been shown, and always where OpenGL is unavailable.
  SurfaceView* surfaceView() const { return surface_; }

 Q_SIGNALS:
  // A cell of the accuracy map was clicked: the heatmap's x is the target's eccentricity, its y
  // the flanker's.
  void conditionClicked(double target_ecc, double flanker_ecc);

 private:
  void showChosenCurves();
  void showChosenMap();
  void updateSurface();
  void ensureSurface();
  report::FigureData shown(const report::FigureData& figure) const;
  void onMapCellClicked(double x, double y);

  std::vector<report::FigureData> figures_;
  std::vector<std::size_t> curve_figures_;  // indices into figures_, in combo box order
  std::vector<std::size_t> map_figures_;
  std::optional<SurfaceGrid> grid_;
  stimulus::DisplayModel display_;
  std::optional<std::size_t> shown_map_;  // index into figures_
  QTabWidget* tabs_;
  QComboBox* chooser_;
  QComboBox* map_chooser_;
  QCheckBox* degrees_;
  FigureView* curves_;
  FigureView* map_;
  QStackedWidget* surface_stack_;
  QLabel* surface_note_;
  SurfaceView* surface_ = nullptr;
};

// The heatmap of a figure as a surface: NaN cells at the lowest value present (0 when none is),
// so a hole reads as "no accuracy" rather than tearing the mesh. Empty when the figure has no
// heatmap of at least 2 x 2 consistent values.
std::optional<SurfaceGrid> surfaceGridFromHeatmap(const report::FigureData& figure);

}  // namespace fovea::ui
