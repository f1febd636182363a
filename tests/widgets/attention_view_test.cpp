// The Attention view: where a transformer's window lands drawn in the image's pixels
// (align_corners = false), the numbers beside it, the trial controls; and in the main window,
// live samples while an attention experiment trains, then test trials of its runs.
#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/main_window.h"
#include "core/util/log.h"
#include "widgets/attention/attention_view.h"
#include "widgets/attention/sampling_canvas.h"
#include "widgets/attention/trial_maps_panel.h"
#include "widgets/common/map_grid.h"

using fovea::app::MainWindow;
using fovea::ui::AttentionView;

namespace {

// The What net and a transformer on the 128 px set, two steps each, a few test images.
constexpr const char* kTinyAttention = R"([experiment]
name = "tiny-attention"
seed = 3

[attention]
noise = 0.75
contrast = 0.7
offset_std = 10
radii_px = [5, 30]
contrasts = [0.7]
shift_stds_px = []
map_half_px = 0
images = 4
batch = 4

[train]
optimizer = "sgd"
learning_rates = [0.01]
batch = 2
steps = 2
log_every = 1

[[model]]
name = "what"
kind = "what"

[[model]]
name = "atn"
kind = "atn"
)";

fovea::eval::AttentionTrial shiftedWindowTrial() {
  fovea::eval::AttentionTrial trial;
  trial.image = cv::Mat(128, 128, CV_32F, cv::Scalar(0.5));
  trial.label = 3;
  trial.answer = 3;
  trial.probabilities = std::vector<float>(10, 0.02f);
  trial.probabilities[3] = 0.82f;
  trial.has_transform = true;
  trial.theta = {0.2f, 0, 0.5f, 0, 0.2f, 0};  // scale 0.2, half a half-width to the right
  trial.glimpse = cv::Mat(28, 28, CV_32F, cv::Scalar(0.25));
  trial.grid_side = 28;
  trial.grid = fovea::eval::samplingPoints(trial.theta, 128, 28);
  trial.offsets_known = true;
  trial.row_offset = 2;
  trial.col_offset = 30;
  return trial;
}

// A saccade model's trial: one saccade from the centre to (col 20, row -10), a Where map that
// peaks on cell 37.
fovea::eval::AttentionTrial saccadeTrial() {
  fovea::eval::AttentionTrial trial;
  trial.image = cv::Mat(128, 128, CV_32F, cv::Scalar(0.5));
  trial.label = 4;
  trial.answer = 4;
  trial.probabilities = std::vector<float>(10, 0.05f);
  trial.probabilities[4] = 0.55f;
  trial.fixations = {{63.5f, 63.5f}, {83.5f, 53.5f}};  // pixel-centre coordinates
  trial.fixation_answers = {1, 4};
  trial.foveal_crops = {cv::Mat(28, 28, CV_32F, cv::Scalar(0.3)),
                        cv::Mat(28, 28, CV_32F, cv::Scalar(0.8))};
  trial.where_map = std::vector<float>(240, 0.1f);
  trial.where_map[37] = 0.4f;
  for (int i = 0; i < 240; ++i) trial.where_cells.emplace_back(10.0f + i % 100, 10.0f + i / 24);
  trial.where_azimuths = 24;
  trial.where_rings = 10;
  trial.offsets_known = true;
  trial.row_offset = -12;
  trial.col_offset = 21;
  return trial;
}

}  // namespace

class AttentionViewTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { fovea::log::init({}); }

  void showsTheSaccadePathTheCropsAndWheresMap() {
    AttentionView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setRuns({"ww-lr0.001"});
    view.setSource("ww-lr0.001");
    view.showTrial("ww-lr0.001", saccadeTrial());
    const QString numbers = view.summary();
    QVERIFY2(numbers.contains("(0, 0) → (20, -10)"), qPrintable(numbers));
    QVERIFY2(numbers.contains("answers 1 → 4"), qPrintable(numbers));
    // Landing error: from (20, -10) to the digit at (21, -12).
    QVERIFY2(numbers.contains("landing error 2.2 px"), qPrintable(numbers));
    bool where_shown = false, crops_titled = false;
    for (auto* label : view.findChildren<QLabel*>()) {
      if (!label->isVisible()) continue;
      if (label->text().startsWith("Where: 24 azimuths x 10 rings")) {
        where_shown = label->text().contains("0.10 to 0.40");
      }
      crops_titled = crops_titled || label->text() == "Foveal crop before and after each saccade";
    }
    QVERIFY(where_shown);
    QVERIFY(crops_titled);
    // A transformer's trial afterwards hides Where's panel again.
    view.showTrial("ww-lr0.001", shiftedWindowTrial());
    for (auto* label : view.findChildren<QLabel*>()) {
      QVERIFY(!(label->isVisible() && label->text().startsWith("Where:")));
    }
  }

  void drawsTheWindowWhereThetaSamples() {
    AttentionView view;
    view.resize(900, 600);
    view.show();
    view.showLive("atn-lr0.01", shiftedWindowTrial());
    const QRectF box = view.canvas()->windowOutline().boundingRect();
    // t_x = 0.5 half-widths = 32 px right of the image's centre (63.5); the window spans
    // 0.2 x 128 = 25.6 px.
    QVERIFY2(std::abs(box.center().x() - 95.5) < 0.01,
             qPrintable(QString::number(box.center().x())));
    QVERIFY(std::abs(box.center().y() - 63.5) < 0.01);
    QVERIFY(std::abs(box.width() - 0.2 * 128) < 0.01);
    QVERIFY(std::abs(box.height() - box.width()) < 0.01);
    const QString numbers = view.summary();
    QVERIFY2(numbers.contains("window centre (32.0, 0.0) px"), qPrintable(numbers));
    QVERIFY2(numbers.contains("landing error 2.8 px"), qPrintable(numbers));
  }

  // STN 28 on a 128 px cell: the model reads the central 28 px, which the canvas shows dashed
  // on the whole stimulus. The window's centre (+) sits in the outline's middle, in the model
  // input's pixels, not in the shown stimulus's.
  void marksTheWindowCentreOfAModelThatSeesTheFovea() {
    fovea::eval::AttentionTrial trial;
    trial.scene = cv::Mat(128, 128, CV_32F, cv::Scalar(0.5));
    trial.image = cv::Mat(28, 28, CV_32F, cv::Scalar(0.5));
    trial.has_transform = true;
    trial.theta = {0.65f, 0, -0.23f, 0, 0.71f, -0.64f};  // up and to the left, zoomed in
    fovea::ui::SamplingCanvas canvas;
    canvas.resize(400, 400);
    canvas.setTrial(trial);
    QPointF middle;
    for (const auto& corner : canvas.windowOutline()) middle += corner / 4;
    const QPointF centre = canvas.windowCentre();
    QVERIFY2(std::abs(centre.x() - middle.x()) < 1e-3 && std::abs(centre.y() - middle.y()) < 1e-3,
             qPrintable(QString("centre (%1, %2), outline's middle (%3, %4)")
                            .arg(centre.x())
                            .arg(centre.y())
                            .arg(middle.x())
                            .arg(middle.y())));
    QVERIFY(centre.x() < 13.5 && centre.y() < 13.5);  // left of and above the input's middle
  }

  void asksForTrialsOfTheChosenRunOnly() {
    AttentionView view;
    QSignalSpy asked(&view, &AttentionView::trialRequested);
    view.setRuns({"atn-lr0.01", "what-lr0.01"});
    QCOMPARE(view.runs().size(), 2);
    QVERIFY(view.source().isEmpty());  // the live sample stays the default
    QCOMPARE(asked.count(), 0);
    view.setSource("what-lr0.01");
    QCOMPARE(asked.count(), 1);
    view.setTrialParameters(7, 31, 0.3);
    QCOMPARE(asked.count(), 2);
    QCOMPARE(asked.last().at(0).toString(), QString("what-lr0.01"));
    QCOMPARE(asked.last().at(1).toInt(), 7);
    QCOMPARE(asked.last().at(2).toDouble(), 31.0);
    QCOMPARE(asked.last().at(3).toDouble(), 0.3);
    QCOMPARE(asked.last().at(4).toString(), QString());  // no layers known yet: the first
    // A live sample does not replace a run's trial, and another run's trial is dropped.
    view.showLive("atn-lr0.01", shiftedWindowTrial());
    QVERIFY(view.trial().label < 0);
    view.showTrial("atn-lr0.01", shiftedWindowTrial());
    QVERIFY(view.trial().label < 0);
    // The runs are offered again after a refresh, the choice kept.
    view.setRuns({"what-lr0.01", "atn-lr0.01"});
    QCOMPARE(view.source(), QString("what-lr0.01"));
  }

  void followsTrainingLiveThenShowsTestTrials() {
    QTemporaryDir out;
    QVERIFY(out.isValid());
    const QString spec = out.filePath("tiny-attention.toml");
    QFile file(spec);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kTinyAttention);
    file.close();
    MainWindow window;
    window.setExperiment(spec, {}, out.filePath("exp"));
    window.resize(1280, 800);
    window.show();
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    window.runDemo();
    auto* view = window.attentionView();
    // While training, the view follows the current batch: the ATN (trained last) shows its
    // window on its sample.
    QTRY_VERIFY_WITH_TIMEOUT(view->trial().has_transform, 60000);
    QCOMPARE(view->trial().glimpse.rows, 28);
    QCOMPARE(view->trial().image.rows, 128);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.first().first().toBool(), false);
    QTRY_VERIFY_WITH_TIMEOUT(view->trial().has_transform, 2000);  // the last sample is shown
    QCOMPARE(view->runs(), QStringList({"what-lr0.01", "atn-lr0.01"}));

    // A test trial of the What net: its 28 px fovea of the 128 px image, no transform.
    window.showAttentionRun("what-lr0.01");
    view->setTrialParameters(1, 0, 0.7);
    QTRY_VERIFY_WITH_TIMEOUT(view->trial().label >= 0 && view->trial().image.rows == 28, 30000);
    QVERIFY(!view->trial().has_transform);
    QCOMPARE(view->trial().probabilities.size(), std::size_t{10});
    // Its feature maps come with the trial: LeNet's first layer, 20 maps of 12 x 12, then the
    // second layer once it is chosen.
    QCOMPARE(view->trial().map_layers, (std::vector<std::string>{"conv1", "conv2"}));
    QCOMPARE(view->mapsPanel()->grid()->channels(), std::int64_t{20});
    QVERIFY2(view->mapsPanel()->note().contains("20 maps of 12 x 12"),
             qPrintable(view->mapsPanel()->note()));
    QVERIFY(view->mapsPanel()->setLayer("conv2"));
    QTRY_VERIFY_WITH_TIMEOUT(view->trial().maps_layer == "conv2", 30000);
    QCOMPARE(view->mapsPanel()->grid()->channels(), std::int64_t{50});
    QCOMPARE(view->trial().maps_shape, (std::vector<std::int64_t>{50, 4, 4}));
    // The ATN's: theta at its start (scale 0.2 after two small steps), a 28 x 28 glimpse, and the
    // digit placed at the asked eccentricity.
    window.showAttentionRun("atn-lr0.01");
    view->setTrialParameters(2, 30, 0.7);
    auto radius = [view] { return std::hypot(view->trial().row_offset, view->trial().col_offset); };
    // Requests made while one is drawn are coalesced: the last (30 px) arrives in the end.
    QTRY_VERIFY_WITH_TIMEOUT(view->trial().has_transform && radius() > 28, 30000);
    QVERIFY2(radius() <= 30, qPrintable(QString::number(radius())));
    QCOMPARE(view->trial().image.rows, 128);
    QVERIFY(std::abs(view->trial().theta[0] - 0.2f) < 0.05f);
    QCOMPARE(view->canvas()->windowOutline().size(), 4);
    // The ATN offers its own layers; the What net's choice does not carry over.
    QVERIFY(!view->trial().map_layers.empty());
    QVERIFY(view->mapsPanel()->grid()->channels() > 0);
  }
};

QTEST_MAIN(AttentionViewTest)
#include "attention_view_test.moc"
