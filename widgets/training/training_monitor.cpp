#include "widgets/training/training_monitor.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QPixmap>
#include <QProgressBar>
#include <QSlider>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "figures/figure_painter.h"
#include "widgets/common/crop_images.h"
#include "widgets/training/ema_smoother.h"

namespace fovea::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kSampleHeight = 96;  // on screen; crops are typically 28-64 px

struct Sample {
  std::int64_t step;
  std::int64_t images;
  double wall_s;
  double loss;
  double accuracy;
};

QString axisTitle(TrainingAxis axis) {
  switch (axis) {
    case TrainingAxis::Images: return QObject::tr("images seen");
    case TrainingAxis::WallSeconds: return QObject::tr("wall time (s)");
    case TrainingAxis::Step: break;
  }
  return QObject::tr("step");
}

QString duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("?");
  const auto total = static_cast<long long>(std::llround(seconds));
  const long long hours = total / 3600;
  const long long minutes = total / 60 % 60;
  const long long secs = total % 60;
  if (hours > 0) {
    return QStringLiteral("%1:%2:%3")
        .arg(hours)
        .arg(minutes, 2, 10, QChar('0'))
        .arg(secs, 2, 10, QChar('0'));
  }
  return QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QChar('0'));
}

// Lowest and highest values seen so far, for axes that follow the data.
struct Bounds {
  double lo = INFINITY, hi = -INFINITY;
  void add(double value) {
    if (!std::isfinite(value)) return;
    lo = std::min(lo, value);
    hi = std::max(hi, value);
  }
  bool empty() const { return lo > hi; }
};

}  // namespace

struct TrainingMonitor::Run {
  QString name;
  QColor colour;
  std::vector<Sample> samples;
  EmaSmoother loss_ema;
  EmaSmoother accuracy_ema;
  QLineSeries* loss_raw = nullptr;
  QLineSeries* loss_smooth = nullptr;
  QLineSeries* accuracy_raw = nullptr;
  QLineSeries* accuracy_smooth = nullptr;
};

struct TrainingMonitor::Chart {
  QChart* chart = nullptr;
  QValueAxis* x = nullptr;
  QValueAxis* y = nullptr;
  Bounds x_bounds;
  Bounds y_bounds;

  explicit Chart(const QString& y_title) : chart(new QChart), x(new QValueAxis), y(new QValueAxis) {
    // One legend for both charts lives under them (runLegend): a chart's own legend elides run
    // names once there are a few.
    chart->legend()->hide();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    y->setTitleText(y_title);
    // Docks are small: Qt Charts' default margins and fonts leave no room for tick labels.
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    QFont small = chart->font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    for (QValueAxis* axis : {x, y}) {
      axis->setLabelsFont(small);
      axis->setTitleFont(small);
    }
    chart->legend()->setFont(small);
  }

  QLineSeries* addSeries(const QString& name, const QPen& pen, bool in_legend) {
    auto* series = new QLineSeries;
    series->setName(name);
    series->setPen(pen);
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    if (!in_legend) {
      for (QLegendMarker* marker : chart->legend()->markers(series)) marker->setVisible(false);
    }
    return series;
  }

  // x follows the data; y starts at 0 (losses and accuracies are not negative) and ends at
  // `fixed_hi` (1 for accuracy) unless the data goes beyond it.
  void fit(double fixed_hi) {
    double x_lo = 0, x_hi = 1;
    if (!x_bounds.empty()) {
      x_lo = x_bounds.lo;
      x_hi = x_bounds.hi > x_bounds.lo ? x_bounds.hi : x_bounds.lo + 1;
    }
    const double y_lo = y_bounds.empty() ? 0 : std::min(0.0, y_bounds.lo);
    double y_hi = y_bounds.hi * 1.05;
    if (y_bounds.empty()) {
      y_hi = fixed_hi > 0 ? fixed_hi : 1;
    } else if (fixed_hi > 0 && y_bounds.hi <= fixed_hi) {
      y_hi = fixed_hi;
    }
    setScale(x, x_lo, x_hi);
    setScale(y, y_lo, y_hi > y_lo ? y_hi : y_lo + 1);
  }

  // Ticks at round values (0, 50, 100, ...), whatever the range.
  static void setScale(QValueAxis* axis, double lo, double hi) {
    const AxisScale scale = niceScale(lo, hi, 5);
    axis->setRange(lo, hi);
    if (scale.ticks.size() >= 2) {
      axis->setTickType(QValueAxis::TicksDynamic);
      axis->setTickAnchor(0);
      axis->setTickInterval(scale.ticks[1] - scale.ticks[0]);
    }
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(scale.decimals));
  }
};

TrainingMonitor::TrainingMonitor(QWidget* parent)
    : QWidget(parent),
      loss_chart_(std::make_unique<Chart>(tr("loss"))),
      accuracy_chart_(std::make_unique<Chart>(tr("accuracy"))),
      loss_view_(new QChartView),
      accuracy_view_(new QChartView),
      axis_choice_(new QComboBox),
      smoothing_slider_(new QSlider(Qt::Horizontal)),
      smoothing_label_(new QLabel),
      progress_(new QProgressBar),
      speed_(new QLabel),
      legend_(new QLabel),
      empty_message_(new QLabel),
      charts_or_message_(new QStackedWidget),
      sample_view_(new QLabel),
      sample_caption_(new QLabel) {
  qRegisterMetaType<fovea::train::TrainProgress>();
  setObjectName("trainingMonitor");
  loss_view_->setObjectName("lossChart");
  accuracy_view_->setObjectName("accuracyChart");
  axis_choice_->setObjectName("trainingAxis");
  smoothing_slider_->setObjectName("smoothing");
  progress_->setObjectName("trainingProgress");
  speed_->setObjectName("trainingSpeed");
  legend_->setObjectName("trainingLegend");
  legend_->setWordWrap(true);
  legend_->setTextFormat(Qt::RichText);
  legend_->hide();
  sample_view_->setObjectName("trainingSample");
  sample_caption_->setObjectName("trainingSampleCaption");

  for (auto [view, chart] : {std::pair{loss_view_, loss_chart_.get()},
                             std::pair{accuracy_view_, accuracy_chart_.get()}}) {
    view->setChart(chart->chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(240, 180);
    chart->x->setTitleText(axisTitle(axis_));
  }

  axis_choice_->addItem(axisTitle(TrainingAxis::Step), static_cast<int>(TrainingAxis::Step));
  axis_choice_->addItem(axisTitle(TrainingAxis::Images), static_cast<int>(TrainingAxis::Images));
  axis_choice_->addItem(axisTitle(TrainingAxis::WallSeconds),
                        static_cast<int>(TrainingAxis::WallSeconds));
  connect(axis_choice_, &QComboBox::currentIndexChanged, this,
          [this] { setXAxis(static_cast<TrainingAxis>(axis_choice_->currentData().toInt())); });
  smoothing_slider_->setRange(0, 99);
  smoothing_slider_->setValue(static_cast<int>(std::lround(smoothing_ * 100)));
  smoothing_label_->setText(QString::number(smoothing_, 'f', 2));
  connect(smoothing_slider_, &QSlider::valueChanged, this,
          [this](int value) { setSmoothing(value / 100.0); });

  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_->setFormat(tr("not training"));
  progress_->setTextVisible(true);
  sample_view_->setMinimumSize(kSampleHeight, kSampleHeight);
  sample_view_->setAlignment(Qt::AlignCenter);
  sample_caption_->setTextFormat(Qt::RichText);

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("x axis")));
  controls->addWidget(axis_choice_);
  controls->addSpacing(16);
  controls->addWidget(new QLabel(tr("smoothing")));
  controls->addWidget(smoothing_slider_, 1);
  controls->addWidget(smoothing_label_);

  // Two empty charts read as something broken; before any run the dock says what fills it.
  empty_message_->setObjectName("trainingEmpty");
  empty_message_->setText(
      tr("No run yet.\nRun \u25b8 Start experiment trains the open experiment; its loss and "
         "accuracy curves appear here step by step."));
  empty_message_->setAlignment(Qt::AlignCenter);
  empty_message_->setWordWrap(true);
  empty_message_->setMinimumSize(240, 180);
  auto* charts_page = new QWidget;
  auto* charts = new QHBoxLayout(charts_page);
  charts->setContentsMargins(0, 0, 0, 0);
  charts->addWidget(loss_view_, 1);
  charts->addWidget(accuracy_view_, 1);
  charts_or_message_->addWidget(empty_message_);
  charts_or_message_->addWidget(charts_page);

  auto* status = new QVBoxLayout;
  status->addWidget(progress_);
  status->addWidget(speed_);
  status->addStretch(1);
  auto* sample = new QVBoxLayout;
  sample->addWidget(sample_view_, 1);
  sample->addWidget(sample_caption_, 0, Qt::AlignHCenter);
  auto* bottom = new QHBoxLayout;
  bottom->addLayout(status, 1);
  bottom->addLayout(sample);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(charts_or_message_, 1);
  layout->addWidget(legend_);
  layout->addLayout(bottom);
}

void TrainingMonitor::updateLegend() {
  // Coloured squares and full run names, wrapping between entries as the dock needs; the names'
  // hyphens are non-breaking (U+2011), since Qt's rich text breaks lines after a hyphen.
  QStringList entries;
  for (const auto& run : runs_) {
    QString name = run->name.toHtmlEscaped();
    name.replace(QLatin1Char('-'), QChar(0x2011));
    entries << QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2")
                   .arg(run->colour.name(), name);
  }
  legend_->setText(entries.join(QStringLiteral(" &nbsp; ")));
  legend_->setVisible(!entries.isEmpty());
  charts_or_message_->setCurrentIndex(entries.isEmpty() ? 0 : 1);
}

TrainingMonitor::~TrainingMonitor() = default;

QStringList TrainingMonitor::runNames() const {
  QStringList names;
  for (const auto& run : runs_) names << run->name;
  return names;
}

TrainingMonitor::Run* TrainingMonitor::findRun(const QString& name) const {
  for (const auto& run : runs_) {
    if (run->name == name) return run.get();
  }
  return nullptr;
}

TrainingMonitor::Run& TrainingMonitor::run(const QString& name) {
  if (Run* found = findRun(name)) return *found;
  auto run = std::make_unique<Run>();
  run->name = name;
  run->colour = seriesColour(runs_.size());
  run->loss_ema.setWeight(smoothing_);
  run->accuracy_ema.setWeight(smoothing_);
  QColor faint = run->colour;
  faint.setAlphaF(0.25f);  // the raw curve stays visible without competing with the trend
  const QPen raw_pen(faint, 1);
  const QPen smooth_pen(run->colour, 2);
  // Raw first, so the smoothed curve is drawn on top.
  run->loss_raw = loss_chart_->addSeries(name, raw_pen, false);
  run->loss_smooth = loss_chart_->addSeries(name, smooth_pen, true);
  run->accuracy_raw = accuracy_chart_->addSeries(name, raw_pen, false);
  run->accuracy_smooth = accuracy_chart_->addSeries(name, smooth_pen, true);
  runs_.push_back(std::move(run));
  updateLegend();
  return *runs_.back();
}

QColor TrainingMonitor::runColour(const QString& name) const {
  const Run* found = findRun(name);
  return found ? found->colour : QColor();
}

int TrainingMonitor::pointCount(const QString& name) const {
  const Run* found = findRun(name);
  return found ? static_cast<int>(found->loss_smooth->count()) : 0;
}

double TrainingMonitor::lastSmoothedLoss(const QString& name) const {
  const Run* found = findRun(name);
  return found && found->loss_smooth->count() > 0 ? found->loss_smooth->points().last().y() : kNaN;
}

double TrainingMonitor::lastSmoothedAccuracy(const QString& name) const {
  const Run* found = findRun(name);
  return found && found->accuracy_smooth->count() > 0 ? found->accuracy_smooth->points().last().y()
                                                      : kNaN;
}

QList<QPointF> TrainingMonitor::lossPoints(const QString& name, bool smoothed) const {
  const Run* found = findRun(name);
  if (!found) return {};
  return (smoothed ? found->loss_smooth : found->loss_raw)->points();
}

QList<QPointF> TrainingMonitor::accuracyPoints(const QString& name, bool smoothed) const {
  const Run* found = findRun(name);
  if (!found) return {};
  return (smoothed ? found->accuracy_smooth : found->accuracy_raw)->points();
}

QString TrainingMonitor::sampleText() const {
  return sample_caption_->text();
}

double TrainingMonitor::xOf(const Run& run, std::size_t index) const {
  const Sample& sample = run.samples[index];
  switch (axis_) {
    case TrainingAxis::Images: return static_cast<double>(sample.images);
    case TrainingAxis::WallSeconds: return sample.wall_s;
    case TrainingAxis::Step: break;
  }
  return static_cast<double>(sample.step);
}

void TrainingMonitor::appendPoint(Run& run, std::size_t index) {
  const Sample& sample = run.samples[index];
  const double x = xOf(run, index);
  if (!std::isfinite(x)) return;
  const double loss = run.loss_ema.add(sample.loss);
  const double accuracy = run.accuracy_ema.add(sample.accuracy);
  // A non-finite value (a diverged step) leaves a gap in the points, not a spike to infinity.
  if (std::isfinite(sample.loss)) {
    run.loss_raw->append(x, sample.loss);
    run.loss_smooth->append(x, loss);
    loss_chart_->y_bounds.add(sample.loss);
  }
  if (std::isfinite(sample.accuracy)) {
    run.accuracy_raw->append(x, sample.accuracy);
    run.accuracy_smooth->append(x, accuracy);
    accuracy_chart_->y_bounds.add(sample.accuracy);
  }
  loss_chart_->x_bounds.add(x);
  accuracy_chart_->x_bounds.add(x);
}

void TrainingMonitor::rebuild(Run& run) {
  run.loss_ema.setWeight(smoothing_);
  run.accuracy_ema.setWeight(smoothing_);
  QList<QPointF> loss_raw, loss_smooth, accuracy_raw, accuracy_smooth;
  for (std::size_t i = 0; i < run.samples.size(); ++i) {
    const Sample& sample = run.samples[i];
    const double x = xOf(run, i);
    if (!std::isfinite(x)) continue;
    const double loss = run.loss_ema.add(sample.loss);
    const double accuracy = run.accuracy_ema.add(sample.accuracy);
    if (std::isfinite(sample.loss)) {
      loss_raw.append({x, sample.loss});
      loss_smooth.append({x, loss});
      loss_chart_->y_bounds.add(sample.loss);
    }
    if (std::isfinite(sample.accuracy)) {
      accuracy_raw.append({x, sample.accuracy});
      accuracy_smooth.append({x, accuracy});
      accuracy_chart_->y_bounds.add(sample.accuracy);
    }
    loss_chart_->x_bounds.add(x);
    accuracy_chart_->x_bounds.add(x);
  }
  // replace() redraws once, where appending point by point would redraw per point.
  run.loss_raw->replace(loss_raw);
  run.loss_smooth->replace(loss_smooth);
  run.accuracy_raw->replace(accuracy_raw);
  run.accuracy_smooth->replace(accuracy_smooth);
}

void TrainingMonitor::rebuildAll() {
  for (Chart* chart : {loss_chart_.get(), accuracy_chart_.get()}) {
    chart->x_bounds = {};
    chart->y_bounds = {};
  }
  for (auto& run : runs_) rebuild(*run);
  fitAxes();
}

void TrainingMonitor::fitAxes() {
  loss_chart_->fit(0);
  accuracy_chart_->fit(1);
}

void TrainingMonitor::addProgress(const fovea::train::TrainProgress& progress) {
  Run& target = run(QString::fromStdString(progress.run));
  const Sample sample{progress.step, progress.images, progress.wall_s, progress.loss,
                      progress.accuracy};
  if (!target.samples.empty() && progress.step <= target.samples.back().step) {
    // Resumed from an earlier checkpoint: what came after it was lost and is redone.
    auto first_stale = std::find_if(target.samples.begin(), target.samples.end(),
                                    [&](const Sample& kept) { return kept.step >= progress.step; });
    target.samples.erase(first_stale, target.samples.end());
    target.samples.push_back(sample);
    rebuildAll();
  } else {
    target.samples.push_back(sample);
    appendPoint(target, target.samples.size() - 1);
    fitAxes();
  }
  showProgress(progress);
  if (!progress.sample_crops.empty()) showSample(progress);
}

void TrainingMonitor::clearRuns() {
  loss_chart_->chart->removeAllSeries();
  accuracy_chart_->chart->removeAllSeries();
  runs_.clear();
  updateLegend();
  for (Chart* chart : {loss_chart_.get(), accuracy_chart_.get()}) {
    chart->x_bounds = {};
    chart->y_bounds = {};
  }
  fitAxes();
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_->setFormat(tr("not training"));
  speed_->clear();
  sample_image_ = QImage();
  sample_view_->clear();
  sample_caption_->clear();
}

void TrainingMonitor::setXAxis(TrainingAxis axis) {
  if (axis_choice_->currentData().toInt() != static_cast<int>(axis)) {
    axis_choice_->setCurrentIndex(axis_choice_->findData(static_cast<int>(axis)));  // re-enters
    return;
  }
  if (axis == axis_) return;
  axis_ = axis;
  loss_chart_->x->setTitleText(axisTitle(axis));
  accuracy_chart_->x->setTitleText(axisTitle(axis));
  rebuildAll();
}

void TrainingMonitor::setSmoothing(double weight) {
  weight = std::isfinite(weight) ? std::clamp(weight, 0.0, 0.99) : 0.0;
  const int position = static_cast<int>(std::lround(weight * 100));
  if (smoothing_slider_->value() != position) {
    smoothing_slider_->setValue(position);  // re-enters with the slider's value
    return;
  }
  if (weight == smoothing_) return;
  smoothing_ = weight;
  smoothing_label_->setText(QString::number(smoothing_, 'f', 2));
  rebuildAll();
}

void TrainingMonitor::showProgress(const train::TrainProgress& progress) {
  const QString run = QString::fromStdString(progress.run);
  if (progress.total_steps > 0) {
    // QProgressBar counts in int; steps can exceed that on long runs, per mille cannot.
    const double done =
        static_cast<double>(progress.step) / static_cast<double>(progress.total_steps);
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(std::lround(std::clamp(done, 0.0, 1.0) * 1000)));
    progress_->setFormat(tr("%1: step %2 of %3, %4 left")
                             .arg(run)
                             .arg(progress.step)
                             .arg(progress.total_steps)
                             .arg(duration(progress.seconds_left)));
  } else {
    progress_->setRange(0, 0);  // an open-ended run: a busy indicator
    progress_->setFormat(tr("%1: step %2").arg(run).arg(progress.step));
  }
  QString speed = tr("%1 images/s").arg(progress.images_per_s, 0, 'f', 0);
  if (progress.learning_rate > 0)
    speed += tr(", learning rate %1").arg(progress.learning_rate, 0, 'g', 3);
  speed_->setText(speed);
}

void TrainingMonitor::showSample(const train::TrainProgress& progress) {
  sample_image_ = cropStrip(progress.sample_crops);
  if (sample_image_.isNull()) {
    sample_view_->clear();
  } else {
    // Nearest neighbour: crops are a few dozen pixels, and their pixels are the point.
    sample_view_->setPixmap(QPixmap::fromImage(sample_image_.scaledToHeight(
        std::max(kSampleHeight, sample_image_.height()), Qt::FastTransformation)));
  }
  const bool known = progress.sample_label >= 0 && progress.sample_answer >= 0;
  const bool right = progress.sample_label == progress.sample_answer;
  const QString colour = right ? QStringLiteral("#009e73") : QStringLiteral("#d55e00");
  // Names when the trainer gave them (a class's digit), else the class number.
  auto name = [](const std::string& given, int k) {
    return given.empty() ? QString::number(k) : QString::fromStdString(given);
  };
  QString caption = tr("label %1").arg(name(progress.sample_label_name, progress.sample_label));
  if (known) {
    caption += tr(", answer <span style=\"color:%1\"><b>%2</b></span>")
                   .arg(colour, name(progress.sample_answer_name, progress.sample_answer));
  }
  sample_caption_->setText(caption);
}

}  // namespace fovea::ui
