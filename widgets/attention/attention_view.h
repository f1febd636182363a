#pragma once
#include <QLabel>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "core/eval/attention_trial.h"

class QComboBox;
class QSlider;

namespace fovea::ui {

class SamplingCanvas;
class TrialMapsPanel;

// What a model of the attention task looks at: the input with the transformer's sampling grid
// (or the saccade model's Where map and saccades) drawn on it, the glimpse it sampled (or the
// foveal crop at each fixation, and Where's map as a grid), its answer per class, and the numbers
// behind them (scale, shear, where the window landed against where the digit was). The source is
// either the live training sample ("Training: live") or a trained run's test trials, chosen with a
// trial scrubber and the eccentricity and contrast of the digit. A view only: it asks for trials
// with trialRequested and shows what it is given.
class AttentionView : public QWidget {
  Q_OBJECT

 public:
  explicit AttentionView(QWidget* parent = nullptr);

  // Runs whose trials can be requested (trained checkpoints); the live source stays first.
  void setRuns(const QStringList& runs);
  QStringList runs() const;
  QString source() const;  // a run name, or empty for the live training sample
  void setSource(const QString& run);
  int trialIndex() const;
  double radius() const;    // px
  double contrast() const;  // 0..1
  void setTrialParameters(int index, double radius_px, double contrast);

  // A trial of `run` (the one last asked for); ignored when the source has changed since.
  void showTrial(const QString& run, const eval::AttentionTrial& trial);
  // The current training batch's sample of `run`; shown when the source is live.
  void showLive(const QString& run, const eval::AttentionTrial& trial);
  void showError(const QString& message);

  SamplingCanvas* canvas() const { return canvas_; }
  TrialMapsPanel* mapsPanel() const { return maps_; }
  const eval::AttentionTrial& trial() const { return trial_; }
  QString summary() const { return numbers_->text(); }

 Q_SIGNALS:
  // `map_layer`: the layer whose maps the trial should carry (empty: the run's first).
  void trialRequested(const QString& run, int index, double radius_px, double contrast,
                      const QString& map_layer);

 private:
  void requestTrial();
  void display(const eval::AttentionTrial& trial, const QString& caption);
  void updateSliderLabels();
  void updateControls();  // the test-trial sliders only for a run, not the live sample

  QComboBox* source_;
  QSlider* trial_slider_;
  QSlider* radius_slider_;
  QSlider* contrast_slider_;
  QLabel* trial_label_;
  QLabel* radius_label_;
  QLabel* contrast_label_;
  SamplingCanvas* canvas_;
  QLabel* glimpse_;
  QLabel* glimpse_title_;
  QLabel* where_;
  QLabel* where_title_;
  QLabel* answer_;
  QLabel* bars_;
  QLabel* numbers_;
  TrialMapsPanel* maps_;
  eval::AttentionTrial trial_;
};

}  // namespace fovea::ui
