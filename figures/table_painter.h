#pragma once
#include <QRectF>

#include "core/report/figure_data.h"
#include "figures/figure_painter.h"

class QPainter;

namespace fovea::ui {

// Paints a table figure (report::FigureData::table): the title, a bold header, rows with
// hairlines between them and long cells wrapped. The font shrinks (to 4 pt at least) until the
// table fits `rect`; the status column is coloured (holds green, does not hold red, else grey).
// A long cell repeating the one above it is drawn as a ditto mark (the CSV keeps the text).
void paintTextTable(QPainter& painter, const QRectF& rect, const report::FigureData& figure,
                    const FigureStyle& style);

}  // namespace fovea::ui
