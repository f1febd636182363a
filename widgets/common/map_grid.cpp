#include "widgets/common/map_grid.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <limits>

#include "figures/figure_painter.h"

namespace fovea::ui {
namespace {

constexpr int kGap = 4;         // between tiles, screen pixels
constexpr int kBarWidth = 14;   // the colour bar
constexpr int kBarLabels = 64;  // room for its labels

// The range of the finite values (one NaN must not grey out a map); {0, 0} when there are none.
std::pair<float, float> finiteRange(const float* first, const float* last) {
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (const float* v = first; v != last; ++v) {
    if (!std::isfinite(*v)) continue;
    lo = std::min(lo, *v);
    hi = std::max(hi, *v);
  }
  return lo > hi ? std::pair<float, float>{0, 0} : std::pair<float, float>{lo, hi};
}

}  // namespace

MapGrid::MapGrid(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
}

void MapGrid::setMaps(std::vector<float> values, std::int64_t channels, std::int64_t height,
                      std::int64_t width) {
  if (channels < 1 || height < 1 || width < 1 ||
      values.size() != static_cast<std::size_t>(channels * height * width)) {
    clear();
    return;
  }
  values_ = std::move(values);
  channels_ = channels;
  height_ = height;
  width_ = width;
  ranges_.clear();
  const std::size_t per_map = static_cast<std::size_t>(height * width);
  for (std::int64_t c = 0; c < channels; ++c) {
    const float* first = values_.data() + c * per_map;
    ranges_.push_back(finiteRange(first, first + per_map));
  }
  shared_range_ = finiteRange(values_.data(), values_.data() + values_.size());
  if (marked_channel_ >= channels_) marked_channel_ = -1;
  update();
}

void MapGrid::clear() {
  values_.clear();
  channels_ = height_ = width_ = 0;
  ranges_.clear();
  marked_channel_ = -1;
  update();
}

void MapGrid::setSharedScale(bool shared) {
  shared_ = shared;
  update();
}

void MapGrid::setZoom(int zoom) {
  zoom_ = std::clamp(zoom, 0, 64);
  update();
}

void MapGrid::setMarked(int channel, int row, int col) {
  marked_channel_ = channel;
  marked_row_ = row;
  marked_col_ = col;
  update();
}

std::pair<float, float> MapGrid::range(int channel) const {
  if (shared_ || channel < 0 || channel >= static_cast<int>(ranges_.size())) return shared_range_;
  return ranges_[static_cast<std::size_t>(channel)];
}

void MapGrid::layoutTiles() {
  if (channels_ < 1) return;
  const double width = std::max(1, this->width() - kBarWidth - kBarLabels);
  const double height = std::max(1, this->height());
  // The column count that gives the largest tiles in the space there is.
  double best = 0;
  for (int columns = 1; columns <= channels_; ++columns) {
    const int rows = static_cast<int>((channels_ + columns - 1) / columns);
    const double s = std::min((width - kGap * (columns - 1)) / (columns * double(width_)),
                              (height - kGap * (rows - 1)) / (rows * double(height_)));
    if (s > best) {
      best = s;
      columns_ = columns;
    }
  }
  scale_ = zoom_ > 0 ? zoom_ : std::max(best, 0.1);
}

QRectF MapGrid::tileRect(int channel) const {
  const int row = channel / columns_, col = channel % columns_;
  const double w = width_ * scale_, h = height_ * scale_;
  return {col * (w + kGap), row * (h + kGap), w, h};
}

std::tuple<int, int, int> MapGrid::mapPixelAt(const QPointF& point) const {
  for (int c = 0; c < channels_; ++c) {
    const QRectF tile = tileRect(c);
    if (!tile.contains(point)) continue;
    const int row = std::clamp(int((point.y() - tile.top()) / scale_), 0, int(height_) - 1);
    const int col = std::clamp(int((point.x() - tile.left()) / scale_), 0, int(width_) - 1);
    return {c, row, col};
  }
  return {-1, 0, 0};
}

QImage MapGrid::tileImage(int channel) const {
  QImage image(int(width_), int(height_), QImage::Format_RGB32);
  const auto [lo, hi] = range(channel);
  const double span = hi > lo ? hi - lo : 1.0;
  const float* map = values_.data() + channel * height_ * width_;
  for (int y = 0; y < height_; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < width_; ++x) {
      const float v = map[y * width_ + x];
      line[x] = std::isfinite(v) ? viridis((v - lo) / span).rgb() : qRgb(128, 128, 128);
    }
  }
  return image;
}

void MapGrid::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  if (channels_ < 1) return;
  layoutTiles();
  for (int c = 0; c < channels_; ++c) {
    painter.drawImage(tileRect(c), tileImage(c));  // no smoothing: map pixels stay square
  }
  if (marked_channel_ >= 0) {
    const QRectF tile = tileRect(marked_channel_);
    const QRectF pixel(tile.left() + marked_col_ * scale_, tile.top() + marked_row_ * scale_,
                       scale_, scale_);
    painter.setPen(QPen(Qt::white, 2));
    painter.drawRect(pixel.adjusted(-2, -2, 2, 2));
    painter.setPen(QPen(QColor(230, 60, 60), 2));
    painter.drawRect(tile);
  }
  // The colour bar for the shared scale, or the marked map's own.
  const auto [lo, hi] = range(std::max(marked_channel_, 0));
  const QRectF bar(width() - kBarWidth - kBarLabels + 6, 8, kBarWidth, height() - 16);
  for (int y = 0; y < int(bar.height()); ++y) {
    painter.setPen(viridis(1.0 - y / bar.height()));
    painter.drawLine(QPointF(bar.left(), bar.top() + y), QPointF(bar.right(), bar.top() + y));
  }
  painter.setPen(palette().text().color());
  const QFontMetrics metrics(font());
  painter.drawText(QPointF(bar.right() + 4, bar.top() + metrics.ascent()),
                   QString::number(hi, 'g', 3));
  painter.drawText(QPointF(bar.right() + 4, bar.bottom()), QString::number(lo, 'g', 3));
}

void MapGrid::mouseMoveEvent(QMouseEvent* event) {
  const auto [channel, row, col] = mapPixelAt(event->position());
  if (channel >= 0) Q_EMIT hovered(channel, row, col);
}

void MapGrid::mousePressEvent(QMouseEvent* event) {
  const auto [channel, row, col] = mapPixelAt(event->position());
  if (channel >= 0) Q_EMIT clicked(channel, row, col);
}

}  // namespace fovea::ui
