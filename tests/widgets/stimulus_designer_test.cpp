#include "widgets/stimulus/stimulus_designer.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include "widgets/stimulus/retina_code_view.h"
#include "widgets/stimulus/stimulus_canvas.h"

using fovea::stimulus::Configuration;
using fovea::ui::StimulusDesigner;

namespace {

std::vector<QImage> cropsOf(const StimulusDesigner& designer) {
  return designer.document()->snapshot().crops;
}

QPoint glyphCentre(const StimulusDesigner& designer, int glyph) {
  const auto& box = designer.document()->snapshot().boxes[static_cast<std::size_t>(glyph)];
  return designer.canvas()->toWidget(QPointF(box.centre_x, box.centre_y)).toPoint();
}

void drag(QWidget* widget, QPoint from, QPoint to) {
  QTest::mousePress(widget, Qt::LeftButton, {}, from);
  for (int i = 1; i <= 5; ++i) QTest::mouseMove(widget, from + (to - from) * i / 5);
  QTest::mouseRelease(widget, Qt::LeftButton, {}, to);
}

}  // namespace

class StimulusDesignerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() {
    designer_ = std::make_unique<StimulusDesigner>();
    designer_->resize(1100, 800);
    designer_->show();
    QVERIFY(QTest::qWaitForWindowExposed(designer_.get()));
    auto spec = designer_->document()->spec();
    spec.geometry.configuration = Configuration::AX;
    spec.geometry.target_ecc_px = 240;
    spec.geometry.spacing_px = 150;
    QCOMPARE(designer_->document()->propose(spec, "setup"), QString());
    designer_->document()->endMerge();
    designer_->document()->undoStack()->clear();
  }
  void cleanup() { designer_.reset(); }

  void draggingAFlankerChangesSpacingAndCropsAndUndoRestoresThem() {
    const auto before = cropsOf(*designer_);
    const QPoint flanker = glyphCentre(*designer_, 1);
    drag(designer_->canvas(), flanker, flanker + QPoint(25, 0));  // outwards, along the meridian
    const auto& geometry = designer_->document()->spec().geometry;
    QVERIFY2(geometry.spacing_px > 150 + 40, qPrintable(QString::number(geometry.spacing_px)));
    QVERIFY(geometry.configuration == Configuration::AX);
    QVERIFY(cropsOf(*designer_) != before);
    QCOMPARE(designer_->document()->undoStack()->count(), 1);  // the whole drag is one step

    designer_->undoAction()->trigger();
    QCOMPARE(designer_->document()->spec().geometry.spacing_px, 150.0);
    QVERIFY(cropsOf(*designer_) == before);
    designer_->redoAction()->trigger();
    QVERIFY(designer_->document()->spec().geometry.spacing_px > 190);
  }

  void draggingTheTargetChangesItsEccentricity() {
    const QPoint target = glyphCentre(*designer_, 0);
    drag(designer_->canvas(), target, target - QPoint(20, 0));
    const double ecc = designer_->document()->spec().geometry.target_ecc_px;
    QVERIFY2(ecc < 240 - 40, qPrintable(QString::number(ecc)));
    // The spacing stays: the flanker moved with the target.
    QCOMPARE(designer_->document()->spec().geometry.spacing_px, 150.0);
  }

  void draggingAFlankerAcrossTheTargetMakesItAnInnerFlanker() {
    const QPoint target = glyphCentre(*designer_, 0);
    const QPoint flanker = glyphCentre(*designer_, 1);
    drag(designer_->canvas(), flanker, target - (flanker - target));
    QVERIFY(designer_->document()->spec().geometry.configuration == Configuration::XA);
  }

  void anOverlappingDragIsRefusedWithAReason() {
    const QPoint target = glyphCentre(*designer_, 0);
    const QPoint flanker = glyphCentre(*designer_, 1);
    drag(designer_->canvas(), flanker, target + (flanker - target) / 3);
    QVERIFY(designer_->refusal().contains("overlaps"));
    QVERIFY(designer_->document()->spec().geometry.spacing_px >= 120);
  }

  void theSpinBoxRefusesAnImpossibleSpacingVisibly() {
    auto* spacing = designer_->findChild<QDoubleSpinBox*>("spacing");
    QVERIFY(spacing);
    spacing->setValue(50);  // would overlap the target
    QVERIFY(designer_->refusal().contains("overlaps"));
    QCOMPARE(designer_->document()->spec().geometry.spacing_px, 150.0);
    QCOMPARE(spacing->value(), 150.0);  // the editor shows the valid spec again
    auto* label = designer_->findChild<QLabel*>("refusalLabel");
    QVERIFY(label->isVisible());
    spacing->setValue(200);
    QVERIFY(designer_->refusal().isEmpty());
    QCOMPARE(designer_->document()->spec().geometry.spacing_px, 200.0);
  }

  void savesLoadsAndExports() {
    QTemporaryDir dir;
    const QString path = dir.filePath("designed.toml");
    QCOMPARE(designer_->document()->save(path), QString());
    auto spec = designer_->document()->spec();
    spec.geometry.spacing_px = 300;
    QCOMPARE(designer_->document()->propose(spec, "change"), QString());
    QCOMPARE(designer_->document()->load(path), QString());
    QCOMPARE(designer_->document()->spec().geometry.spacing_px, 150.0);
    QVERIFY(designer_->document()->load(dir.filePath("missing.toml")).contains("missing.toml"));

    QCOMPARE(designer_->exportCanvasSvg(dir.filePath("canvas.svg")), QString());
    QSvgRenderer svg(dir.filePath("canvas.svg"));
    QVERIFY(svg.isValid());
    QCOMPARE(designer_->document()->exportCanvasPng(dir.filePath("canvas.png")), QString());
    QCOMPARE(QImage(dir.filePath("canvas.png")).size(), QSize(1920, 1920));
    QCOMPARE(designer_->document()->exportCropsPng(dir.filePath("crops.png")), QString());
    QCOMPARE(QImage(dir.filePath("crops.png")).height(), 60);
  }

  void chevronMasksShowInTheCrops() {
    auto spec = designer_->document()->spec();
    spec.geometry.configuration = Configuration::A;
    spec.geometry.target_ecc_px = 0;
    spec.retina.chevron = 2;
    QCOMPARE(designer_->document()->propose(spec, "chevron"), QString());
    const auto crops = cropsOf(*designer_);
    // Crops 0 and 1 keep the target; from crop 2 on its centre is cut away.
    for (std::size_t i = 0; i < 2; ++i) {
      int ink = 0;
      for (int y = 0; y < 60; ++y)
        for (int x = 0; x < 60; ++x) ink += crops[i].pixelColor(x, y).value() > 128;
      QVERIFY2(ink > 50, qPrintable(QString("crop %1 lost the target").arg(i)));
    }
    for (std::size_t i = 2; i < crops.size(); ++i) {
      for (int y = 24; y < 36; ++y)
        for (int x = 24; x < 36; ++x) QCOMPARE(crops[i].pixelColor(x, y).value(), 0);
    }
  }

  void showsTheLogPolarRetinaCodeOfTheCanvas() {
    // The target 240 px right of fixation: in the retina's 128 px view of the 1920 px canvas
    // that is 16 px along the columns, azimuth 90 deg (index 6 of 24), rings 5 or 6.
    auto spec = designer_->document()->spec();
    spec.geometry.configuration = Configuration::A;
    QCOMPARE(designer_->document()->propose(spec, "alone"), QString());
    designer_->setRetinaCodeShown(true);
    auto* view = designer_->retinaCodeView();
    QTRY_VERIFY_WITH_TIMEOUT(!view->energies().empty(), 120000);
    const auto& energy = view->energies();
    QCOMPARE(energy.size(), std::size_t{240});
    const auto peak =
        static_cast<int>(std::max_element(energy.begin(), energy.end()) - energy.begin());
    const int az = peak / 10;
    const int ring = peak % 10;
    QVERIFY2(az >= 5 && az <= 7, qPrintable(QString("azimuth %1").arg(az)));
    QVERIFY2(ring >= 4 && ring <= 7, qPrintable(QString("ring %1").arg(ring)));
    // Moving the target to the left turns the peak to the opposite azimuth.
    spec.geometry.target_ecc_px = -240;
    QCOMPARE(designer_->document()->propose(spec, "left"), QString());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
          const auto& e = view->energies();
          const auto p = static_cast<int>(std::max_element(e.begin(), e.end()) - e.begin());
          return p / 10 >= 17 && p / 10 <= 19;
        }(),
        5000);
  }

 private:
  std::unique_ptr<StimulusDesigner> designer_;
};

QTEST_MAIN(StimulusDesignerTest)
#include "stimulus_designer_test.moc"
