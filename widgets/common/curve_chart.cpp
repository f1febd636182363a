#include "widgets/common/curve_chart.h"

#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

namespace fovea::ui {

CurveChart::CurveChart(const QString& x_title, const QString& y_title, QWidget* parent)
    : QChartView(parent), x_axis_(new QValueAxis), y_axis_(new QValueAxis) {
  auto* chart = new QChart;
  chart->legend()->setAlignment(Qt::AlignBottom);
  x_axis_->setTitleText(x_title);
  y_axis_->setTitleText(y_title);
  chart->addAxis(x_axis_, Qt::AlignBottom);
  chart->addAxis(y_axis_, Qt::AlignLeft);
  setChart(chart);
  setRenderHint(QPainter::Antialiasing);
  setMinimumSize(240, 160);
  clear();
}

QLineSeries* CurveChart::curve(const QString& name) {
  if (auto found = curves_.find(name); found != curves_.end()) return found.value();
  auto* series = new QLineSeries;
  series->setName(name);
  chart()->addSeries(series);
  series->attachAxis(x_axis_);
  series->attachAxis(y_axis_);
  curves_.insert(name, series);
  return series;
}

void CurveChart::addPoint(const QString& name, double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return;  // a NaN must not wreck the axes
  QLineSeries* series = curve(name);
  series->append(x, y);
  if (empty_) {
    x_axis_->setRange(x, x + 1);
    y_axis_->setRange(std::min(0.0, y), std::max(1.0, y));
    empty_ = false;
  } else {
    x_axis_->setRange(std::min(x_axis_->min(), x), std::max(x_axis_->max(), x));
    y_axis_->setRange(std::min(y_axis_->min(), y), std::max(y_axis_->max(), y));
  }
}

void CurveChart::clear() {
  chart()->removeAllSeries();
  curves_.clear();
  x_axis_->setRange(0, 1);
  y_axis_->setRange(0, 1);
  empty_ = true;
}

int CurveChart::pointCount(const QString& name) const {
  const auto found = curves_.find(name);
  return found == curves_.end() ? 0 : static_cast<int>(found.value()->count());
}

}  // namespace fovea::ui
