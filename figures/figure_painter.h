#pragma once
#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <cstddef>
#include <vector>

#include "core/report/figure_data.h"

class QPainter;
class QPaintDevice;

namespace fovea::ui {

// How a figure is laid out for print. Sizes of text and strokes are in points (1/72 inch), so a
// figure exported at 300 dpi looks like the same figure at 96 dpi, only sharper.
struct FigureStyle {
  double width_mm = 89;  // one journal column
  double height_mm = 70;
  int dpi = 300;           // PNG pixels, and the resolution PDF is laid out at
  double font_pt = 8;      // tick labels and legend; titles are a little larger
  double line_pt = 1.0;    // series lines
  double marker_pt = 3.5;  // marker diameter
  QString font_family;     // empty: the application's default font
};

// The Okabe-Ito palette (distinct for the common colour-vision deficiencies), black last; series
// and runs take colours in this order, cycling.
QColor seriesColour(std::size_t index);
// A viridis-like ramp (dark blue to yellow, perceptually ordered) at t in [0, 1], clamped.
QColor viridis(double t);

// An axis's visible range and the "nice" values (1, 2, 2.5 or 5 times a power of ten) it is
// labelled at.
struct AxisScale {
  double lo = 0, hi = 1;
  std::vector<double> ticks;
  int decimals = 0;  // enough to tell neighbouring ticks apart
};
// Ticks for [lo, hi], about `target` of them.
AxisScale niceScale(double lo, double hi, int target = 5);
QString tickLabel(double value, int decimals);

// Draws a report::FigureData with QPainter on any paint device (widget, image, SVG, PDF): title,
// legend, axes with ticks and titles, series with markers and gaps at NaN, a dashed reference
// line with its label, and a heatmap with its colour bar (NaN cells grey). A line figure's axes
// follow FigureData's ranges, or the data when min == max; a heatmap's axes span its cells.
class FigurePainter {
 public:
  explicit FigurePainter(report::FigureData figure = {}, FigureStyle style = {});

  const report::FigureData& figure() const { return figure_; }
  const FigureStyle& style() const { return style_; }
  const AxisScale& xScale() const { return x_; }
  const AxisScale& yScale() const { return y_; }

  // Paints the whole figure, white paper included, into `rect` (device coordinates).
  void paint(QPainter& painter, const QRectF& rect) const;

  // Where the data area lies when the figure is painted into `rect` on `device`; text sizes
  // depend on the device's resolution.
  QRectF plotArea(const QRectF& rect, const QPaintDevice* device) const;
  // Data coordinates to device coordinates inside a plot area.
  QPointF map(double x, double y, const QRectF& plot) const;

  // Heatmap cells: the rectangle of column ix, row iy; and the cell under a point (false outside
  // the grid or without a heatmap).
  QRectF cellRect(int ix, int iy, const QRectF& plot) const;
  bool cellAt(const QPointF& point, const QRectF& plot, int* ix, int* iy) const;

 private:
  struct Layout;
  Layout layout(const QRectF& rect, const QPaintDevice* device) const;
  void paintHeatmap(QPainter& painter, const Layout& layout) const;
  void paintColourBar(QPainter& painter, const Layout& layout) const;
  void paintSeries(QPainter& painter, const Layout& layout) const;
  // The line goes under the data, its label over it.
  void paintReference(QPainter& painter, const Layout& layout, bool label) const;
  void paintAxes(QPainter& painter, const Layout& layout) const;
  void paintLegend(QPainter& painter, const Layout& layout) const;

  report::FigureData figure_;
  FigureStyle style_;
  AxisScale x_, y_;
  std::vector<double> x_edges_, y_edges_;  // heatmap cell boundaries, in the order of the values
};

}  // namespace fovea::ui
