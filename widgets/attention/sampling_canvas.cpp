#include "widgets/attention/sampling_canvas.h"

#include "widgets/common/crop_images.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <functional>

namespace fovea::ui {
namespace {

const QColor kWindow(0xe6, 0x9f, 0x00);  // Okabe-Ito orange: visible on grey noise
const QColor kDigit(0x56, 0xb4, 0xe9);   // sky blue
const QColor kWhere(0xcc, 0x79, 0xa7);   // reddish purple: Where's map

// A normalised coordinate (-1..1, align_corners = false) as a pixel position in an input of
// `side` pixels.
double toPixel(double normalised, double side) {
  return ((normalised + 1) * side - 1) / 2;
}

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
      outline_ << QPointF(toPixel(u, side), toPixel(v, side));
    }
  }
  update();
}

QPointF SamplingCanvas::windowCentre() const {
  // In the model's input, which is the fovea of a larger shown stimulus for a 28 px model.
  const double side = trial_.image.cols;
  return {toPixel(trial_.theta[2], side), toPixel(trial_.theta[5], side)};
}

void SamplingCanvas::clear() {
  setTrial({});
}

QRectF SamplingCanvas::imageRect() const {
  if (image_.isNull()) return {};
  const double side = std::min(width(), height()) - 8.0;
  return {(width() - side) / 2, (height() - side) / 2, side, side};
}

void SamplingCanvas::drawSaccades(QPainter& painter,
                                  const std::function<QPointF(QPointF)>& toWidget,
                                  double scale) const {
  const auto& t = trial_;
  // Where's map projected on the image: a dot on each cell's peak, more opaque where Where
  // expects What to be right (from its lowest cell to its best, which is ringed).
  if (!t.where_map.empty() && t.where_cells.size() == t.where_map.size()) {
    const auto best =
        std::max_element(t.where_map.begin(), t.where_map.end()) - t.where_map.begin();
    const double low = *std::min_element(t.where_map.begin(), t.where_map.end());
    const double span = std::max(1e-6, t.where_map[static_cast<std::size_t>(best)] - low);
    painter.setPen(Qt::NoPen);
    for (std::size_t i = 0; i < t.where_map.size(); ++i) {
      QColor colour = kWhere;
      colour.setAlphaF(std::clamp<double>((t.where_map[i] - low) / span, 0.08, 1.0));
      painter.setBrush(colour);
      painter.drawEllipse(toWidget({t.where_cells[i].x, t.where_cells[i].y}), 3.0, 3.0);
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(kWhere, 2));
    const auto& top = t.where_cells[static_cast<std::size_t>(best)];
    painter.drawEllipse(toWidget({top.x, top.y}), 7.0, 7.0);
  }
  if (t.fixations.empty()) return;
  // The saccade path: an arrow per saccade, the foveal crop's outline at the last fixation.
  painter.setPen(QPen(kWindow, 2.5));
  for (std::size_t k = 1; k < t.fixations.size(); ++k) {
    const QPointF from = toWidget({t.fixations[k - 1].x, t.fixations[k - 1].y});
    const QPointF to = toWidget({t.fixations[k].x, t.fixations[k].y});
    const QLineF line(from, to);
    if (line.length() < 1) continue;
    painter.drawLine(line);
    const double angle = std::atan2(from.y() - to.y(), from.x() - to.x());
    for (double side : {-0.45, 0.45}) {
      painter.drawLine(to, to + QPointF(10 * std::cos(angle + side), 10 * std::sin(angle + side)));
    }
  }
  const auto& last = t.fixations.back();
  const double half = 14 * scale;
  const QPointF c = toWidget({last.x, last.y});
  painter.drawRect(QRectF(c.x() - half, c.y() - half, 2 * half, 2 * half));
  painter.drawLine(c + QPointF(-7, 0), c + QPointF(7, 0));
  painter.drawLine(c + QPointF(0, -7), c + QPointF(0, 7));
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
    const QPointF c = toWidget(windowCentre());
    painter.drawLine(c + QPointF(-7, 0), c + QPointF(7, 0));
    painter.drawLine(c + QPointF(0, -7), c + QPointF(0, 7));
  }
  drawSaccades(painter, toWidget, scale);
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
