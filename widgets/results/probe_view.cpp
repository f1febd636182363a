#include "widgets/results/probe_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/report/figure_units.h"
#include "widgets/common/figure_view.h"

namespace fovea::ui {
namespace {

// Lists figures by title, keyed by id, keeping the current choice when its id is still there.
void fillChooser(QComboBox* box, const std::vector<report::FigureData>& figures,
                 const std::vector<std::size_t>& shown) {
  const QString chosen = box->currentData().toString();
  {
    // Repopulating must not look like a choice; the choice is restored below.
    const QSignalBlocker block(box);
    box->clear();
    for (std::size_t index : shown) {
      const auto& figure = figures[index];
      const QString id = QString::fromStdString(figure.id);
      box->addItem(figure.title.empty() ? id : QString::fromStdString(figure.title), id);
    }
    const int kept = box->findData(chosen);
    box->setCurrentIndex(kept >= 0 ? kept : (box->count() > 0 ? 0 : -1));
  }
  box->setEnabled(box->count() > 1);
}

}  // namespace

ProbeView::ProbeView(QWidget* parent)
    : QWidget(parent),
      tabs_(new QTabWidget),
      chooser_(new QComboBox),
      map_chooser_(new QComboBox),
      degrees_(new QCheckBox(tr("Degrees of visual angle"))),
      curves_(new FigureView),
      map_(new FigureView),
      surface_stack_(new QStackedWidget),
      surface_note_(new QLabel) {
  setObjectName("probeView");
  chooser_->setObjectName("probeFigureChooser");
  map_chooser_->setObjectName("probeMapChooser");
  curves_->setObjectName("probeCurves");
  map_->setObjectName("probeMap");
  auto page = [](QComboBox* chooser, QWidget* view) {
    chooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* widget = new QWidget;
    auto* column = new QVBoxLayout(widget);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Figure")));
    row->addWidget(chooser, 1);
    column->addLayout(row);
    column->addWidget(view, 1);
    return widget;
  };

  surface_note_->setObjectName("probeSurfaceNote");
  surface_note_->setAlignment(Qt::AlignCenter);
  surface_note_->setWordWrap(true);
  surface_stack_->addWidget(surface_note_);

  tabs_->addTab(page(chooser_, curves_), tr("Curves"));
  tabs_->addTab(page(map_chooser_, map_), tr("Accuracy map"));
  tabs_->addTab(surface_stack_, tr("3D surface"));
  degrees_->setObjectName("probeDegrees");
  degrees_->setToolTip(
      tr("Eccentricities and spacings in degrees through the experiment's display model"));
  tabs_->setCornerWidget(degrees_, Qt::TopRightCorner);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(tabs_);

  connect(chooser_, &QComboBox::currentIndexChanged, this, [this] { showChosenCurves(); });
  connect(map_chooser_, &QComboBox::currentIndexChanged, this, [this] { showChosenMap(); });
  connect(map_, &FigureView::cellClicked, this, &ProbeView::onMapCellClicked);
  connect(degrees_, &QCheckBox::toggled, this, [this] {
    showChosenCurves();
    showChosenMap();
  });
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
    if (tabs_->widget(index) == surface_stack_) ensureSurface();
  });
  setFigures({});
}

void ProbeView::setFigures(std::vector<report::FigureData> figures) {
  figures_ = std::move(figures);
  curve_figures_.clear();
  map_figures_.clear();
  for (std::size_t i = 0; i < figures_.size(); ++i) {
    (figures_[i].has_heatmap ? map_figures_ : curve_figures_).push_back(i);
  }
  fillChooser(chooser_, figures_, curve_figures_);
  fillChooser(map_chooser_, figures_, map_figures_);
  showChosenCurves();
  showChosenMap();
}

bool ProbeView::selectFigure(const QString& id) {
  for (QComboBox* box : {chooser_, map_chooser_}) {
    const int index = box->findData(id);
    if (index < 0) continue;
    box->setCurrentIndex(index);
    return true;
  }
  return false;
}

QString ProbeView::currentFigureId() const {
  return chooser_->currentData().toString();
}

QString ProbeView::currentMapId() const {
  return map_chooser_->currentData().toString();
}

void ProbeView::setProvenance(const report::Provenance& provenance) {
  curves_->setProvenance(provenance);
  map_->setProvenance(provenance);
}

void ProbeView::showChosenCurves() {
  const int index = chooser_->currentIndex();
  if (index < 0 || static_cast<std::size_t>(index) >= curve_figures_.size()) {
    curves_->setFigure({});
    return;
  }
  curves_->setFigure(shown(figures_[curve_figures_[static_cast<std::size_t>(index)]]));
}

void ProbeView::setDisplay(const stimulus::DisplayModel& display) {
  display_ = display;
  if (degrees()) {
    showChosenCurves();
    showChosenMap();
  }
}

void ProbeView::setDegrees(bool degrees) {
  degrees_->setChecked(degrees);
}

bool ProbeView::degrees() const {
  return degrees_->isChecked();
}

report::FigureData ProbeView::shown(const report::FigureData& figure) const {
  if (!degrees()) return figure;
  try {
    return report::inDegrees(figure, display_);
  } catch (const std::exception&) {
    return figure;  // an impossible display model: keep pixels rather than show nothing
  }
}

void ProbeView::onMapCellClicked(double x, double y) {
  if (!shown_map_) return;
  // The map may show degrees; a condition is named in the grid's pixels.
  const auto& original = figures_[*shown_map_].heatmap;
  const auto displayed = shown(figures_[*shown_map_]).heatmap;
  auto nearest = [](const std::vector<double>& values, double v) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < values.size(); ++i) {
      if (std::fabs(values[i] - v) < std::fabs(values[best] - v)) best = i;
    }
    return best;
  };
  if (original.x_values.empty() || original.y_values.empty()) return;
  Q_EMIT conditionClicked(original.x_values[nearest(displayed.x_values, x)],
                          original.y_values[nearest(displayed.y_values, y)]);
}

void ProbeView::showChosenMap() {
  const int index = map_chooser_->currentIndex();
  if (index < 0 || static_cast<std::size_t>(index) >= map_figures_.size()) {
    map_->setFigure({});
    grid_.reset();
    shown_map_.reset();
  } else {
    shown_map_ = map_figures_[static_cast<std::size_t>(index)];
    const auto figure = shown(figures_[*shown_map_]);
    map_->setFigure(figure);
    grid_ = surfaceGridFromHeatmap(figure);
  }
  updateSurface();
}

void ProbeView::ensureSurface() {
  // Made only when first needed: a QOpenGLWidget costs a GL context, and on platforms without
  // OpenGL (offscreen) showing one would crash.
  if (surface_ || !VtkView::openGLAvailable()) {
    updateSurface();
    return;
  }
  surface_ = new SurfaceView;
  surface_->setObjectName("probeSurface");
  surface_stack_->addWidget(surface_);
  updateSurface();
}

void ProbeView::updateSurface() {
  if (!VtkView::openGLAvailable()) {
    surface_note_->setText(tr("The 3D view needs OpenGL 3.2, which this display (platform '%1') "
                              "does not offer.")
                               .arg(QGuiApplication::platformName()));
    surface_stack_->setCurrentWidget(surface_note_);
    return;
  }
  if (!grid_) {
    surface_note_->setText(tr("No accuracy map yet."));
    surface_stack_->setCurrentWidget(surface_note_);
    return;
  }
  if (!surface_) return;  // made when the tab is first shown
  try {
    surface_->setGrid(*grid_);
    surface_stack_->setCurrentWidget(surface_);
  } catch (const std::invalid_argument& error) {
    surface_note_->setText(QString::fromStdString(error.what()));
    surface_stack_->setCurrentWidget(surface_note_);
  }
}

std::optional<SurfaceGrid> surfaceGridFromHeatmap(const report::FigureData& figure) {
  if (!figure.has_heatmap) return std::nullopt;
  const auto& map = figure.heatmap;
  const std::size_t nx = map.x_values.size();
  const std::size_t ny = map.y_values.size();
  if (nx < 2 || ny < 2 || map.values.size() != nx * ny) return std::nullopt;
  if (!std::isfinite(map.x_values.front()) || !std::isfinite(map.x_values.back()) ||
      !std::isfinite(map.y_values.front()) || !std::isfinite(map.y_values.back()) ||
      map.x_values.front() == map.x_values.back() || map.y_values.front() == map.y_values.back()) {
    return std::nullopt;
  }
  double lowest = INFINITY;
  for (double value : map.values) {
    if (std::isfinite(value)) lowest = std::min(lowest, value);
  }
  if (!std::isfinite(lowest)) lowest = 0;
  SurfaceGrid grid;
  grid.nx = static_cast<int>(nx);
  grid.ny = static_cast<int>(ny);
  grid.x0 = map.x_values.front();
  grid.x1 = map.x_values.back();
  grid.y0 = map.y_values.front();
  grid.y1 = map.y_values.back();
  grid.x_title = figure.x_title;
  grid.y_title = figure.y_title;
  grid.z_title = map.value_title;
  grid.values.reserve(map.values.size());
  for (double value : map.values) grid.values.push_back(std::isfinite(value) ? value : lowest);
  return grid;
}

}  // namespace fovea::ui
