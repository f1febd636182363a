#include "widgets/attention/sampling_canvas.h"

#include "widgets/common/crop_images.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace fovea::ui {
namespace {

const QColor kWindow(0xe6, 0x9f, 0x00);  // Okabe-Ito orange: visible on grey noise
const QColor kDigit(0x56, 0xb4, 0xe9);   // sky blue

}  // namespace

SamplingCanvas::SamplingCanvas(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void SamplingCanvas::setTrial(const eval::AttentionTrial& trial) {
  trial_ = trial;
  // A model that sees the centre of a larger stimulus: show the stimulus, the fovea on it.
  image_ = cropStrip({trial.scene.empty() ? trial.image : trial.scene});
  inset_ = trial.scene.empty() ? 0.0 : (trial.scene.cols - trial.image.cols) / 2.0;
  outline_.clear();
  if (trial.has_transform && !trial.image.empty()) {
    // The window's edges: the output's corners (+-1, align_corners = false) through theta.
    const double side = trial.image.cols;
    const auto& t = trial.theta;
    for (auto [x, y] : {std::pair{-1.0, -1.0}, {1.0, -1.0}, {1.0, 1.0}, {-1.0, 1.0}}) {
      const double u = t[0] * x + t[1] * y + t[2], v = t[3] * x + t[4] * y + t[5];
      outline_ << QPointF(((u + 1) * side - 1) / 2, ((v + 1) * side - 1) / 2);
    }
  }
  update();
}

void SamplingCanvas::clear() {
  setTrial({});
}

QRectF SamplingCanvas::imageRect() const {
  if (image_.isNull()) return {};
  const double side = std::min(width(), height()) - 8.0;
  return {(width() - side) / 2, (height() - side) / 2, side, side};
}

void SamplingCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  if (image_.isNull()) {
    painter.setPen(palette().text().color());
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Train or pick a run to see what it looks at"));
    return;
  }
  const QRectF target = imageRect();
  painter.drawImage(target, image_);  // nearest: the pixels are the point
  const double scale = target.width() / image_.width();
  // Image pixel (x, y) has its centre at x + 0.5 in widget coordinates.
  // Model-input pixel (x, y) has its centre at x + inset + 0.5 in the shown image.
  auto toWidget = [&](QPointF p) {
    return QPointF(target.left() + (p.x() + inset_ + 0.5) * scale,
                   target.top() + (p.y() + inset_ + 0.5) * scale);
  };
  painter.setRenderHint(QPainter::Antialiasing);
  const int g = trial_.grid_side;
  if (!outline_.isEmpty() && g > 1 && trial_.grid.size() == std::size_t(g) * std::size_t(g)) {
    QPen thin(kWindow, 1);
    thin.setCosmetic(true);
    painter.setPen(thin);
    for (int k = 4; k < g - 1; k += 4) {  // every fourth row and column of the grid
      QPainterPath row, column;
      for (int m = 0; m < g; ++m) {
        const auto& r = trial_.grid[static_cast<std::size_t>(k * g + m)];
        const auto& c = trial_.grid[static_cast<std::size_t>(m * g + k)];
        const QPointF pr = toWidget({r.x, r.y}), pc = toWidget({c.x, c.y});
        if (m == 0) {
          row.moveTo(pr);
          column.moveTo(pc);
        } else {
          row.lineTo(pr);
          column.lineTo(pc);
        }
      }
      painter.drawPath(row);
      painter.drawPath(column);
    }
    QPolygonF shown;
    for (const auto& p : outline_) shown << toWidget(p);
    painter.setPen(QPen(kWindow, 2.5));
    painter.drawPolygon(shown);
    const double side = image_.width();  // theta's translation: the window's centre
    const QPointF c =
        toWidget({((trial_.theta[2] + 1) * side - 1) / 2, ((trial_.theta[5] + 1) * side - 1) / 2});
    painter.drawLine(c + QPointF(-7, 0), c + QPointF(7, 0));
    painter.drawLine(c + QPointF(0, -7), c + QPointF(0, 7));
  }
  if (inset_ > 0) {  // the fovea: the central pixels the model sees
    QPen dashed(kWindow, 2, Qt::DashLine);
    painter.setPen(dashed);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(target.left() + inset_ * scale, target.top() + inset_ * scale,
                            trial_.image.cols * scale, trial_.image.rows * scale));
  }
  if (trial_.offsets_known) {
    const double middle = (trial_.image.cols - 1) / 2.0;  // in the model's input
    const QPointF d = toWidget({middle + trial_.col_offset, middle + trial_.row_offset});
    painter.setPen(QPen(kDigit, 2.5));
    painter.drawLine(d + QPointF(-6, -6), d + QPointF(6, 6));
    painter.drawLine(d + QPointF(-6, 6), d + QPointF(6, -6));
  }
}

}  // namespace fovea::ui
