// The filter playground: settings change the maps and the worked formula, drawing on the kernel
// filters live, a run's bank comes and goes, impossible settings are explained, and the maps
// export with their settings.
#include <QComboBox>
#include <QFile>
#include <QPainter>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "core/inspect/kernel_presets.h"
#include "widgets/common/figure_exporter.h"
#include "widgets/common/map_grid.h"
#include "widgets/playground/filter_playground_view.h"
#include "widgets/playground/kernel_editor.h"

using fovea::ui::FilterPlaygroundView;

namespace {

// 100 x 60 px, black, with a white vertical bar at columns 40..47.
QImage barImage() {
  QImage image(100, 60, QImage::Format_RGB32);
  image.fill(Qt::black);
  QPainter painter(&image);
  painter.fillRect(40, 0, 8, 60, Qt::white);
  return image;
}

}  // namespace

class FilterPlaygroundTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void stridePaddingAndPoolingChangeTheMapsAndTheFormula() {
    FilterPlaygroundView view;
    view.resize(1000, 700);
    view.show();
    view.setInputSide(100);
    view.setImage(barImage());
    QVERIFY(view.setBank("Edges"));
    QTRY_COMPARE(view.maps()->channels(), std::int64_t{4});
    QCOMPARE(view.result().maps[0].height, 58);  // valid: 60 - 3 + 1
    QCOMPARE(view.result().maps[0].width, 98);
    // "dark to light →" fires on the bar's left edge only, "light to dark →" on its right.
    const auto& rising = view.result().maps[0].values;
    QVERIFY(rising[10 * 98 + 38] > 0 && rising[10 * 98 + 46] < 0 && rising[10 * 98 + 10] == 0);

    fovea::inspect::FilterSettings settings;
    settings.stride = 2;
    settings.padding = fovea::inspect::Padding::Same;
    settings.pooling = fovea::inspect::Pooling::Max;
    settings.pool_size = 2;
    view.setSettings(settings);
    QTRY_COMPARE(view.result().maps[0].width, 50);  // ceil(100 / 2)
    QCOMPARE(view.result().maps[0].height, 30);
    QCOMPARE(view.result().pooled[0].width, 25);
    QCOMPARE(view.result().pooled[0].height, 15);
    QVERIFY2(view.formula().contains("⌊(100 + 1 − 3) / 2⌋ + 1 = 50"), qPrintable(view.formula()));
    QVERIFY2(view.formula().contains("⌊(30 − 2) / 2⌋ + 1 = 15"), qPrintable(view.formula()));
    QVERIFY(view.pooledMaps()->isVisible());

    QTemporaryDir dir;
    QCOMPARE(view.exporter()->exportTo(dir.filePath("edges"), {}, {"png"}), QString());
    QFile csv(dir.filePath("edges.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.front(), QString("bank,map,row,column,response"));
    QCOMPARE(rows.size(), 1 + 4 * 15 * 25);  // the pooled maps
    QFile json(dir.filePath("edges.json"));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QByteArray provenance = json.readAll();
    QVERIFY2(
        provenance.contains("\"stride\": \"2\"") && provenance.contains("\"padding\": \"same\""),
        provenance.constData());
  }

  void drawingOnTheKernelFiltersLive() {
    FilterPlaygroundView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setInputSide(100);
    view.setImage(barImage());
    QVERIFY(view.setBank("Drawn"));
    auto* size = view.findChild<QSpinBox*>();  // the first spin box is the kernel size
    QVERIFY(size);
    size->setValue(5);
    size->setValue(3);  // a fresh, all-zero 3 x 3 kernel
    QTRY_COMPARE(view.result().maps.size(), std::size_t{1});
    QCOMPARE(view.result().maps[0].values, std::vector<float>(58 * 98, 0.0f));
    // A click on the centre cell makes the identity: the map is the input without its border.
    auto* editor = view.editor();
    QTest::mouseClick(editor, Qt::LeftButton, {}, editor->cellRect(1, 1).center().toPoint());
    QCOMPARE(editor->kernel().weights[4], 1.0f);
    QTRY_VERIFY(view.result().maps[0].values[10 * 98 + 39] == 1.0f);
    QCOMPARE(view.result().maps[0].values[10 * 98 + 20], 0.0f);
    // Shift paints the negative, the right button zero.
    QTest::mouseClick(editor, Qt::LeftButton, Qt::ShiftModifier,
                      editor->cellRect(0, 0).center().toPoint());
    QCOMPARE(editor->kernel().weights[0], -1.0f);
    QTest::mouseClick(editor, Qt::RightButton, {}, editor->cellRect(1, 1).center().toPoint());
    QTRY_VERIFY(view.kernels()[0].weights[4] == 0.0f);
  }

  void aRunsBankComesAndGoes() {
    FilterPlaygroundView view;
    view.setImage(barImage());
    const int presets = view.bankNames().size();
    view.setTrainedBank(
        fovea::inspect::trainedBank("run conv1.weight", {2, 1, 3, 3}, std::vector<float>(18, 1)));
    QCOMPARE(view.bankNames().size(), presets + 1);
    QVERIFY(view.setBank("run conv1.weight"));
    QTRY_COMPARE(view.maps()->channels(), std::int64_t{2});
    // Another run replaces it; no run removes it, and the view falls back to another bank.
    view.setTrainedBank(
        fovea::inspect::trainedBank("other conv1.weight", {3, 1, 5, 5}, std::vector<float>(75)));
    QCOMPARE(view.bankNames().back(), QString("other conv1.weight"));
    QCOMPARE(view.bank(), QString("other conv1.weight"));
    QTRY_COMPARE(view.maps()->channels(), std::int64_t{3});
    view.setTrainedBank({});
    QCOMPARE(view.bankNames().size(), presets);
    QVERIFY(view.bankNames().contains(view.bank()));
    QTRY_VERIFY(view.maps()->channels() > 0);
  }

  void aKernelLargerThanTheImageIsExplained() {
    FilterPlaygroundView view;
    QTRY_VERIFY(view.message().contains("Stimulus Designer"));  // no image yet
    QImage tiny(8, 4, QImage::Format_RGB32);                    // shown at 16 x 8 px
    tiny.fill(Qt::white);
    view.setInputSide(16);
    view.setImage(tiny);
    QVERIFY(view.setBank("Gabors"));  // 7 x 7 kernels fit 8 rows
    QTRY_COMPARE(view.maps()->channels(), std::int64_t{4});
    QVERIFY(view.setBank("Drawn"));
    view.findChild<QSpinBox*>()->setValue(15);
    QTRY_VERIFY2(view.message().contains("15 px kernel does not fit"), qPrintable(view.message()));
    QCOMPARE(view.maps()->channels(), std::int64_t{0});
    QVERIFY(view.exporter()
                ->exportTo(QDir::temp().filePath("never"), {}, {"png"})
                .contains("nothing to export"));
  }
};

QTEST_MAIN(FilterPlaygroundTest)
#include "filter_playground_test.moc"
