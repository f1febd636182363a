#include "widgets/common/figure_view.h"

#include "widgets/common/figure_exporter.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QFileInfo>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QScatterSeries>
#include <QStackedLayout>
#include <QToolButton>
#include <QValueAxis>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "figures/figure_export.h"

namespace fovea::ui {

// The heatmap, drawn exactly as it is exported (at screen resolution); clicks go to a callback.
class FigureCanvas : public QWidget {
 public:
  explicit FigureCanvas(QWidget* parent = nullptr) : QWidget(parent) {
    setMinimumSize(240, 180);
    setMouseTracking(false);
  }

  void setFigure(const report::FigureData& figure) {
    FigureStyle screen;
    // Screen text at the widget's own size; print sizes are the export dialog's business.
    screen.font_pt = font().pointSizeF() > 0 ? font().pointSizeF() : 9;
    screen.line_pt = 1.5;
    screen.marker_pt = 5;
    painter_ = FigurePainter(figure, screen);
    update();
  }
  const FigurePainter& figurePainter() const { return painter_; }
  QRectF plot() const { return painter_.plotArea(QRectF(rect()), this); }

  std::function<void(int, int)> on_cell_clicked;

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    painter_.paint(painter, QRectF(rect()));
  }
  void mousePressEvent(QMouseEvent* event) override {
    int ix = -1, iy = -1;
    if (event->button() == Qt::LeftButton && painter_.cellAt(event->position(), plot(), &ix, &iy)) {
      if (on_cell_clicked) on_cell_clicked(ix, iy);
      event->accept();
      return;
    }
    QWidget::mousePressEvent(event);
  }

 private:
  FigurePainter painter_;
};

namespace {

QScatterSeries::MarkerShape markerShape(std::size_t index) {
  // The same order of shapes as FigurePainter's, so the screen and the export agree.
  switch (index % 4) {
    case 0: return QScatterSeries::MarkerShapeCircle;
    case 1: return QScatterSeries::MarkerShapeRectangle;
    case 2: return QScatterSeries::MarkerShapeTriangle;
    default: return QScatterSeries::MarkerShapeRotatedRectangle;
  }
}

void applyScale(QValueAxis* axis, const AxisScale& scale, const std::string& title) {
  axis->setTitleText(QString::fromStdString(title));
  // Qt Charts makes an item per dynamic tick, and lays them out as soon as the range changes:
  // the previous figure's interval over a wide new range would make millions (a hang), so the
  // ticks are fixed while the range changes. An interval tiny against the range stays fixed.
  axis->setTickType(QValueAxis::TicksFixed);
  axis->setTickCount(2);
  axis->setRange(scale.lo, scale.hi);
  const double interval = scale.ticks.size() >= 2 ? scale.ticks[1] - scale.ticks[0] : 0;
  if (interval > 0 && (scale.hi - scale.lo) / interval <= 100) {
    axis->setTickAnchor(scale.ticks.front());
    axis->setTickInterval(interval);  // before the type: the old interval never meets this range
    axis->setTickType(QValueAxis::TicksDynamic);
  } else {
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setTickCount(2);
  }
  axis->setLabelFormat(QStringLiteral("%.%1f").arg(scale.decimals));
}

void hideFromLegend(QChart* chart, QAbstractSeries* series) {
  for (QLegendMarker* marker : chart->legend()->markers(series)) marker->setVisible(false);
}

}  // namespace

FigureView::FigureView(QWidget* parent)
    : QWidget(parent),
      chart_view_(new QChartView),
      chart_(new QChart),
      x_axis_(new QValueAxis),
      y_axis_(new QValueAxis),
      canvas_(new FigureCanvas),
      exporter_(new FigureExporter(
          this, [this] { return figure_; }, [this] { return provenance_; })),
      export_action_(exporter_->action()),
      export_button_(new QToolButton(this)) {
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->addAxis(x_axis_, Qt::AlignBottom);
  chart_->addAxis(y_axis_, Qt::AlignLeft);
  chart_view_->setChart(chart_);
  chart_view_->setRenderHint(QPainter::Antialiasing);
  chart_view_->setMinimumSize(240, 180);
  chart_view_->setObjectName("figureChart");
  canvas_->setObjectName("figureCanvas");
  canvas_->on_cell_clicked = [this](int ix, int iy) {
    const auto& map = figure_.heatmap;
    Q_EMIT cellClicked(map.x_values[static_cast<std::size_t>(ix)],
                       map.y_values[static_cast<std::size_t>(iy)]);
  };

  connect(exporter_, &FigureExporter::exported, this, &FigureView::exported);
  for (QWidget* view : {static_cast<QWidget*>(chart_view_), static_cast<QWidget*>(canvas_)}) {
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->addAction(export_action_);
  }
  export_button_->setDefaultAction(export_action_);
  export_button_->setAutoRaise(true);

  auto* stack = new QStackedLayout(this);
  stack->setContentsMargins(0, 0, 0, 0);
  stack->addWidget(chart_view_);
  stack->addWidget(canvas_);
  setFigure({});
}

FigureView::~FigureView() = default;

void FigureView::setFigure(const report::FigureData& figure) {
  figure_ = figure;
  auto* stack = static_cast<QStackedLayout*>(layout());
  if (figure_.has_heatmap || figure_.has_table || figure_.has_maps) {
    canvas_->setFigure(figure_);
    stack->setCurrentWidget(canvas_);
  } else {
    rebuildChart();
    stack->setCurrentWidget(chart_view_);
  }
  export_button_->raise();
}

void FigureView::rebuildChart() {
  const FigurePainter scales(figure_);
  chart_->removeAllSeries();
  chart_->setTitle(QString::fromStdString(figure_.title));
  applyScale(x_axis_, scales.xScale(), figure_.x_title);
  applyScale(y_axis_, scales.yScale(), figure_.y_title);

  auto add = [this](QAbstractSeries* series) {
    chart_->addSeries(series);
    series->attachAxis(x_axis_);
    series->attachAxis(y_axis_);
  };
  for (std::size_t s = 0; s < figure_.series.size(); ++s) {
    const auto& source = figure_.series[s];
    const std::size_t palette = report::colourIndex(source, s);
    const QColor colour = seriesColour(palette);
    const QString name = QString::fromStdString(source.name);
    const std::size_t n = std::min(source.x.size(), source.y.size());
    // QLineSeries cannot skip a point, so a NaN splits the curve into segments; only the first
    // one has a legend entry.
    std::vector<QLineSeries*> segments;
    QLineSeries* segment = nullptr;
    auto scatter = source.markers ? new QScatterSeries : nullptr;
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(source.x[i]) || !std::isfinite(source.y[i])) {
        segment = nullptr;
        continue;
      }
      if (!segment) {
        segment = new QLineSeries;
        segments.push_back(segment);
      }
      segment->append(source.x[i], source.y[i]);
      if (scatter) scatter->append(source.x[i], source.y[i]);
    }
    if (segments.empty()) segments.push_back(new QLineSeries);  // the legend entry stays
    for (std::size_t k = 0; k < segments.size(); ++k) {
      segments[k]->setName(name);
      segments[k]->setPen(source.lines ? QPen(colour, 2) : QPen(Qt::NoPen));
      add(segments[k]);
      // Markers without lines are named by their scatter's legend entry instead.
      if (k > 0 || name.isEmpty() || (!source.lines && scatter)) {
        hideFromLegend(chart_, segments[k]);
      }
    }
    if (scatter) {
      scatter->setName(name);
      scatter->setColor(colour);
      scatter->setBorderColor(colour);
      scatter->setMarkerShape(markerShape(palette));
      scatter->setMarkerSize(8);
      add(scatter);
      if (source.lines || name.isEmpty()) hideFromLegend(chart_, scatter);
    }
  }
  if (figure_.has_reference && std::isfinite(figure_.reference_y)) {
    auto* reference = new QLineSeries;
    reference->setName(QString::fromStdString(figure_.reference_label));
    reference->append(scales.xScale().lo, figure_.reference_y);
    reference->append(scales.xScale().hi, figure_.reference_y);
    reference->setPen(QPen(QColor(0x55, 0x55, 0x55), 1.5, Qt::DashLine));
    add(reference);
    if (figure_.reference_label.empty()) hideFromLegend(chart_, reference);
  }
}

QPoint FigureView::cellCentre(int ix, int iy) const {
  if (!figure_.has_heatmap) return {-1, -1};
  const QRectF cell = canvas_->figurePainter().cellRect(ix, iy, canvas_->plot());
  if (cell.isNull()) return {-1, -1};
  return canvas_->mapTo(this, cell.center().toPoint());
}

const FigureStyle& FigureView::exportStyle() const {
  return exporter_->style();
}
void FigureView::setExportStyle(const FigureStyle& style) {
  exporter_->setStyle(style);
}

QString FigureView::exportTo(const QString& stem, const FigureStyle& style,
                             const std::vector<std::string>& formats) {
  return exporter_->exportTo(stem, style, formats);
}

void FigureView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  placeExportButton();
}

void FigureView::placeExportButton() {
  // In the top right corner, over the figure: the chart's title is centred, so it is free.
  export_button_->adjustSize();
  export_button_->move(width() - export_button_->width() - 4, 4);
  export_button_->raise();
}

}  // namespace fovea::ui
