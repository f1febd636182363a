#include "widgets/stimulus/stimulus_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <cmath>

namespace fovea::ui {
namespace {

constexpr double kRuler = 30;  // ruler band, widget pixels

// A tick step (deg) that leaves at least `min_px` between ticks.
double tickStep(double px_per_deg, double min_px) {
  for (double step : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 45.0}) {
    if (step * px_per_deg >= min_px) return step;
  }
  return 90.0;
}

}  // namespace

StimulusCanvas::StimulusCanvas(QWidget* parent) : QWidget(parent) {
  setObjectName("stimulusCanvas");
  setMinimumSize(320, 320);
  setMouseTracking(true);
}

void StimulusCanvas::setSnapshot(const StimulusSnapshot& snapshot) {
  snapshot_ = snapshot;
  update();
}

void StimulusCanvas::setShowCropBoxes(bool show) {
  show_crop_boxes_ = show;
  update();
}

void StimulusCanvas::setFieldOverlay(const QVector<QRectF>& squares, const QImage& heat) {
  field_squares_ = squares;
  field_heat_ = heat;
  update();
}

QRectF StimulusCanvas::canvasRect(const QSize& size) const {
  const double side = std::max(10.0, std::min(size.width(), size.height()) - kRuler - 6);
  return {kRuler, kRuler, side, side};
}

QPointF StimulusCanvas::toCanvas(const QPointF& p) const {
  const QRectF area = canvasRect(size());
  const double scale = snapshot_.spec.geometry.canvas_px / area.width();
  return {(p.x() - area.left()) * scale, (p.y() - area.top()) * scale};
}

QPointF StimulusCanvas::toWidget(const QPointF& p) const {
  const QRectF area = canvasRect(size());
  const double scale = area.width() / snapshot_.spec.geometry.canvas_px;
  return {area.left() + p.x() * scale, area.top() + p.y() * scale};
}

int StimulusCanvas::glyphAt(const QPointF& widget_point) const {
  const QPointF c = toCanvas(widget_point);
  // Flankers first: a small flanker drawn over a target box edge should still be grabbable.
  for (int i = static_cast<int>(snapshot_.boxes.size()) - 1; i >= 0; --i) {
    const auto& box = snapshot_.boxes[static_cast<std::size_t>(i)];
    if (QRectF(box.x, box.y, box.side, box.side).contains(c)) return i;
  }
  return -1;
}

void StimulusCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  render(painter, size());
}

void StimulusCanvas::render(QPainter& painter, const QSize& size) const {
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(QRect(QPoint(0, 0), size), palette().window());
  const QRectF area = canvasRect(size);
  const double canvas_px = snapshot_.spec.geometry.canvas_px;
  const double scale = area.width() / canvas_px;
  auto map = [&](const QRectF& r) {
    return QRectF(area.left() + r.x() * scale, area.top() + r.y() * scale, r.width() * scale,
                  r.height() * scale);
  };
  painter.fillRect(area, Qt::black);
  if (!snapshot_.canvas_window.isNull()) {
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(map(QRectF(snapshot_.canvas_window_rect)), snapshot_.canvas_window);
  }
  if (show_crop_boxes_) {
    painter.setPen(QPen(QColor(64, 132, 214, 150), 1, Qt::DotLine));
    for (const auto& crop : snapshot_.crop_boxes) {
      painter.drawRect(map(QRectF(crop.lo, crop.lo, crop.side(), crop.side())));
    }
  }
  for (std::size_t i = 0; i < snapshot_.boxes.size(); ++i) {
    const auto& box = snapshot_.boxes[i];
    const bool active = static_cast<int>(i) == dragging_;
    painter.setPen(QPen(box.is_target ? QColor(242, 193, 78) : QColor(98, 200, 210),
                        active ? 2.0 : 1.0, box.is_target ? Qt::SolidLine : Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(map(QRectF(box.x, box.y, box.side, box.side)));
  }
  if (!field_heat_.isNull()) painter.drawImage(area, field_heat_);
  for (int i = 0; i < field_squares_.size(); ++i) {
    // The finest crop's square solid, the wider ones it pools fainter.
    const bool finest = i == 0;
    painter.setPen(QPen(QColor(255, 120, 40, finest ? 255 : 140), finest ? 2.0 : 1.0,
                        finest ? Qt::SolidLine : Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(map(field_squares_[i]));
  }
  // Fixation mark at the canvas centre.
  const QPointF centre = area.center();
  painter.setPen(QPen(QColor(224, 88, 79), 2));
  painter.drawLine(centre - QPointF(7, 0), centre + QPointF(7, 0));
  painter.drawLine(centre - QPointF(0, 7), centre + QPointF(0, 7));
  paintRulers(painter, area);
}

void StimulusCanvas::paintRulers(QPainter& painter, const QRectF& area) const {
  const auto& display = snapshot_.spec.display;
  const double canvas_px = snapshot_.spec.geometry.canvas_px;
  const double scale = area.width() / canvas_px;
  const double half = canvas_px / 2;
  const double step = tickStep(display.pixelsPerDegree() * scale, 36);
  const double extent = display.eccentricityDeg(half);
  painter.setPen(palette().color(QPalette::WindowText));
  QFont font = painter.font();
  font.setPointSizeF(7.5);
  painter.setFont(font);
  // Ticks at whole multiples of the step in degrees: their pixel positions follow the flat
  // screen (tan), so they crowd towards the edges, as the degrees themselves do.
  for (double deg = -std::floor(extent / step) * step; deg <= extent + 1e-9; deg += step) {
    const double px = half + display.eccentricityPx(deg);
    const double x = area.left() + px * scale;
    const double y = area.top() + (canvas_px - px) * scale;  // upwards is positive
    painter.drawLine(QPointF(x, area.top() - 6), QPointF(x, area.top()));
    painter.drawLine(QPointF(area.left() - 6, y), QPointF(area.left(), y));
    const QString label = QString::number(deg, 'g', 3);
    painter.drawText(QRectF(x - 20, 2, 40, kRuler - 10), Qt::AlignCenter, label);
    painter.drawText(QRectF(0, y - 8, kRuler - 8, 16), Qt::AlignRight | Qt::AlignVCenter, label);
  }
  painter.drawText(QRectF(area.right() - 40, 2, 40, kRuler - 10), Qt::AlignRight, "deg");
}

void StimulusCanvas::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  dragging_ = glyphAt(event->position());
  if (dragging_ >= 0) {
    const auto& box = snapshot_.boxes[static_cast<std::size_t>(dragging_)];
    grab_offset_ = toCanvas(event->position()) - QPointF(box.centre_x, box.centre_y);
    setCursor(Qt::ClosedHandCursor);
  }
}

void StimulusCanvas::mouseMoveEvent(QMouseEvent* event) {
  if (dragging_ < 0) {
    setCursor(glyphAt(event->position()) >= 0 ? Qt::OpenHandCursor : Qt::ArrowCursor);
    return;
  }
  Q_EMIT glyphDragged(dragging_, toCanvas(event->position()) - grab_offset_);
}

void StimulusCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || dragging_ < 0) return;
  dragging_ = -1;
  setCursor(Qt::OpenHandCursor);
  Q_EMIT dragFinished();
  update();
}

}  // namespace fovea::ui
