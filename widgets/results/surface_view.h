#pragma once
#include <string>
#include <vector>

#include "widgets/common/vtk_view.h"

namespace fovea::ui {

// Values sampled on a regular grid: values[iy * nx + ix] at (x0 + ix * dx, y0 + iy * dy).
struct SurfaceGrid {
  int nx = 0;
  int ny = 0;
  double x0 = 0, x1 = 1;
  double y0 = 0, y1 = 1;
  std::vector<double> values;
  std::string x_title, y_title, z_title;
};

// A height- and colour-coded surface over two axes (for example accuracy over target and
// flanker eccentricity), rotatable with the mouse.
class SurfaceView : public VtkView {
  Q_OBJECT

 public:
  explicit SurfaceView(QWidget* parent = nullptr);

  // Throws std::invalid_argument when the grid's size does not match nx * ny (or is < 2 x 2).
  void setGrid(const SurfaceGrid& grid);

  // Background colour (RGB in [0, 1]); part of the view's contract so tests can find the scene.
  static constexpr double kBackground[3] = {0.11, 0.13, 0.17};
};

// A smooth bump to show before any results exist.
SurfaceGrid exampleSurface();

}  // namespace fovea::ui
