#include "widgets/common/curve_chart.h"

#include <QValueAxis>
#include <QtTest>
#include <cmath>

class CurveChartTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void growsCurvesAndAxesFollowTheData() {
    fovea::ui::CurveChart chart("step", "loss");
    chart.addPoint("loss", 1, 2.3);
    chart.addPoint("loss", 2, 1.1);
    chart.addPoint("accuracy", 2, 0.6);
    QCOMPARE(chart.pointCount("loss"), 2);
    QCOMPARE(chart.pointCount("accuracy"), 1);
    const auto axes = chart.chart()->axes(Qt::Vertical);
    QCOMPARE(axes.size(), 1);
    auto* y = qobject_cast<QValueAxis*>(axes.first());
    QVERIFY(y->max() >= 2.3);
  }

  void ignoresNonFiniteValues() {
    fovea::ui::CurveChart chart("step", "loss");
    chart.addPoint("loss", 1, std::nan(""));
    chart.addPoint("loss", 2, INFINITY);
    QCOMPARE(chart.pointCount("loss"), 0);
  }

  void clearRemovesEverything() {
    fovea::ui::CurveChart chart("step", "loss");
    chart.addPoint("loss", 1, 1);
    chart.clear();
    QCOMPARE(chart.pointCount("loss"), 0);
    QVERIFY(chart.chart()->series().isEmpty());
  }
};

QTEST_MAIN(CurveChartTest)
#include "curve_chart_test.moc"
