// The Stimulus Designer's model answer with real checkpoints trained here: class probabilities
// after every edit, a clear message (and no answer) when the run's canvas differs or the file
// is not a checkpoint, and the edit-to-answer latency at paper scale (printed, not asserted:
// performance is for benchmarks).
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/util/log.h"
#include "tiny_experiment.h"
#include "widgets/common/figure_exporter.h"
#include "widgets/common/map_grid.h"
#include "widgets/stimulus/feature_map_view.h"
#include "widgets/stimulus/model_answer_panel.h"
#include "widgets/stimulus/model_summary_table.h"
#include "widgets/stimulus/stimulus_canvas.h"
#include "widgets/stimulus/stimulus_designer.h"

using fovea::ui::ModelAnswerPanel;
using fovea::ui::StimulusDesigner;

namespace {

constexpr int kLoadTimeoutMs = 30000;

// The paper's stimulus and eccentricity model (every default), trained for one step: enough
// for a checkpoint of the real size.
constexpr const char* kPaperScaleToml = R"([experiment]
name = "paper-scale"

[train]
optimizer = "adam"
learning_rates = [0.001]
batch = 2
steps = 1

[[model]]
name = "ecc"
kind = "eccentricity"
scheme = "11-1-1-1-1"
)";

// A scaled ConvRNN (science-convrnn.md) on crowded digits, trained for one step.
constexpr const char* kConvRnnToml = R"([experiment]
name = "tiny-convrnn"

[stimulus]
canvas_px = 960
target_px = 60
flanker_px = 60
spacing_px = 60.0

[train]
optimizer = "adam"
learning_rates = [0.002]
batch = 2
steps = 1

[[model]]
name = "gru"
kind = "convrnn"
cell = "gru"
width = 0.0625
image_px = 72
in_channels = 1
field_px = 240
threshold = 0.35
)";

float sum(const std::vector<float>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0f);
}

void setSpin(StimulusDesigner& designer, const char* name, double value) {
  auto* box = designer.findChild<QDoubleSpinBox*>(name);
  QVERIFY2(box, name);
  box->setValue(value);
}

}  // namespace

class ModelAnswerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    fovea::log::init({spdlog::level::warn, {}, false});
    QVERIFY(dir_.isValid());
    checkpoint_ = fovea::testing::trainTinyRun(dir_.path(), 4);
    QVERIFY(QFileInfo::exists(checkpoint_));
  }

  void answersAfterEveryEditWithTheRunsRetina() {
    StimulusDesigner designer;
    designer.resize(1200, 900);
    designer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&designer));
    ModelAnswerPanel* answer = designer.modelAnswer();
    QVERIFY(answer->probabilities().empty());
    answer->setRuns({{"ecc-lr0.003", checkpoint_}});
    answer->runChooser()->setCurrentIndex(1);  // as a user picks the run
    QCOMPARE(answer->checkpoint(), checkpoint_);
    QTRY_VERIFY_WITH_TIMEOUT(answer->hasModel(), kLoadTimeoutMs);

    // The designer's paper-scale canvas is not the run's 240 px: no answer, and why.
    QVERIFY(answer->probabilities().empty());
    QTRY_VERIFY2(answer->message().contains("240 px"), qPrintable(answer->message()));
    auto* use_trained = answer->findChild<QPushButton*>("answerUseTrained");
    QTRY_VERIFY(use_trained && use_trained->isVisible());
    auto* bars = answer->findChild<QWidget*>("answerBars");
    QVERIFY(bars && !bars->isVisible());

    // On the run's own stimulus it answers: five probabilities that sum to one.
    use_trained->click();
    QCOMPARE(designer.document()->spec().geometry.canvas_px, 240);
    QCOMPARE(designer.refusal(), QString());
    QTRY_COMPARE(answer->probabilities().size(), std::size_t{5});
    QVERIFY(std::fabs(sum(answer->probabilities()) - 1.0f) < 1e-4f);
    QVERIFY(answer->answer() >= 0 && answer->answer() < 5);
    QTRY_VERIFY(std::isfinite(designer.lastEditToAnswerMs()));
    QVERIFY(designer.lastEditToAnswerMs() > 0);
    QVERIFY2(answer->message().startsWith("Answer"), qPrintable(answer->message()));
    QVERIFY(bars->isVisible());
    QVERIFY(!use_trained->isVisible());

    // Every edit brings a new answer for the new stimulus.
    const auto before = answer->probabilities();
    const int count = answer->answerCount();
    setSpin(designer, "target eccentricity", 45);
    QCOMPARE(designer.document()->spec().geometry.target_ecc_px, 45.0);
    QTRY_COMPARE(answer->answerCount(), count + 1);
    QCOMPARE(answer->probabilities().size(), std::size_t{5});
    QVERIFY(std::fabs(sum(answer->probabilities()) - 1.0f) < 1e-4f);
    QVERIFY(answer->probabilities() != before);
    // Edits faster than the answers are coalesced: the last answer is for the last stimulus.
    for (int ecc = 46; ecc <= 52; ++ecc) setSpin(designer, "target eccentricity", ecc);
    QTRY_VERIFY(answer->message().startsWith("Answer") && answer->answerCount() > count + 1);
    QTest::qWait(200);  // any answer still on its way has arrived
    const auto latest = answer->probabilities();
    setSpin(designer, "target eccentricity", 45);
    QTRY_VERIFY(answer->probabilities() != latest);
    // An undo is an edit too.
    const int answers = answer->answerCount();
    designer.undoAction()->trigger();  // back to 52
    QTRY_COMPARE(answer->answerCount(), answers + 1);
    QCOMPARE(answer->probabilities(), latest);

    // Back on a canvas the run never saw: the answer goes away with the reason.
    setSpin(designer, "canvas", 480);
    QTRY_VERIFY(answer->probabilities().empty());
    QTRY_VERIFY2(answer->message().contains("240 px"), qPrintable(answer->message()));
    QVERIFY(std::isnan(designer.lastEditToAnswerMs()));

    // No model: no answer, and nothing breaks.
    answer->setCheckpoint({});
    QVERIFY(!answer->hasModel());
    setSpin(designer, "canvas", 240);
    QVERIFY(answer->probabilities().empty());
  }

  // The feature maps of the chosen run follow the stimulus; the unit under the cursor draws its
  // receptive field on the canvas (one square per crop it pools) and says how much of each
  // glyph's ink lies inside.
  void featureMapsFollowTheStimulusAndAUnitDrawsItsField() {
    StimulusDesigner designer;
    designer.resize(1280, 800);
    designer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&designer));
    designer.showFeatureMaps(true);
    fovea::ui::FeatureMapView* view = designer.featureView();
    QVERIFY(view->message().contains("Model answer"));
    ModelAnswerPanel* answer = designer.modelAnswer();
    answer->setCheckpoint(checkpoint_);
    QTRY_VERIFY_WITH_TIMEOUT(answer->hasModel(), kLoadTimeoutMs);
    // On the paper canvas the run cannot see the stimulus: the view says why.
    QTRY_VERIFY2(view->message().contains("240 px"), qPrintable(view->message()));
    answer->findChild<QPushButton*>("answerUseTrained")->click();
    // Eight maps of conv1 (3-1-1-1 on 30 px crops: 26, then a 3 px pool, 24).
    QTRY_VERIFY2(view->grid()->channels() == 8, qPrintable(view->message()));
    QCOMPARE(view->layer(), QString("conv1"));
    QVERIFY2(view->message().contains("8 maps of 24 x 24"), qPrintable(view->message()));
    const auto range = view->grid()->range(0);
    QVERIFY(range.second > range.first);

    // A drag is an edit: new maps for the new stimulus.
    const int shown = view->mapsShown();
    setSpin(designer, "target eccentricity", 40);
    QTRY_VERIFY(view->mapsShown() > shown && !view->busy());
    QVERIFY(view->grid()->range(0) != range);

    // Hovering a map picks a unit: its field is drawn through the 3 crops conv1 pools.
    const QRectF tile = view->grid()->tileRect(2);
    const double pixel = tile.width() / 24;  // screen pixels per map pixel
    QTest::mouseMove(view->grid(),
                     QPointF(tile.left() + 12.5 * pixel, tile.top() + 12.5 * pixel).toPoint());
    QTRY_COMPARE(designer.canvas()->fieldSquares(), 3);
    QTRY_VERIFY2(view->fieldText().contains("Map 2, row 12, column 12"),
                 qPrintable(view->fieldText()));
    QVERIFY2(view->fieldText().contains("sees 7 px of the canvas"), qPrintable(view->fieldText()));
    QVERIFY2(view->fieldText().contains("Ink inside: target"), qPrintable(view->fieldText()));
    // The last convolution pools space globally: each crop is seen whole.
    QVERIFY(view->setLayer("conv3"));
    QTRY_VERIFY(view->grid()->channels() == 8 && !view->busy());
    QCOMPARE(designer.canvas()->fieldSquares(), 0);  // a new layer forgets the unit
    view->pickUnit(0, 0, 0);
    QTRY_VERIFY2(view->fieldText().contains("sees 30 px of the canvas") &&
                     view->fieldText().contains("240 px"),
                 qPrintable(view->fieldText()));
    QVERIFY(!view->setLayer("logits"));  // no maps to show

    // The maps shown export as a figure with their data (one CSV row per map pixel) and where
    // they came from.
    QTemporaryDir out;
    const fovea::ui::FigureStyle style;
    QCOMPARE(view->exporter()->exportTo(out.filePath("conv3"), style, {"png", "svg"}), QString());
    QVERIFY(QImage(out.filePath("conv3.png")).width() > 0);
    QFile csv(out.filePath("conv3.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.front(), QString("run,layer,scale,map,row,column,activation"));
    QCOMPARE(rows.size(), 1 + 8 * 1 * 1);  // conv3 is 8 maps of 1 x 1
    QFile json(out.filePath("conv3.json"));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QByteArray provenance = json.readAll();
    QVERIFY2(provenance.contains("\"layer\": \"conv3\"") && provenance.contains("[stimulus]"),
             provenance.constData());

    // Without a model the overlay goes away and nothing breaks.
    answer->setCheckpoint({});
    QTRY_COMPARE(designer.canvas()->fieldSquares(), 0);
    setSpin(designer, "target eccentricity", 50);
    QCOMPARE(view->grid()->channels(), std::int64_t{0});
  }

  // The Layers tab: the run's layers with shapes, parameters and fields from core's summary.
  // A recurrent run's maps step by step: a layer's maps do not depend on the stimulus before the
  // image reaches it (conv3: step 2), and do afterwards.
  void aRecurrentRunsMapsGoStepByStep() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto spec = fovea::experiment::parseExperimentSpec(kConvRnnToml, "tiny-convrnn.toml");
    fovea::train::TrainOptions options;
    options.run_dir = dir.filePath("run").toStdString();
    const auto trained =
        fovea::train::trainRun(spec, fovea::experiment::plannedRuns(spec).front(), options);
    StimulusDesigner designer;
    designer.resize(1280, 800);
    designer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&designer));
    designer.showFeatureMaps(true);
    fovea::ui::FeatureMapView* view = designer.featureView();
    ModelAnswerPanel* answer = designer.modelAnswer();
    answer->setCheckpoint(QString::fromStdString(trained.checkpoint.string()));
    QTRY_VERIFY_WITH_TIMEOUT(answer->hasModel(), kLoadTimeoutMs);
    answer->findChild<QPushButton*>("answerUseTrained")->click();
    // The answer as it forms, under each presentation the run knows.
    QTRY_VERIFY(answer->presentationChooser()->count() == 3);
    QCOMPARE(answer->presentationChooser()->itemText(0), QString("default"));
    const auto own = answer->overTimeFigure();
    QVERIFY2(own.title.find("image until step 12") != std::string::npos, own.title.c_str());
    QCOMPARE(own.x_max, 15.0);
    QVERIFY(own.series.size() >= 6);  // five classes and the max-confidence readout's step
    for (std::size_t k = 0; k < 5; ++k) QCOMPARE(own.series[k].y.size(), std::size_t{16});
    // At the last step the curves end at the answer's bars.
    for (std::size_t k = 0; k < 5; ++k) {
      QVERIFY(std::fabs(own.series[k].y.back() - answer->probabilities()[k]) < 1e-5);
    }
    QVERIFY(own.series[5].x.size() == 1 && own.series[5].lines == false);  // a decision mark
    auto* caption = designer.findChild<QLabel*>("answerOverTimeCaption");
    QVERIFY(caption && caption->text().contains("Max-confidence readout: step "));
    // The run's own threshold, not the default 0.9.
    QVERIFY2(caption->text().contains("threshold readout's 0.35"), qPrintable(caption->text()));
    QVERIFY(std::fabs(own.reference_y - 0.35) < 1e-6);
    answer->presentationChooser()->setCurrentText("neural");
    QCOMPARE(answer->overTimeFigure().x_max, 25.0);
    QVERIFY(answer->overTimeFigure().title.find("image until step 10") != std::string::npos);

    QCOMPARE(view->steps(), 16);  // the default presentation
    QCOMPARE(view->step(), 15);   // the readout's step first
    QVERIFY(view->setLayer("conv3"));
    QTRY_VERIFY2(view->message().contains("conv3 at step 15 (the image reaches it at step 2)") &&
                     !view->busy(),
                 qPrintable(view->message()));
    QVERIFY2(view->message().contains("blank frames from step 12"), qPrintable(view->message()));
    auto mapsAt = [&](int step) {
      const int shown = view->mapsShown();
      view->setStep(step);
      [&] { QTRY_VERIFY(view->mapsShown() > shown && !view->busy()); }();
      return view->figure().maps.panels;
    };
    const auto early = mapsAt(1);
    QVERIFY2(view->message().contains("before the image reaches it (step 2)"),
             qPrintable(view->message()));
    const auto late = mapsAt(6);
    const int shown = view->mapsShown();
    setSpin(designer, "target eccentricity", 60);  // another stimulus
    QTRY_VERIFY(view->mapsShown() > shown && !view->busy());
    const auto late_moved = view->figure().maps.panels;
    const auto early_moved = mapsAt(1);
    QCOMPARE(early.size(), early_moved.size());
    QVERIFY(!early.empty());
    for (std::size_t m = 0; m < early.size(); ++m) QCOMPARE(early[m].values, early_moved[m].values);
    bool changed = false;
    for (std::size_t m = 0; m < late.size(); ++m)
      changed = changed || late[m].values != late_moved[m].values;
    QVERIFY(changed);
  }

  void layersTableShowsTheRunsLayers() {
    StimulusDesigner designer;
    designer.resize(1280, 800);
    designer.show();
    designer.showSideTab(2);
    QVERIFY(designer.summaryTable()->caption().contains("Model answer"));
    designer.modelAnswer()->setCheckpoint(checkpoint_);
    QTRY_VERIFY_WITH_TIMEOUT(designer.modelAnswer()->hasModel(), kLoadTimeoutMs);
    const QTableWidget* table = designer.summaryTable()->table();
    QCOMPARE(table->rowCount(), 4);  // 3-1-1-1: conv1, conv2, conv3, logits
    QCOMPARE(table->item(0, 0)->text(), QString("conv1"));
    QVERIFY2(table->item(0, 3)->text().startsWith("7 px"), qPrintable(table->item(0, 3)->text()));
    // Through the finest crop (30 canvas px on 30 px crops) 7 px; through the widest (240 px) 56.
    QVERIFY2(table->item(0, 3)->text().contains("\ncanvas 7 px"),
             qPrintable(table->item(0, 3)->text()));
    QVERIFY2(table->item(0, 3)->text().contains("to 56 px"), qPrintable(table->item(0, 3)->text()));
    QVERIFY(table->item(2, 3)->text().startsWith("whole"));
    QCOMPARE(table->item(3, 3)->text(), QString("-"));
    QVERIFY2(designer.summaryTable()->caption().contains("ecc-lr0.003"),
             qPrintable(designer.summaryTable()->caption()));
    // The table exports as a table figure, its CSV one row per layer.
    QTemporaryDir out;
    QCOMPARE(designer.summaryTable()->exporter()->exportTo(out.filePath("layers"), {}, {"pdf"}),
             QString());
    QVERIFY(QFileInfo(out.filePath("layers.pdf")).size() > 0);
    QFile csv(out.filePath("layers.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 5);
    QVERIFY2(rows[1].contains(",conv1,conv,1 x 8 x 24 x 24,") && rows[1].contains(",7,1,7,"),
             qPrintable(rows[1]));
    designer.modelAnswer()->setCheckpoint({});
    QTRY_COMPARE(table->rowCount(), 0);
    QVERIFY(designer.summaryTable()
                ->exporter()
                ->exportTo(out.filePath("none"), {}, {"png"})
                .contains("nothing to export"));
  }

  void aFileThatIsNotACheckpointIsRefusedWithItsReason() {
    QFile bad(dir_.filePath("bad.pt"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a checkpoint");
    bad.close();
    StimulusDesigner designer;
    designer.show();
    ModelAnswerPanel* answer = designer.modelAnswer();
    answer->setCheckpoint(bad.fileName());
    QTRY_VERIFY_WITH_TIMEOUT(!answer->isLoading(), kLoadTimeoutMs);
    QVERIFY(!answer->hasModel());
    QVERIFY2(answer->message().contains("bad.pt"), qPrintable(answer->message()));
    setSpin(designer, "target eccentricity", 100);  // edits go on
    QVERIFY(answer->probabilities().empty());
    // A good checkpoint afterwards replaces it, and reloads when asked (training wrote anew).
    answer->setCheckpoint(checkpoint_);
    QTRY_VERIFY_WITH_TIMEOUT(answer->hasModel(), kLoadTimeoutMs);
    answer->reload();
    QVERIFY(answer->isLoading() && !answer->hasModel());
    QTRY_VERIFY_WITH_TIMEOUT(answer->hasModel(), kLoadTimeoutMs);
    QCOMPARE(answer->checkpoint(), checkpoint_);
  }

  void editToAnswerLatencyAtPaperScale() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto spec = fovea::experiment::parseExperimentSpec(kPaperScaleToml, "paper-scale.toml");
    const auto run = fovea::experiment::plannedRuns(spec).front();
    fovea::train::TrainOptions options;
    options.run_dir = dir.filePath("run").toStdString();
    const auto trained = fovea::train::trainRun(spec, run, options);
    StimulusDesigner designer;
    designer.resize(1200, 900);
    designer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&designer));
    ModelAnswerPanel* answer = designer.modelAnswer();
    answer->setCheckpoint(QString::fromStdString(trained.checkpoint.string()));
    QTRY_VERIFY_WITH_TIMEOUT(answer->hasModel(), kLoadTimeoutMs);
    // The designer starts on the paper's stimulus: the 1920 px canvas the run was trained on.
    QCOMPARE(answer->trainedStimulus()->retina.canvas_px, 1920);
    QCOMPARE(answer->trainedStimulus()->retina.scales, 11);
    QTRY_COMPARE(answer->probabilities().size(), std::size_t{5});

    // The feature maps follow the same edits (conv1, computed beside the answer).
    designer.showFeatureMaps(true);
    fovea::ui::FeatureMapView* view = designer.featureView();
    QTRY_VERIFY_WITH_TIMEOUT(view->mapsShown() > 0 && !view->busy(), kLoadTimeoutMs);
    std::vector<double> edit_ms;
    std::vector<double> answer_ms;
    std::vector<double> maps_ms;
    for (int i = 1; i <= 15; ++i) {
      const int before = answer->answerCount();
      const int maps_before = view->mapsShown();
      setSpin(designer, "target eccentricity", 20.0 * i);
      QTRY_COMPARE(answer->answerCount(), before + 1);
      QTRY_VERIFY(view->mapsShown() > maps_before && !view->busy());
      maps_ms.push_back(view->lastMapsMs());
      QVERIFY(std::isfinite(designer.lastEditToAnswerMs()));
      QCOMPARE(answer->probabilities().size(), std::size_t{5});
      edit_ms.push_back(designer.lastEditToAnswerMs());
      answer_ms.push_back(answer->lastAnswerMs());
      QCoreApplication::processEvents();
    }
    std::sort(edit_ms.begin(), edit_ms.end());
    std::sort(answer_ms.begin(), answer_ms.end());
    std::sort(maps_ms.begin(), maps_ms.end());
    qInfo(
        "paper scale: conv1's maps after an edit (render with the run's retina + conv1) median "
        "%.1f ms, max %.1f ms, computed beside the answer",
        maps_ms[maps_ms.size() / 2], maps_ms.back());
    qInfo(
        "paper scale (1920 px canvas, 11 crops of 60 px): edit to answer median %.1f ms, "
        "max %.1f ms; the answer alone (render with the run's retina + forward) median %.1f ms",
        edit_ms[edit_ms.size() / 2], edit_ms.back(), answer_ms[answer_ms.size() / 2]);
  }

 private:
  QTemporaryDir dir_;
  QString checkpoint_;
};

QTEST_MAIN(ModelAnswerTest)
#include "model_answer_test.moc"
