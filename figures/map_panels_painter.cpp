#include "figures/map_panels_painter.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <limits>

namespace fovea::ui {
namespace {

const QColor kInk(0x22, 0x22, 0x22);
const QColor kMissing(0xd9, 0xd9, 0xd9);  // as the heatmap's missing cells

std::pair<double, double> finiteRange(const std::vector<float>& values) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (float v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
  }
  return lo > hi ? std::pair{0.0, 1.0} : std::pair{lo, hi};
}

QImage panelImage(const report::MapPanel& panel, double lo, double hi) {
  QImage image(panel.width, panel.height, QImage::Format_RGB32);
  const double span = hi - lo;
  for (int r = 0; r < panel.height; ++r) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
    for (int c = 0; c < panel.width; ++c) {
      const auto i = static_cast<std::size_t>(r) * panel.width + c;
      const float v = i < panel.values.size() ? panel.values[i] : NAN;
      line[c] = std::isfinite(v) ? viridis(span > 0 ? (v - lo) / span : 0.5).rgb() : kMissing.rgb();
    }
  }
  return image;
}

// Columns that make the tiles largest inside `area`, and the tile's scale (device px per map px).
std::pair<int, double> gridFor(const QRectF& area, std::size_t count, int height, int width,
                               double caption) {
  int best_columns = 1;
  double best_scale = 0;
  for (int columns = 1; columns <= static_cast<int>(count); ++columns) {
    const int rows = static_cast<int>((count + columns - 1) / columns);
    const double gap = 0.02 * area.width();
    const double by_width = (area.width() - gap * (columns - 1)) / (columns * width);
    const double by_height = (area.height() - (gap + caption) * rows) / (rows * height);
    const double scale = std::min(by_width, by_height);
    if (scale > best_scale) {
      best_scale = scale;
      best_columns = columns;
    }
  }
  return {best_columns, best_scale};
}

}  // namespace

void paintMapPanels(QPainter& painter, const QRectF& rect, const report::FigureData& figure,
                    const FigureStyle& style) {
  const auto& maps = figure.maps;
  painter.save();
  painter.fillRect(rect, Qt::white);
  QFont font = style.font_family.isEmpty() ? QGuiApplication::font() : QFont(style.font_family);
  if (style.font_family.isEmpty()) font.setFamily(QFontInfo(font).family());
  font.setPointSizeF(style.font_pt);
  QFont title_font = font;
  title_font.setBold(true);
  title_font.setPointSizeF(style.font_pt * 1.15);
  const QFontMetricsF fm(font, painter.device()), title_fm(title_font, painter.device());
  const double margin = fm.height() * 0.6;
  QRectF area = rect.adjusted(margin, margin, -margin, -margin);
  painter.setPen(kInk);
  if (!figure.title.empty()) {
    painter.setFont(title_font);
    painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                     QString::fromStdString(figure.title));
    area.setTop(area.top() + title_fm.height() * 1.4);
  }
  std::vector<float> all;
  for (const auto& p : maps.panels) all.insert(all.end(), p.values.begin(), p.values.end());
  const auto [lo, hi] = finiteRange(all);
  const double bar_width = fm.height() * 0.8;
  const double labels = fm.horizontalAdvance(tickLabel(-888.8, 2)) + fm.height();
  const QRectF bar(area.right() - labels - bar_width, area.top() + fm.height(), bar_width,
                   std::max(1.0, area.height() - 2 * fm.height()));
  area.setRight(bar.left() - fm.height());

  if (!maps.panels.empty() && maps.panels[0].width > 0 && maps.panels[0].height > 0) {
    const int h = maps.panels[0].height, w = maps.panels[0].width;
    const double caption = fm.height() * 1.2;
    const auto [columns, scale] = gridFor(area, maps.panels.size(), h, w, caption);
    const bool captions = w * scale >= fm.horizontalAdvance("channel 00");
    const double gap = 0.02 * area.width();
    painter.setFont(font);
    // Map pixels stay sharp squares: no smoothing when they are scaled up.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (std::size_t i = 0; i < maps.panels.size(); ++i) {
      const auto& panel = maps.panels[i];
      const int row = static_cast<int>(i) / columns, col = static_cast<int>(i) % columns;
      const QRectF tile(area.left() + col * (w * scale + gap),
                        area.top() + row * (h * scale + gap + caption), w * scale, h * scale);
      const auto range = maps.shared_scale ? std::pair{lo, hi} : finiteRange(panel.values);
      painter.drawImage(tile, panelImage(panel, range.first, range.second));
      if (captions) {
        painter.drawText(QRectF(tile.left(), tile.bottom(), tile.width(), caption),
                         Qt::AlignHCenter | Qt::AlignVCenter, QString::fromStdString(panel.title));
      }
    }
  }

  QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
  for (int i = 0; i <= 8; ++i) gradient.setColorAt(i / 8.0, viridis(i / 8.0));
  painter.setPen(QPen(kInk, 0.5));
  painter.setBrush(gradient);
  painter.drawRect(bar);
  painter.setFont(font);
  const QRectF label_box(bar.right() + fm.height() * 0.3, 0, labels, fm.height());
  if (maps.shared_scale) {
    const AxisScale ticks = niceScale(lo, hi, 5);
    for (double t : ticks.ticks) {
      if (t < lo || t > hi || hi <= lo) continue;
      const double y = bar.bottom() - (t - lo) / (hi - lo) * bar.height();
      painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + fm.height() * 0.2, y));
      painter.drawText(label_box.translated(0, y - fm.height() / 2),
                       Qt::AlignLeft | Qt::AlignVCenter, tickLabel(t, ticks.decimals));
    }
  } else {
    painter.drawText(label_box.translated(0, bar.top() - fm.height() / 2), Qt::AlignLeft, "max");
    painter.drawText(label_box.translated(0, bar.bottom() - fm.height() / 2), Qt::AlignLeft, "min");
  }
  if (!maps.value_title.empty()) {
    painter.drawText(
        QRectF(bar.left() - labels, bar.top() - fm.height() * 1.2, labels * 2 + bar_width,
               fm.height()),
        Qt::AlignHCenter,
        QString::fromStdString(maps.value_title) + (maps.shared_scale ? "" : " (per map)"));
  }
  painter.restore();
}

}  // namespace fovea::ui
