#pragma once
#include <QColor>
#include <QImage>
#include <QList>
#include <QMetaType>
#include <QPointF>
#include <QStringList>
#include <QWidget>
#include <memory>
#include <vector>

#include "core/train/train_progress.h"

class QChartView;
class QComboBox;
class QLabel;
class QProgressBar;
class QSlider;
class QStackedWidget;

namespace fovea::ui {

// What the training curves are plotted against.
enum class TrainingAxis { Step, Images, WallSeconds };

// Live training curves of several runs overlaid, one colour per run: loss and accuracy, each
// raw (faint) behind its smoothed curve (a bias-corrected moving average, as TensorBoard
// smooths); the x axis is the step, the images seen or the wall time. Below them the progress
// of the run that reported last (time left, images/s) and the sample it last showed: its crops
// side by side with the label and the model's answer. A view only: the app starts, pauses and
// stops training and feeds addProgress (queued from the training thread is fine).
class TrainingMonitor : public QWidget {
  Q_OBJECT

 public:
  explicit TrainingMonitor(QWidget* parent = nullptr);
  ~TrainingMonitor() override;

  void setXAxis(TrainingAxis axis);
  TrainingAxis xAxis() const { return axis_; }
  // The moving average's weight in [0, 0.99]; 0 shows the raw values.
  void setSmoothing(double weight);
  double smoothing() const { return smoothing_; }

  int runCount() const { return static_cast<int>(runs_.size()); }
  QStringList runNames() const;
  QColor runColour(const QString& run) const;
  // Points of a run's smoothed loss curve (as many as its finite losses).
  int pointCount(const QString& run) const;
  // The last point of a run's smoothed curve; NaN for an unknown run or before any point.
  double lastSmoothedLoss(const QString& run) const;
  double lastSmoothedAccuracy(const QString& run) const;
  // The curves as drawn: x per the current axis, y raw or smoothed.
  QList<QPointF> lossPoints(const QString& run, bool smoothed = true) const;
  QList<QPointF> accuracyPoints(const QString& run, bool smoothed = true) const;

  // The last sample's crops side by side (8-bit grey, not scaled), and its caption.
  QImage sampleImage() const { return sample_image_; }
  QString sampleText() const;

  QChartView* lossChart() const { return loss_view_; }
  QChartView* accuracyChart() const { return accuracy_view_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* speedLabel() const { return speed_; }
  // Every run's colour and full name, under both charts.
  QLabel* legend() const { return legend_; }
  // What the dock says in place of the charts while it has no run.
  QLabel* emptyMessage() const { return empty_message_; }

 public Q_SLOTS:
  // A step of some run; a step at or before that run's last one means the run resumed from an
  // earlier checkpoint, so its later points are dropped first.
  void addProgress(const fovea::train::TrainProgress& progress);
  void clearRuns();

 private:
  struct Run;
  struct Chart;
  Run& run(const QString& name);
  Run* findRun(const QString& name) const;
  double xOf(const Run& run, std::size_t index) const;
  void appendPoint(Run& run, std::size_t index);
  void rebuild(Run& run);
  void rebuildAll();
  void fitAxes();
  void updateLegend();
  void showProgress(const train::TrainProgress& progress);
  void showSample(const train::TrainProgress& progress);

  TrainingAxis axis_ = TrainingAxis::Step;
  double smoothing_ = 0.6;
  std::vector<std::unique_ptr<Run>> runs_;
  std::unique_ptr<Chart> loss_chart_;
  std::unique_ptr<Chart> accuracy_chart_;
  QChartView* loss_view_;
  QChartView* accuracy_view_;
  QComboBox* axis_choice_;
  QSlider* smoothing_slider_;
  QLabel* smoothing_label_;
  QProgressBar* progress_;
  QLabel* speed_;
  QLabel* legend_;
  QLabel* empty_message_;
  QStackedWidget* charts_or_message_;
  QLabel* sample_view_;
  QLabel* sample_caption_;
  QImage sample_image_;
};

}  // namespace fovea::ui

Q_DECLARE_METATYPE(fovea::train::TrainProgress)
