#pragma once
#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

#include "core/eval/predictor.h"
#include "core/eval/stimulus_answer.h"
#include "core/report/figure_data.h"
#include "core/stimulus/stimulus_spec.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QThread;

class QGridLayout;

namespace fovea::ui {

class FigureView;

// The Stimulus Designer's "model answer": pick a trained run (from a list, or any checkpoint
// file), then every stimulus handed to setStimulus() is drawn with that run's retina and shown
// with the network's class probabilities, one bar per class. The checkpoint loads and the answer
// is computed (core's StimulusAnswerer) off the GUI thread; edits made meanwhile are coalesced
// into one answer for the latest stimulus. When the run was trained on another canvas size the
// panel says so (and offers the run's own stimulus) instead.
class ModelAnswerPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ModelAnswerPanel(QWidget* parent = nullptr);
  ~ModelAnswerPanel() override;

  // Runs to offer: (name, checkpoint path). The chosen one stays chosen while it is listed.
  void setRuns(const QList<QPair<QString, QString>>& runs);
  // Loads a checkpoint (empty: no model). modelChanged() follows when it is loaded or refused.
  void setCheckpoint(const QString& path);
  // Loads the checkpoint again (training has written a newer one).
  void reload();
  QString checkpoint() const { return checkpoint_; }
  bool hasModel() const { return predictor_ != nullptr; }
  std::shared_ptr<const eval::Predictor> predictor() const { return predictor_; }
  bool isLoading() const { return loading_; }
  // The loaded model's training stimulus (its canvas and retina); null without a model.
  const stimulus::StimulusSpec* trainedStimulus() const;

  // Answers for this stimulus with the loaded model (if any).
  void setStimulus(const stimulus::StimulusSpec& spec);

  // Class probabilities of the last answer; empty when there is none (no model, mismatch).
  const std::vector<float>& probabilities() const { return probabilities_; }
  int answer() const;  // arg-max class, -1 without an answer
  // Why there is no answer, or what it was computed on.
  QString message() const;
  // Rendering with the run's retina plus the forward pass, for the last answer (ms).
  double lastAnswerMs() const { return answer_ms_; }
  int answerCount() const { return answer_count_; }

  QComboBox* runChooser() const { return runs_; }
  // A recurrent run's answer step by step under the chosen presentation (empty figure for a
  // feed-forward run), and the presentations it offers.
  const report::FigureData& overTimeFigure() const;
  QComboBox* presentationChooser() const { return presentation_; }
  // The chart of the answer over time with its presentation chooser, for a place of its own.
  QWidget* overTimeView() const { return time_box_; }
  bool hasOverTime() const { return !over_time_data_.empty(); }

 Q_SIGNALS:
  void modelChanged();
  void answered();
  // The user asked to design on the stimulus the run was trained with.
  void useTrainedStimulus(const fovea::stimulus::StimulusSpec& spec);

 private:
  void chooseFile();
  void onLoaded(std::shared_ptr<const eval::Predictor> predictor, const QString& path,
                const QString& error);
  void makeBars(const std::vector<std::string>& class_names);
  void showAnswer();
  void startAnswer();
  void onAnswer(const eval::StimulusAnswerer::Answer& result, int generation, double ms);
  void clearAnswer(const QString& why);
  void showOverTime();

  QComboBox* runs_;
  QPushButton* browse_;
  QLabel* model_label_;
  QLabel* message_;
  QPushButton* use_trained_;
  QWidget* bars_box_ = nullptr;
  QWidget* time_box_ = nullptr;
  QComboBox* presentation_ = nullptr;
  FigureView* over_time_ = nullptr;
  QLabel* over_time_caption_ = nullptr;
  std::vector<eval::StimulusAnswerer::Answer::OverTime> over_time_data_;
  double threshold_ = 0.9;
  std::vector<QProgressBar*> bars_;
  QString checkpoint_;
  std::shared_ptr<const eval::Predictor> predictor_;
  std::shared_ptr<eval::StimulusAnswerer> answerer_;  // renders with the run's retina, answers
  QThread* answer_thread_ = nullptr;                  // computing an answer
  bool answer_pending_ = false;                       // the stimulus changed meanwhile
  int answer_generation_ = 0;                         // of the loaded model
  QGridLayout* bars_layout_ = nullptr;
  bool has_stimulus_ = false;
  stimulus::StimulusSpec stimulus_;
  std::vector<float> probabilities_;
  double answer_ms_ = 0;
  int answer_count_ = 0;
  bool loading_ = false;
  int load_generation_ = 0;
  std::vector<QThread*> loaders_;
};

}  // namespace fovea::ui
