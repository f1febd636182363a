#include "figures/table_painter.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPaintDevice>
#include <QPainter>
#include <algorithm>
#include <numeric>

namespace fovea::ui {
namespace {

const QColor kInk(0x22, 0x22, 0x22);
const QColor kRule(0xbb, 0xbb, 0xbb);

QColor statusColour(const std::string& status) {
  if (status == "holds") return QColor(0x00, 0x7a, 0x3d);
  if (status == "does not hold") return QColor(0xb2, 0x22, 0x22);
  return QColor(0x66, 0x66, 0x66);
}

// A long cell that repeats the one above it (the same claim tested on several models) is shown
// as a ditto mark, so that the table stays readable when it has to fit a small view.
std::vector<std::vector<std::string>> dittoRows(const report::TextTable& table) {
  auto rows = table.rows;
  for (std::size_t r = rows.size(); r-- > 1;) {
    for (std::size_t c = 1; c < rows[r].size(); ++c) {
      const bool repeated = c != table.status_column && c < table.rows[r - 1].size() &&
                            table.rows[r - 1][c] == table.rows[r][c] &&
                            table.rows[r][c].size() > 12;
      if (repeated) rows[r][c] = "\u2033";
    }
  }
  return rows;
}

struct TableLayout {
  QFont font, bold, title_font;
  std::vector<double> widths;
  std::vector<double> heights;  // header first
  double title_height = 0;
  double total_height = 0;
};

constexpr int kCellFlags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;

// Column widths in proportion to their longest line, capped so that no column takes more than
// half the table; then row heights with wrapping.
TableLayout layoutAt(double font_pt, const QRectF& rect, const report::FigureData& figure,
                     const FigureStyle& style, const QPaintDevice* device) {
  TableLayout l;
  l.font = style.font_family.isEmpty() ? QGuiApplication::font() : QFont(style.font_family);
  if (style.font_family.isEmpty()) l.font.setFamily(QFontInfo(l.font).family());
  l.font.setPointSizeF(font_pt);
  l.bold = l.font;
  l.bold.setBold(true);
  l.title_font = l.bold;
  l.title_font.setPointSizeF(font_pt * 1.15);
  const QFontMetricsF fm(l.font, device), bold_fm(l.bold, device), title_fm(l.title_font, device);
  const auto& table = figure.table;
  const std::size_t n = table.columns.size();
  const double pad = fm.height() * 0.4;
  std::vector<double> natural(n, 0);
  for (std::size_t c = 0; c < n; ++c) {
    natural[c] = bold_fm.horizontalAdvance(QString::fromStdString(table.columns[c]));
    for (const auto& row : table.rows) {
      if (c < row.size())
        natural[c] = std::max(natural[c], fm.horizontalAdvance(QString::fromStdString(row[c])));
    }
    natural[c] += 2 * pad;
  }
  const double available = rect.width();
  const double total = std::accumulate(natural.begin(), natural.end(), 0.0);
  l.widths = natural;
  if (total > available && total > 0) {
    // Shrink the widest columns first: cap every column at a common width that makes it fit.
    double lo = 0, hi = *std::max_element(natural.begin(), natural.end());
    for (int i = 0; i < 40; ++i) {
      const double cap = (lo + hi) / 2;
      double sum = 0;
      for (double w : natural) sum += std::min(w, cap);
      (sum > available ? hi : lo) = cap;
    }
    for (auto& w : l.widths) w = std::min(w, lo);
  }
  auto rowHeight = [&](const std::vector<std::string>& cells, const QFontMetricsF& metrics) {
    double h = metrics.height();
    for (std::size_t c = 0; c < n && c < cells.size(); ++c) {
      const QRectF box(0, 0, std::max(1.0, l.widths[c] - 2 * pad), 1e6);
      h = std::max(
          h, metrics.boundingRect(box, kCellFlags, QString::fromStdString(cells[c])).height());
    }
    return h + 2 * pad;
  };
  l.heights.push_back(rowHeight(table.columns, bold_fm));
  for (const auto& row : table.rows) l.heights.push_back(rowHeight(row, fm));
  l.title_height = figure.title.empty() ? 0 : title_fm.height() * 1.6;
  l.total_height = l.title_height + std::accumulate(l.heights.begin(), l.heights.end(), 0.0);
  return l;
}

}  // namespace

void paintTextTable(QPainter& painter, const QRectF& rect, const report::FigureData& original,
                    const FigureStyle& style) {
  report::FigureData figure = original;
  figure.table.rows = dittoRows(original.table);
  const QPaintDevice* device = painter.device();
  const double pt = (device ? device->logicalDpiY() : 96) / 72.0;
  const QRectF area = rect.adjusted(4 * pt, 4 * pt, -4 * pt, -4 * pt);
  double font_pt = std::max(4.0, style.font_pt);
  TableLayout l = layoutAt(font_pt, area, figure, style, device);
  while (l.total_height > area.height() && font_pt > 4.0) {
    font_pt = std::max(4.0, font_pt * 0.9);
    l = layoutAt(font_pt, area, figure, style, device);
  }

  painter.save();
  painter.fillRect(rect, Qt::white);
  painter.setRenderHint(QPainter::TextAntialiasing, true);
  double y = area.top();
  if (!figure.title.empty()) {
    painter.setFont(l.title_font);
    painter.setPen(kInk);
    painter.drawText(QRectF(area.left(), y, area.width(), l.title_height),
                     Qt::AlignHCenter | Qt::AlignTop, QString::fromStdString(figure.title));
    y += l.title_height;
  }
  const auto& table = figure.table;
  const double pad = QFontMetricsF(l.font, device).height() * 0.4;
  const double table_width = std::accumulate(l.widths.begin(), l.widths.end(), 0.0);
  auto drawRow = [&](const std::vector<std::string>& cells, double height, bool header) {
    double x = area.left();
    painter.setFont(header ? l.bold : l.font);
    for (std::size_t c = 0; c < l.widths.size() && c < cells.size(); ++c) {
      const bool status = !header && c == table.status_column;
      painter.setPen(status ? statusColour(cells[c]) : kInk);
      const QRectF box(x + pad, y + pad, std::max(1.0, l.widths[c] - 2 * pad), height - 2 * pad);
      painter.drawText(box, kCellFlags, QString::fromStdString(cells[c]));
      x += l.widths[c];
    }
    y += height;
    painter.setPen(QPen(header ? kInk : kRule, (header ? 0.8 : 0.4) * pt));
    painter.drawLine(QPointF(area.left(), y), QPointF(area.left() + table_width, y));
  };
  drawRow(table.columns, l.heights[0], true);
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    drawRow(table.rows[r], l.heights[r + 1], false);
  painter.restore();
}

}  // namespace fovea::ui
