// The Probe's psychophysics: a run trained here measured as an observer while the staircases
// are drawn, people's data beside it, a stop that ends the measuring, figures that export.
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "core/util/log.h"
#include "tiny_experiment.h"
#include "widgets/common/figure_view.h"
#include "widgets/psychophysics/psychophysics_view.h"

using fovea::ui::PsychophysicsView;

class PsychophysicsViewTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    fovea::log::init({spdlog::level::warn, {}, false});
    QVERIFY(dir_.isValid());
    checkpoint_ = fovea::testing::trainTinyRun(dir_.path(), 300);
    QVERIFY(QFileInfo::exists(checkpoint_));
  }

  void measuresARunWhileDrawingItsStaircases() {
    PsychophysicsView view;
    view.resize(1200, 700);
    view.show();
    QVERIFY(view.message().contains("Choose a trained crowding run"));
    // Before anything is measured the tab says what will appear, not empty axes.
    QVERIFY(!view.showsPlots());
    QVERIFY(view.emptyMessage()->isVisible());
    auto predictor = std::make_shared<const fovea::eval::Predictor>(checkpoint_.toStdString());
    view.setPredictor(predictor);
    QVERIFY(!view.setEccentricities("1,-2"));  // refused, the list stays
    QVERIFY(view.setEccentricities("0.3,0.6"));
    QSignalSpy finished(&view, &PsychophysicsView::finished);
    view.start();
    QVERIFY(view.running());
    QVERIFY(view.showsPlots());
    // The tracks fill in while the staircases run.
    QTRY_VERIFY_WITH_TIMEOUT(!view.tracksView()->figure().series.empty() &&
                                 !view.tracksView()->figure().series[0].x.empty(),
                             60000);
    if (view.running()) {
      // Nothing is measured yet: no critical spacing drawn, no fitted curve.
      for (const auto& s : view.boumaView()->figure().series) {
        for (double y : s.y) QVERIFY(!std::isfinite(y));
      }
      for (const auto& s : view.psychometricView()->figure().series) QVERIFY(s.markers);
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QVERIFY(!view.running());
    const auto& study = view.study();
    QCOMPARE(study.points.size(), std::size_t{2});
    QVERIFY(study.trials > 100);
    QVERIFY2(view.message().contains("trials in"), qPrintable(view.message()));
    // Near fixation the run sees its digits: its trials are fitted, and the critical spacing
    // lies between touching flankers and the canvas's edge, or is reported as a bound.
    const auto& near = study.points[0];
    QVERIFY(near.baseline > 0.3);
    QVERIFY2(near.fit.refusal.empty(), near.fit.refusal.c_str());
    QVERIFY2((near.refusal.empty() && near.threshold >= 29.99 && near.threshold <= 120) ||
                 near.refusal.rfind("no crowding", 0) == 0 ||
                 near.refusal.rfind("crowded at every", 0) == 0,
             near.refusal.c_str());
    QCOMPARE(view.tracksView()->figure().series[0].x.size(), near.track.size());
    QVERIFY(view.psychometricView()->figure().series.size() >= 2);
    QTemporaryDir out;
    QCOMPARE(view.boumaView()->exportTo(out.filePath("bouma"), {}, {"svg"}), QString());
    QVERIFY(QFile::exists(out.filePath("bouma.csv")));
  }

  void peoplesDataSitsBesideTheModel() {
    PsychophysicsView view;
    QSignalSpy loaded(&view, &PsychophysicsView::humanLoaded);
    view.loadHuman(QString(FOVEA_SOURCE_DIR) + "/experiments/human/simulated-radial.toml");
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QCOMPARE(view.people().size(), std::size_t{2});
    QVERIFY(view.showsPlots());
    QStringList names;
    for (const auto& s : view.boumaView()->figure().series) names << QString::fromStdString(s.name);
    QVERIFY2(names.contains("people radial") && names.contains("people tangential"),
             qPrintable(names.join(", ")));
    // A spec that is not there is a message, not a crash.
    view.loadHuman(QDir::temp().filePath("no-such-spec.toml"));
    QTRY_VERIFY(view.message().contains("no-such-spec.toml"));
  }

  // The size variable: the tracks are glyph sizes in whole pixels up to the run's own 30, and
  // the plots are titled for what they show.
  void measuresASizeThreshold() {
    PsychophysicsView view;
    view.setPredictor(std::make_shared<const fovea::eval::Predictor>(checkpoint_.toStdString()));
    QVERIFY(view.setEccentricities("0.3"));
    view.setVariable("size");
    QSignalSpy finished(&view, &PsychophysicsView::finished);
    view.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    const auto& study = view.study();
    QVERIFY(study.options.variable == fovea::psychophysics::Variable::Size);
    QVERIFY(!study.points.at(0).track.empty());
    for (const auto& [px, correct] : study.points[0].track) {
      QVERIFY2(px == std::round(px) && px >= 1 && px <= 30, qPrintable(QString::number(px)));
    }
    QCOMPARE(view.tracksView()->figure().y_title, std::string("glyph size (px)"));
    QCOMPARE(view.boumaView()->figure().y_title, std::string("size threshold (deg)"));
    QVERIFY2(view.message().contains("size threshold"), qPrintable(view.message()));
  }

  void stopEndsTheMeasuring() {
    PsychophysicsView view;
    view.setPredictor(std::make_shared<const fovea::eval::Predictor>(checkpoint_.toStdString()));
    QVERIFY(view.setEccentricities("0.3,0.4,0.5,0.6"));
    view.start();
    QTRY_VERIFY_WITH_TIMEOUT(view.study().trials > 0, 30000);
    view.stop();
    QVERIFY(!view.running());
    QVERIFY(view.study().points.size() < 4 || view.study().points.back().refusal == "stopped");
  }

 private:
  QTemporaryDir dir_;
  QString checkpoint_;
};

QTEST_MAIN(PsychophysicsViewTest)
#include "psychophysics_view_test.moc"
