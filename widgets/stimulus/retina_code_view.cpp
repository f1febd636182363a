#include "widgets/stimulus/retina_code_view.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace fovea::ui {

RetinaCodeView::RetinaCodeView(QWidget* parent) : QWidget(parent) {
  setObjectName("retinaCodeView");
  setMinimumSize(140, 140);
}

void RetinaCodeView::setCode(int azimuths, int rings, std::vector<float> energies) {
  azimuths_ = azimuths;
  rings_ = rings;
  energies_ = std::move(energies);
  message_.clear();
  update();
}

void RetinaCodeView::setMessage(const QString& message) {
  message_ = message;
  energies_.clear();
  update();
}

void RetinaCodeView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(rect(), Qt::black);
  if (energies_.empty() || azimuths_ < 1 || rings_ < 1) {
    painter.setPen(Qt::gray);
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, message_);
    return;
  }
  const float peak = std::max(1e-12f, *std::max_element(energies_.begin(), energies_.end()));
  const QPointF centre = rect().center();
  const double outer = 0.48 * std::min(width(), height());
  const double inner = outer / 12;
  // Ring i spans [inner * q^i, inner * q^(i+1)) with q chosen so the last ring ends at `outer`.
  const double q = std::pow(outer / inner, 1.0 / rings_);
  const double step = 360.0 / azimuths_;
  for (int az = 0; az < azimuths_; ++az) {
    for (int ring = 0; ring < rings_; ++ring) {
      const float value = energies_[static_cast<std::size_t>(az * rings_ + ring)] / peak;
      const double r0 = inner * std::pow(q, ring);
      const double r1 = r0 * q;
      // Azimuth 0 points down the image rows and 90 deg along the columns (the retina's
      // convention); on screen that is Qt's -90 deg turning towards 0 deg. Odd rings are
      // rotated by half a step, as the filters are.
      const double psi = (az + 0.5 * (ring % 2)) * step;
      const double start = -90.0 + psi - step / 2;
      QPainterPath wedge;
      wedge.arcMoveTo(QRectF(centre.x() - r1, centre.y() - r1, 2 * r1, 2 * r1), start);
      wedge.arcTo(QRectF(centre.x() - r1, centre.y() - r1, 2 * r1, 2 * r1), start, step);
      wedge.arcTo(QRectF(centre.x() - r0, centre.y() - r0, 2 * r0, 2 * r0), start + step, -step);
      wedge.closeSubpath();
      const int level =
          static_cast<int>(std::lround(255 * std::sqrt(std::clamp(value, 0.0f, 1.0f))));
      painter.fillPath(wedge, QColor(level, level, std::min(255, level + 30)));
    }
  }
  painter.setPen(QPen(QColor(224, 88, 79), 1.5));
  painter.drawLine(centre - QPointF(4, 0), centre + QPointF(4, 0));
  painter.drawLine(centre - QPointF(0, 4), centre + QPointF(0, 4));
}

}  // namespace fovea::ui
