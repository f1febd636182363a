#pragma once
#include <QChartView>
#include <QHash>

class QLineSeries;
class QValueAxis;

namespace fovea::ui {

// Live line chart: named curves that grow point by point, axes that follow the data.
class CurveChart : public QChartView {
  Q_OBJECT

 public:
  CurveChart(const QString& x_title, const QString& y_title, QWidget* parent = nullptr);

  void addPoint(const QString& curve, double x, double y);
  void clear();
  int pointCount(const QString& curve) const;

 private:
  QLineSeries* curve(const QString& name);

  QValueAxis* x_axis_;
  QValueAxis* y_axis_;
  QHash<QString, QLineSeries*> curves_;
  bool empty_ = true;
};

}  // namespace fovea::ui
