#include "widgets/results/surface_view.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCubeAxesActor.h>
#include <vtkDoubleArray.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataNormals.h>
#include <vtkProperty.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fovea::ui {

SurfaceView::SurfaceView(QWidget* parent) : VtkView(parent) {
  renderer()->SetBackground(kBackground[0], kBackground[1], kBackground[2]);
}

void SurfaceView::setGrid(const SurfaceGrid& grid) {
  if (grid.nx < 2 || grid.ny < 2 ||
      grid.values.size() != static_cast<std::size_t>(grid.nx) * static_cast<std::size_t>(grid.ny)) {
    throw std::invalid_argument("surface grid needs at least 2 x 2 values and nx * ny of them");
  }
  const auto [lowest, highest] = std::minmax_element(grid.values.begin(), grid.values.end());
  const double z_min = *lowest;
  const double z_span = std::max(*highest - z_min, 1e-12);
  // Height is scaled to half the larger extent of the base so any value range stays readable.
  const double base = std::max(grid.x1 - grid.x0, grid.y1 - grid.y0);
  const double z_scale = 0.5 * base / z_span;

  vtkNew<vtkPoints> points;
  vtkNew<vtkDoubleArray> scalars;
  scalars->SetName("value");
  for (int iy = 0; iy < grid.ny; ++iy) {
    for (int ix = 0; ix < grid.nx; ++ix) {
      const double value = grid.values[static_cast<std::size_t>(iy * grid.nx + ix)];
      const double x = grid.x0 + (grid.x1 - grid.x0) * ix / (grid.nx - 1);
      const double y = grid.y0 + (grid.y1 - grid.y0) * iy / (grid.ny - 1);
      points->InsertNextPoint(x, y, (value - z_min) * z_scale);
      scalars->InsertNextValue(value);
    }
  }
  vtkNew<vtkCellArray> quads;
  for (int iy = 0; iy + 1 < grid.ny; ++iy) {
    for (int ix = 0; ix + 1 < grid.nx; ++ix) {
      const vtkIdType corner = iy * grid.nx + ix;
      const vtkIdType quad[4] = {corner, corner + 1, corner + grid.nx + 1, corner + grid.nx};
      quads->InsertNextCell(4, quad);
    }
  }
  vtkNew<vtkPolyData> surface;
  surface->SetPoints(points);
  surface->SetPolys(quads);
  surface->GetPointData()->SetScalars(scalars);

  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(surface);
  vtkNew<vtkLookupTable> colours;
  colours->SetHueRange(0.667, 0.0);  // blue (low) to red (high)
  colours->SetTableRange(z_min, z_min + z_span);
  colours->Build();
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputConnection(normals->GetOutputPort());
  mapper->SetLookupTable(colours);
  mapper->SetScalarRange(z_min, z_min + z_span);
  vtkNew<vtkActor> actor;
  actor->SetMapper(mapper);

  vtkNew<vtkCubeAxesActor> axes;
  axes->SetBounds(surface->GetBounds());
  axes->SetCamera(renderer()->GetActiveCamera());
  axes->SetXTitle(grid.x_title.c_str());
  axes->SetYTitle(grid.y_title.c_str());
  axes->SetZTitle(grid.z_title.c_str());
  axes->SetZAxisLabelVisibility(false);

  renderer()->RemoveAllViewProps();
  renderer()->AddActor(actor);
  renderer()->AddActor(axes);
  renderer()->ResetCamera();
  renderer()->GetActiveCamera()->Elevation(-55);
  renderer()->GetActiveCamera()->Azimuth(25);
  renderer()->ResetCamera();
  update();
}

SurfaceGrid exampleSurface() {
  SurfaceGrid grid;
  grid.nx = grid.ny = 41;
  grid.x0 = grid.y0 = -10;
  grid.x1 = grid.y1 = 10;
  grid.x_title = "x (deg)";
  grid.y_title = "y (deg)";
  grid.z_title = "value";
  grid.values.reserve(static_cast<std::size_t>(grid.nx * grid.ny));
  for (int iy = 0; iy < grid.ny; ++iy) {
    for (int ix = 0; ix < grid.nx; ++ix) {
      const double x = grid.x0 + 20.0 * ix / (grid.nx - 1);
      const double y = grid.y0 + 20.0 * iy / (grid.ny - 1);
      grid.values.push_back(std::exp(-(x * x + y * y) / 32.0));
    }
  }
  return grid;
}

}  // namespace fovea::ui
