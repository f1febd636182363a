#include "widgets/playground/kernel_editor.h"

#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace fovea::ui {

namespace {

// White at zero, saturating to blue (negative) or red (positive) at `extent`.
QColor diverging(float value, float extent) {
  const double t = extent > 0 ? std::clamp(static_cast<double>(value) / extent, -1.0, 1.0) : 0.0;
  const QColor end = t < 0 ? QColor(33, 102, 172) : QColor(178, 24, 43);
  const double a = std::abs(t);
  return QColor::fromRgbF(static_cast<float>(1 + a * (end.redF() - 1)),
                          static_cast<float>(1 + a * (end.greenF() - 1)),
                          static_cast<float>(1 + a * (end.blueF() - 1)));
}

QString weightText(float w) {
  return QString::number(w, 'g', 2);
}

}  // namespace

KernelEditor::KernelEditor(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  setToolTip(tr("Left button: paint the value; Shift: its negative; right button: zero"));
}

void KernelEditor::setKernel(const inspect::Kernel& kernel) {
  kernel_ = kernel;
  update();
}

QRectF KernelEditor::gridRect() const {
  const double side = std::max(1, std::min(width(), height()) - 2);
  return {(width() - side) / 2.0, 0.0, side, side};
}

QRectF KernelEditor::cellRect(int row, int col) const {
  const QRectF grid = gridRect();
  const double cell = grid.width() / kernel_.size;
  return {grid.left() + col * cell, grid.top() + row * cell, cell, cell};
}

std::pair<int, int> KernelEditor::cellAt(const QPointF& point) const {
  const QRectF grid = gridRect();
  if (!grid.contains(point)) return {-1, -1};
  const double cell = grid.width() / kernel_.size;
  const int row = std::min(kernel_.size - 1, static_cast<int>((point.y() - grid.top()) / cell));
  const int col = std::min(kernel_.size - 1, static_cast<int>((point.x() - grid.left()) / cell));
  return {row, col};
}

void KernelEditor::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  float extent = 0;
  for (float w : kernel_.weights) extent = std::max(extent, std::abs(w));
  QFont font = painter.font();
  font.setPointSizeF(std::max(6.0, font.pointSizeF() - 1));
  painter.setFont(font);
  // Weights are written only when every one of them fits its cell.
  const QFontMetricsF metrics(font);
  bool labelled = true;
  for (float w : kernel_.weights) {
    labelled = labelled && metrics.horizontalAdvance(weightText(w)) <= cellRect(0, 0).width() - 4;
  }
  for (int r = 0; r < kernel_.size; ++r) {
    for (int c = 0; c < kernel_.size; ++c) {
      const float w = kernel_.weights[static_cast<std::size_t>(r * kernel_.size + c)];
      const QRectF cell = cellRect(r, c);
      painter.fillRect(cell, diverging(w, extent));
      painter.setPen(QColor(160, 160, 160));
      painter.drawRect(cell);
      if (!labelled) continue;
      painter.setPen(Qt::black);
      painter.drawText(cell, Qt::AlignCenter, weightText(w));
    }
  }
}

void KernelEditor::paintAt(const QPointF& point, Qt::MouseButtons buttons,
                           Qt::KeyboardModifiers modifiers) {
  if (!editable_) return;
  const auto [row, col] = cellAt(point);
  if (row < 0) return;
  float value = paint_value_;
  if (buttons & Qt::RightButton) {
    value = 0;
  } else if (!(buttons & Qt::LeftButton)) {
    return;
  } else if (modifiers & Qt::ShiftModifier) {
    value = -paint_value_;
  }
  float& weight = kernel_.weights[static_cast<std::size_t>(row * kernel_.size + col)];
  if (weight == value) return;
  weight = value;
  update();
  Q_EMIT kernelEdited(kernel_);
}

void KernelEditor::mousePressEvent(QMouseEvent* event) {
  paintAt(event->position(), event->buttons(), event->modifiers());
}

void KernelEditor::mouseMoveEvent(QMouseEvent* event) {
  paintAt(event->position(), event->buttons(), event->modifiers());
}

}  // namespace fovea::ui
