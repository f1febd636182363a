#include "figures/figure_painter.h"

#include "figures/map_panels_painter.h"
#include "figures/table_painter.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QLinearGradient>
#include <QPaintDevice>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace fovea::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const QColor kInk(0x22, 0x22, 0x22);
const QColor kMissing(0xd9, 0xd9, 0xd9);  // NaN cells: visibly "no data", not a low value

// Pads a data range so points on its ends are not drawn on the axes; a single value gets a
// unit-wide window around it.
std::pair<double, double> padded(double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi - lo <= 1e-12 * std::max(1.0, std::abs(lo))) {
    const double half = std::max(0.5, std::abs(lo) * 0.1);
    return {lo - half, hi + half};
  }
  const double pad = 0.05 * (hi - lo);
  return {lo - pad, hi + pad};
}

bool explicitRange(double lo, double hi) {
  return std::isfinite(lo) && std::isfinite(hi) && lo < hi;
}

// Boundaries between cell centres: midpoints, with the outer cells as wide as their neighbours.
std::vector<double> cellEdges(const std::vector<double>& centres) {
  if (centres.empty()) return {};
  if (centres.size() == 1) return {centres[0] - 0.5, centres[0] + 0.5};
  std::vector<double> edges;
  edges.push_back(centres[0] - 0.5 * (centres[1] - centres[0]));
  for (std::size_t i = 0; i + 1 < centres.size(); ++i) {
    edges.push_back(0.5 * (centres[i] + centres[i + 1]));
  }
  const std::size_t n = centres.size();
  edges.push_back(centres[n - 1] + 0.5 * (centres[n - 1] - centres[n - 2]));
  return edges;
}

// Few grid values are labelled where the cells are; many get round numbers.
AxisScale cellScale(const std::vector<double>& centres, const std::vector<double>& edges) {
  const auto [lo, hi] = std::minmax_element(edges.begin(), edges.end());
  if (centres.size() > 12 || !(*lo < *hi)) return niceScale(*lo, *hi);
  AxisScale scale;
  scale.lo = *lo;
  scale.hi = *hi;
  scale.ticks = centres;
  // As few decimals as label the centres exactly, at most two (4.44 for 40/9: a label, not data).
  for (scale.decimals = 0; scale.decimals < 2; ++scale.decimals) {
    const double factor = std::pow(10.0, scale.decimals);
    const bool exact = std::all_of(centres.begin(), centres.end(), [&](double v) {
      return std::abs(std::round(v * factor) / factor - v) <= 1e-9 * std::max(1.0, std::abs(v));
    });
    if (exact) break;
  }
  return scale;
}

QPainterPath markerPath(std::size_t index, QPointF centre, double diameter) {
  const double r = diameter / 2;
  QPainterPath path;
  switch (index % 4) {
    case 0: path.addEllipse(centre, r, r); break;
    case 1:
      path.addRect(QRectF(centre.x() - r * 0.9, centre.y() - r * 0.9, r * 1.8, r * 1.8));
      break;
    case 2:
      path.moveTo(centre.x(), centre.y() - r * 1.1);
      path.lineTo(centre.x() + r, centre.y() + r * 0.8);
      path.lineTo(centre.x() - r, centre.y() + r * 0.8);
      path.closeSubpath();
      break;
    default:
      path.moveTo(centre.x(), centre.y() - r * 1.2);
      path.lineTo(centre.x() + r, centre.y());
      path.lineTo(centre.x(), centre.y() + r * 1.2);
      path.lineTo(centre.x() - r, centre.y());
      path.closeSubpath();
      break;
  }
  return path;
}

double heatValue(const report::Heatmap& map, std::size_t ix, std::size_t iy) {
  const std::size_t index = iy * map.x_values.size() + ix;
  return index < map.values.size() ? map.values[index] : kNaN;
}

}  // namespace

QColor seriesColour(std::size_t index) {
  static const QColor kPalette[] = {
      QColor(0x00, 0x72, 0xb2),  // blue
      QColor(0xd5, 0x5e, 0x00),  // vermillion
      QColor(0x00, 0x9e, 0x73),  // bluish green
      QColor(0xe6, 0x9f, 0x00),  // orange
      QColor(0xcc, 0x79, 0xa7),  // reddish purple
      QColor(0x56, 0xb4, 0xe9),  // sky blue
      QColor(0xf0, 0xe4, 0x42),  // yellow
      QColor(0x00, 0x00, 0x00),  // black
  };
  return kPalette[index % (sizeof(kPalette) / sizeof(kPalette[0]))];
}

QColor viridis(double t) {
  // viridis sampled at 9 even steps; linear in between is indistinguishable at figure sizes.
  static const QColor kStops[] = {
      QColor(0x44, 0x01, 0x54), QColor(0x47, 0x2d, 0x7b), QColor(0x3b, 0x52, 0x8b),
      QColor(0x2c, 0x72, 0x8e), QColor(0x21, 0x91, 0x8c), QColor(0x28, 0xae, 0x80),
      QColor(0x5e, 0xc9, 0x62), QColor(0xad, 0xdc, 0x30), QColor(0xfd, 0xe7, 0x25)};
  if (!std::isfinite(t)) return kMissing;
  const double position = std::clamp(t, 0.0, 1.0) * 8;
  const int i = std::min(7, static_cast<int>(position));
  const double f = position - i;
  const QColor& a = kStops[i];
  const QColor& b = kStops[i + 1];
  return QColor::fromRgbF(static_cast<float>(a.redF() + f * (b.redF() - a.redF())),
                          static_cast<float>(a.greenF() + f * (b.greenF() - a.greenF())),
                          static_cast<float>(a.blueF() + f * (b.blueF() - a.blueF())));
}

AxisScale niceScale(double lo, double hi, int target) {
  AxisScale scale;
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
    const double centre = std::isfinite(lo) ? lo : 0;
    std::tie(lo, hi) = padded(centre, centre);
  }
  scale.lo = lo;
  scale.hi = hi;
  const double raw = (hi - lo) / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double normal = raw / magnitude;
  double factor = 10;
  if (normal < 1.5) {
    factor = 1;
  } else if (normal < 2.25) {
    factor = 2;
  } else if (normal < 3.5) {
    factor = 2.5;
  } else if (normal < 7.5) {
    factor = 5;
  }
  const double step = factor * magnitude;
  scale.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  // 2.5, 0.25, ... need one more decimal than their magnitude; 25, 250, ... none.
  if (factor == 2.5 && magnitude < 10) ++scale.decimals;
  const double first = std::ceil(lo / step - 1e-9);
  for (double k = first;; k += 1) {
    double tick = k * step;
    if (tick > hi + step * 1e-9) break;
    if (std::abs(tick) < step * 1e-9) tick = 0;  // no "-0.0"
    scale.ticks.push_back(tick);
    if (scale.ticks.size() > 100) break;  // cannot happen with finite ranges; never loop forever
  }
  return scale;
}

QString tickLabel(double value, int decimals) {
  if (std::abs(value) < 0.5 * std::pow(10.0, -decimals)) value = 0;  // no "-0.0"
  QString text = QString::number(value, 'f', decimals);
  if (text.startsWith('-')) text.replace(0, 1, QChar(0x2212));  // a true minus, as typeset
  return text;
}

struct FigurePainter::Layout {
  QRectF rect;
  QRectF plot;
  double pt = 1;  // device units per point
  QFont font;
  QFont title_font;
  double title_top = 0;
  double legend_top = 0;
  std::vector<QRectF> legend_entries;  // one per series with a name (others get an empty rect)
  QRectF colour_bar;
  AxisScale colour_scale;
};

FigurePainter::FigurePainter(report::FigureData figure, FigureStyle style)
    : figure_(std::move(figure)), style_(std::move(style)) {
  if (figure_.has_heatmap && !figure_.heatmap.x_values.empty() &&
      !figure_.heatmap.y_values.empty()) {
    x_edges_ = cellEdges(figure_.heatmap.x_values);
    y_edges_ = cellEdges(figure_.heatmap.y_values);
    x_ = cellScale(figure_.heatmap.x_values, x_edges_);
    y_ = cellScale(figure_.heatmap.y_values, y_edges_);
    return;
  }
  if (explicitRange(figure_.x_min, figure_.x_max)) {
    x_ = niceScale(figure_.x_min, figure_.x_max);
  } else {
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& series : figure_.series) {
      for (double x : series.x) {
        if (!std::isfinite(x)) continue;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
    }
    const auto [a, b] = padded(lo, hi);
    x_ = niceScale(a, b);
  }
  if (explicitRange(figure_.y_min, figure_.y_max)) {
    y_ = niceScale(figure_.y_min, figure_.y_max);
  } else {
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& series : figure_.series) {
      for (double y : series.y) {
        if (!std::isfinite(y)) continue;
        lo = std::min(lo, y);
        hi = std::max(hi, y);
      }
    }
    if (figure_.has_reference && std::isfinite(figure_.reference_y)) {
      lo = std::min(lo, figure_.reference_y);
      hi = std::max(hi, figure_.reference_y);
    }
    const auto [a, b] = padded(lo, hi);
    y_ = niceScale(a, b);
  }
}

FigurePainter::Layout FigurePainter::layout(const QRectF& rect, const QPaintDevice* device) const {
  Layout out;
  out.rect = rect;
  const double dpi = device ? device->logicalDpiY() : 96;
  out.pt = dpi / 72.0;
  const double pt = out.pt;
  out.font = style_.font_family.isEmpty() ? QGuiApplication::font() : QFont(style_.font_family);
  // The family actually used, by name: an SVG that says "Sans Serif" gets a serif font elsewhere.
  if (style_.font_family.isEmpty()) out.font.setFamily(QFontInfo(out.font).family());
  out.font.setPointSizeF(std::max(1.0, style_.font_pt));
  out.title_font = out.font;
  out.title_font.setPointSizeF(std::max(1.0, style_.font_pt * 1.15));
  out.title_font.setBold(true);
  const QFontMetricsF fm = device ? QFontMetricsF(out.font, device) : QFontMetricsF(out.font);
  const QFontMetricsF title_fm =
      device ? QFontMetricsF(out.title_font, device) : QFontMetricsF(out.title_font);
  const double pad = 4 * pt;
  const double tick = 3 * pt;

  double top = rect.top() + pad;
  out.title_top = top;
  if (!figure_.title.empty()) top += title_fm.height() + pad / 2;

  // The legend flows in rows under the title, so it never hides data.
  out.legend_top = top;
  out.legend_entries.assign(figure_.series.size(), QRectF());
  const double swatch = 14 * pt;
  double row_x = rect.left() + pad;
  int rows = 0;
  for (std::size_t i = 0; i < figure_.series.size(); ++i) {
    if (figure_.series[i].name.empty()) continue;
    const double width =
        swatch + 3 * pt + fm.horizontalAdvance(QString::fromStdString(figure_.series[i].name));
    if (rows == 0) rows = 1;
    if (row_x > rect.left() + pad && row_x + width > rect.right() - pad) {
      row_x = rect.left() + pad;
      ++rows;
    }
    out.legend_entries[i] = QRectF(row_x, top + (rows - 1) * fm.height(), width, fm.height());
    row_x += width + 8 * pt;
  }
  if (rows > 0) top += rows * fm.height() + pad / 2;
  // Room above the plot for the top tick label's upper half.
  top += fm.height() / 2;

  double bottom = rect.bottom() - pad - tick - fm.height() - 2 * pt;
  if (!figure_.x_title.empty()) bottom -= fm.height() + 2 * pt;

  double tick_label_width = 0;
  for (double value : y_.ticks) {
    tick_label_width =
        std::max(tick_label_width, fm.horizontalAdvance(tickLabel(value, y_.decimals)));
  }
  double left = rect.left() + pad + tick_label_width + 2 * pt + tick;
  if (!figure_.y_title.empty()) left += fm.height() + 2 * pt;

  double right = rect.right() - pad;
  if (!x_.ticks.empty()) {
    const double overhang = fm.horizontalAdvance(tickLabel(x_.ticks.back(), x_.decimals)) / 2;
    right = rect.right() - std::max(pad, overhang + pt);
  }
  if (figure_.has_heatmap) {
    const auto& map = figure_.heatmap;
    const double lo = std::isfinite(map.lo) ? map.lo : 0;
    const double hi = std::isfinite(map.hi) && map.hi > lo ? map.hi : lo + 1;
    out.colour_scale = niceScale(lo, hi, 4);
    double label_width = 0;
    for (double value : out.colour_scale.ticks) {
      label_width =
          std::max(label_width, fm.horizontalAdvance(tickLabel(value, out.colour_scale.decimals)));
    }
    const double bar_width = 8 * pt;
    double band = 6 * pt + bar_width + tick + 2 * pt + label_width;
    if (!map.value_title.empty()) band += 2 * pt + fm.height();
    right = rect.right() - pad - band;
    out.colour_bar = QRectF(right + 6 * pt, top, bar_width, std::max(1.0, bottom - top));
  }
  out.plot = QRectF(left, top, std::max(1.0, right - left), std::max(1.0, bottom - top));
  if (figure_.has_heatmap) {
    out.colour_bar.setTop(out.plot.top());
    out.colour_bar.setHeight(out.plot.height());
  }
  return out;
}

QRectF FigurePainter::plotArea(const QRectF& rect, const QPaintDevice* device) const {
  return layout(rect, device).plot;
}

QPointF FigurePainter::map(double x, double y, const QRectF& plot) const {
  return {plot.left() + (x - x_.lo) / (x_.hi - x_.lo) * plot.width(),
          plot.bottom() - (y - y_.lo) / (y_.hi - y_.lo) * plot.height()};
}

QRectF FigurePainter::cellRect(int ix, int iy, const QRectF& plot) const {
  if (ix < 0 || iy < 0 || static_cast<std::size_t>(ix) + 1 >= x_edges_.size() ||
      static_cast<std::size_t>(iy) + 1 >= y_edges_.size()) {
    return {};
  }
  const auto i = static_cast<std::size_t>(ix);
  const auto j = static_cast<std::size_t>(iy);
  return QRectF(map(x_edges_[i], y_edges_[j], plot), map(x_edges_[i + 1], y_edges_[j + 1], plot))
      .normalized();
}

bool FigurePainter::cellAt(const QPointF& point, const QRectF& plot, int* ix, int* iy) const {
  if (x_edges_.size() < 2 || y_edges_.size() < 2) return false;
  const double x = x_.lo + (point.x() - plot.left()) / plot.width() * (x_.hi - x_.lo);
  const double y = y_.lo + (plot.bottom() - point.y()) / plot.height() * (y_.hi - y_.lo);
  auto find = [](const std::vector<double>& edges, double value) {
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
      const double a = std::min(edges[i], edges[i + 1]);
      const double b = std::max(edges[i], edges[i + 1]);
      if (value >= a && value <= b) return static_cast<int>(i);
    }
    return -1;
  };
  const int column = find(x_edges_, x);
  const int row = find(y_edges_, y);
  if (column < 0 || row < 0) return false;
  if (ix) *ix = column;
  if (iy) *iy = row;
  return true;
}

void FigurePainter::paint(QPainter& painter, const QRectF& rect) const {
  if (figure_.has_table) {
    paintTextTable(painter, rect, figure_, style_);
    return;
  }
  if (figure_.has_maps) {
    paintMapPanels(painter, rect, figure_, style_);
    return;
  }
  const Layout l = layout(rect, painter.device());
  painter.save();
  painter.fillRect(rect, Qt::white);
  painter.setRenderHint(QPainter::Antialiasing, true);
  painter.setRenderHint(QPainter::TextAntialiasing, true);

  if (figure_.has_heatmap) {
    paintHeatmap(painter, l);
    paintColourBar(painter, l);
  }
  paintReference(painter, l, false);
  paintSeries(painter, l);
  paintReference(painter, l, true);
  paintAxes(painter, l);
  paintLegend(painter, l);

  if (!figure_.title.empty()) {
    painter.setFont(l.title_font);
    painter.setPen(kInk);
    const QRectF band(rect.left(), l.title_top, rect.width(), l.legend_top - l.title_top);
    painter.drawText(band, Qt::AlignHCenter | Qt::AlignTop, QString::fromStdString(figure_.title));
  }
  painter.restore();
}

void FigurePainter::paintHeatmap(QPainter& painter, const Layout& l) const {
  const auto& map = figure_.heatmap;
  const double lo = map.lo;
  const double span = map.hi - map.lo;
  painter.save();
  // Antialiased neighbouring cells leave hairline seams between them.
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.setPen(Qt::NoPen);
  for (std::size_t iy = 0; iy < map.y_values.size(); ++iy) {
    for (std::size_t ix = 0; ix < map.x_values.size(); ++ix) {
      const double value = heatValue(map, ix, iy);
      QColor colour = kMissing;
      if (std::isfinite(value)) colour = viridis(span > 0 ? (value - lo) / span : 0.5);
      painter.setBrush(colour);
      painter.drawRect(cellRect(static_cast<int>(ix), static_cast<int>(iy), l.plot));
    }
  }
  painter.restore();
}

void FigurePainter::paintColourBar(QPainter& painter, const Layout& l) const {
  const QRectF bar = l.colour_bar;
  const AxisScale& scale = l.colour_scale;
  painter.save();
  QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
  for (int i = 0; i <= 8; ++i) gradient.setColorAt(i / 8.0, viridis(i / 8.0));
  painter.setPen(Qt::NoPen);
  painter.setBrush(gradient);
  painter.drawRect(bar);
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(kInk, 0.6 * l.pt));
  painter.drawRect(bar);

  painter.setFont(l.font);
  const QFontMetricsF fm(l.font, painter.device());
  double label_right = bar.right();
  for (double value : scale.ticks) {
    const double y = bar.bottom() - (value - scale.lo) / (scale.hi - scale.lo) * bar.height();
    painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3 * l.pt, y));
    const QString text = tickLabel(value, scale.decimals);
    const double x = bar.right() + 5 * l.pt;
    painter.drawText(QPointF(x, y + fm.capHeight() / 2), text);
    label_right = std::max(label_right, x + fm.horizontalAdvance(text));
  }
  const QString title = QString::fromStdString(figure_.heatmap.value_title);
  if (!title.isEmpty()) {
    // Read bottom to top, as the y axis title is.
    painter.translate(label_right + 2 * l.pt + fm.ascent(), bar.center().y());
    painter.rotate(-90);
    painter.drawText(QPointF(-fm.horizontalAdvance(title) / 2, 0), title);
  }
  painter.restore();
}

void FigurePainter::paintSeries(QPainter& painter, const Layout& l) const {
  painter.save();
  const double marker = style_.marker_pt * l.pt;
  // Markers on the frame stay whole; lines beyond an explicit range are cut at the frame.
  painter.setClipRect(l.plot.adjusted(-marker, -marker, marker, marker));
  for (std::size_t s = 0; s < figure_.series.size(); ++s) {
    const auto& series = figure_.series[s];
    const std::size_t palette = report::colourIndex(series, s);
    const QColor colour = seriesColour(palette);
    const std::size_t n = std::min(series.x.size(), series.y.size());
    QPen pen(colour, style_.line_pt * l.pt);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    QPolygonF run;
    auto flush = [&] {
      if (run.size() > 1 && series.lines) painter.drawPolyline(run);
      run.clear();
    };
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isfinite(series.x[i]) && std::isfinite(series.y[i])) {
        run << map(series.x[i], series.y[i], l.plot);
      } else {
        flush();  // a NaN is a gap, not a zero
      }
    }
    flush();
    if (!series.markers) continue;
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(series.x[i]) || !std::isfinite(series.y[i])) continue;
      painter.drawPath(markerPath(palette, map(series.x[i], series.y[i], l.plot), marker));
    }
  }
  painter.restore();
}

void FigurePainter::paintReference(QPainter& painter, const Layout& l, bool label_only) const {
  if (!figure_.has_reference || !std::isfinite(figure_.reference_y)) return;
  const double y = map(0, figure_.reference_y, l.plot).y();
  if (y < l.plot.top() - 0.5 || y > l.plot.bottom() + 0.5) return;
  painter.save();
  painter.setPen(QPen(QColor(0x55, 0x55, 0x55), 0.8 * l.pt, Qt::DashLine));
  const QString label = QString::fromStdString(figure_.reference_label);
  if (!label_only) {
    painter.drawLine(QPointF(l.plot.left(), y), QPointF(l.plot.right(), y));
  } else if (!label.isEmpty()) {
    painter.setFont(l.font);
    const QFontMetricsF fm(l.font, painter.device());
    const double x = l.plot.right() - 2 * l.pt - fm.horizontalAdvance(label);
    // Above the line, or below it when the line runs along the top of the plot.
    const double baseline = y - 2 * l.pt - fm.ascent() < l.plot.top() ? y + 2 * l.pt + fm.ascent()
                                                                      : y - 2 * l.pt - fm.descent();
    // On a light halo, so a curve passing behind it does not garble it.
    painter.fillRect(QRectF(x - l.pt, baseline - fm.ascent(),
                            fm.horizontalAdvance(label) + 2 * l.pt, fm.ascent() + fm.descent()),
                     QColor(255, 255, 255, 200));
    painter.drawText(QPointF(x, baseline), label);
  }
  painter.restore();
}

void FigurePainter::paintAxes(QPainter& painter, const Layout& l) const {
  painter.save();
  painter.setFont(l.font);
  const QFontMetricsF fm(l.font, painter.device());
  const double tick = 3 * l.pt;
  painter.setPen(QPen(kInk, 0.6 * l.pt, Qt::SolidLine, Qt::SquareCap));
  painter.setBrush(Qt::NoBrush);
  const QRectF& plot = l.plot;
  if (figure_.has_heatmap) {
    painter.drawRect(plot);
  } else {
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.bottomLeft(), plot.topLeft());
  }

  for (double value : x_.ticks) {
    const double x = map(value, 0, plot).x();
    painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + tick));
    const QString text = tickLabel(value, x_.decimals);
    painter.drawText(
        QPointF(x - fm.horizontalAdvance(text) / 2, plot.bottom() + tick + 2 * l.pt + fm.ascent()),
        text);
  }
  double widest = 0;
  for (double value : y_.ticks) {
    const double y = map(0, value, plot).y();
    painter.drawLine(QPointF(plot.left() - tick, y), QPointF(plot.left(), y));
    const QString text = tickLabel(value, y_.decimals);
    const double width = fm.horizontalAdvance(text);
    widest = std::max(widest, width);
    painter.drawText(QPointF(plot.left() - tick - 2 * l.pt - width, y + fm.capHeight() / 2), text);
  }

  const QString x_title = QString::fromStdString(figure_.x_title);
  if (!x_title.isEmpty()) {
    const double baseline = plot.bottom() + tick + 2 * l.pt + fm.height() + 2 * l.pt + fm.ascent();
    painter.drawText(QPointF(plot.center().x() - fm.horizontalAdvance(x_title) / 2, baseline),
                     x_title);
  }
  const QString y_title = QString::fromStdString(figure_.y_title);
  if (!y_title.isEmpty()) {
    painter.save();
    painter.translate(plot.left() - tick - 2 * l.pt - widest - 2 * l.pt - fm.descent(),
                      plot.center().y());
    painter.rotate(-90);
    painter.drawText(QPointF(-fm.horizontalAdvance(y_title) / 2, 0), y_title);
    painter.restore();
  }

  bool any_point = figure_.has_heatmap;
  for (const auto& series : figure_.series) {
    for (std::size_t i = 0; i < std::min(series.x.size(), series.y.size()); ++i) {
      any_point = any_point || (std::isfinite(series.x[i]) && std::isfinite(series.y[i]));
    }
  }
  if (!any_point) {
    painter.setPen(QColor(0x88, 0x88, 0x88));
    painter.drawText(plot, Qt::AlignCenter, QStringLiteral("no data yet"));
  }
  painter.restore();
}

void FigurePainter::paintLegend(QPainter& painter, const Layout& l) const {
  painter.save();
  painter.setFont(l.font);
  const QFontMetricsF fm(l.font, painter.device());
  const double swatch = 14 * l.pt;
  for (std::size_t s = 0; s < figure_.series.size(); ++s) {
    const QRectF entry = l.legend_entries[s];
    if (entry.isNull()) continue;
    const std::size_t palette = report::colourIndex(figure_.series[s], s);
    const QColor colour = seriesColour(palette);
    const double y = entry.center().y();
    painter.setPen(QPen(colour, style_.line_pt * l.pt));
    if (figure_.series[s].lines) {
      painter.drawLine(QPointF(entry.left(), y), QPointF(entry.left() + swatch, y));
    }
    if (figure_.series[s].markers) {
      painter.setPen(Qt::NoPen);
      painter.setBrush(colour);
      painter.drawPath(
          markerPath(palette, QPointF(entry.left() + swatch / 2, y), style_.marker_pt * l.pt));
      painter.setBrush(Qt::NoBrush);
    }
    painter.setPen(kInk);
    painter.drawText(QPointF(entry.left() + swatch + 3 * l.pt, entry.top() + fm.ascent()),
                     QString::fromStdString(figure_.series[s].name));
  }
  painter.restore();
}

}  // namespace fovea::ui
