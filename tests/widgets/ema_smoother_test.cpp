#include "widgets/training/ema_smoother.h"

#include <QtTest>
#include <cmath>
#include <limits>

using fovea::ui::EmaSmoother;
using fovea::ui::smoothSeries;

class EmaSmootherTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aConstantIsTheConstantFromTheFirstPoint() {
    for (double weight : {0.0, 0.3, 0.6, 0.9, 0.99}) {
      EmaSmoother smoother(weight);
      for (int i = 0; i < 50; ++i) QVERIFY(std::abs(smoother.add(4.2) - 4.2) < 1e-12);
    }
  }

  void matchesTheBiasCorrectedDefinition() {
    // ema_t = w ema_{t-1} + (1 - w) v_t, ema_0 = 0, shown ema_t / (1 - w^t).
    const std::vector<double> values = {3, 1, 4, 1, 5, 9, 2, 6};
    const double w = 0.7;
    const auto smoothed = smoothSeries(values, w);
    double ema = 0;
    for (std::size_t t = 1; t <= values.size(); ++t) {
      ema = w * ema + (1 - w) * values[t - 1];
      const double expected = ema / (1 - std::pow(w, static_cast<double>(t)));
      QVERIFY2(std::abs(smoothed[t - 1] - expected) < 1e-12, qPrintable(QString::number(t)));
    }
    QCOMPARE(smoothed.front(), 3.0);  // the first point is the first value, not 0.9
  }

  void zeroWeightIsTheRawSeries() {
    const std::vector<double> values = {1, -2, 3.5};
    QCOMPARE(smoothSeries(values, 0), values);
  }

  void nonFiniteValuesAreSkipped() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto smoothed = smoothSeries({2, nan, INFINITY, 2}, 0.5);
    QCOMPARE(smoothed[0], 2.0);
    QVERIFY(std::isnan(smoothed[1]));
    QVERIFY(std::isnan(smoothed[2]));
    QCOMPARE(smoothed[3], 2.0);  // as if the bad values had never come
    EmaSmoother smoother;
    QVERIFY(std::isnan(smoother.value()));
    smoother.add(nan);
    QCOMPARE(smoother.count(), std::int64_t{0});
  }

  void weightsOutsideTheRangeAreClamped() {
    EmaSmoother smoother(1.5);
    QCOMPARE(smoother.weight(), 0.999);
    QCOMPARE(smoother.add(7), 7.0);  // no division by zero
    smoother.setWeight(-1);
    QCOMPARE(smoother.weight(), 0.0);
    smoother.setWeight(std::numeric_limits<double>::quiet_NaN());
    QCOMPARE(smoother.weight(), 0.0);
  }

  void changingTheWeightRestarts() {
    EmaSmoother smoother(0.5);
    smoother.add(10);
    smoother.add(0);
    smoother.setWeight(0.8);
    QCOMPARE(smoother.count(), std::int64_t{0});
    QCOMPARE(smoother.add(1), 1.0);
  }
};

QTEST_APPLESS_MAIN(EmaSmootherTest)
#include "ema_smoother_test.moc"
