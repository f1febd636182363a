#pragma once
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <atomic>
#include <memory>
#include <vector>

#include "core/eval/predictor.h"
#include "core/psychophysics/human_data.h"
#include "core/psychophysics/staircase_study.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QThread;

namespace fovea::ui {

class FigureView;

// A run as a psychophysical observer: choose eccentricities, a procedure, the flankers and how
// the model answers, then watch the staircases run (spacing per trial), the psychometric
// functions fitted to them, and the Bouma plot of critical spacing against eccentricity with
// people's data beside the model's. The measuring is core's (runStaircaseStudy, off the GUI
// thread); every plot exports like the rest.
class PsychophysicsView : public QWidget {
  Q_OBJECT

 public:
  explicit PsychophysicsView(QWidget* parent = nullptr);
  ~PsychophysicsView() override;

  void setPredictor(std::shared_ptr<const eval::Predictor> predictor);  // null: none
  // "2,4,6" (deg); false (and nothing changes) for a list that is not positive numbers.
  bool setEccentricities(const QString& list);
  void setProcedure(const QString& name);  // updown, quest
  void setVariable(const QString& name);   // spacing, contrast, size
  // People's data: a [human] spec, read and fitted off the GUI thread; humanLoaded follows.
  void loadHuman(const QString& spec);
  void start();
  void stop();
  bool running() const { return worker_ != nullptr; }

  const psychophysics::StudyResult& study() const { return study_; }
  const std::vector<psychophysics::HumanSeries>& people() const { return people_; }
  QString message() const;
  // A failure to show in place of the message (a run that could not be loaded).
  void showError(const QString& error);
  FigureView* tracksView() const { return tracks_; }
  FigureView* psychometricView() const { return psychometric_; }
  FigureView* boumaView() const { return bouma_; }
  // Shown instead of the plots until there is something to draw (a measurement or people's data).
  QLabel* emptyMessage() const { return empty_message_; }
  bool showsPlots() const;

 Q_SIGNALS:
  void finished();
  void humanLoaded();

 private:
  void buildControls();
  void refreshFigures();
  void showSummary();  // the finished study's numbers, people's slopes beside them
  void onTrial(std::size_t ecc, double px, bool correct);
  void onFinished(const psychophysics::StudyResult& result, const QString& error);
  psychophysics::StudyOptions studyOptions() const;

  QLineEdit* eccentricities_;
  QComboBox* procedure_;
  QComboBox* variable_;
  QComboBox* arrangement_;
  QComboBox* flankers_;
  QComboBox* response_;
  QPushButton* start_;
  QPushButton* stop_;
  QPushButton* human_;
  QLabel* message_;
  FigureView* tracks_;
  FigureView* psychometric_;
  FigureView* bouma_;
  QTabWidget* side_;
  QLabel* empty_message_;
  QStackedWidget* plots_or_message_;

  std::shared_ptr<const eval::Predictor> predictor_;
  psychophysics::StudyResult study_;  // filled in as trials arrive
  std::vector<psychophysics::HumanSeries> people_;
  std::shared_ptr<std::atomic<bool>> stop_flag_;
  QThread* worker_ = nullptr;
  QPointer<QThread> human_loader_;
  QTimer redraw_;  // tracks are redrawn at most ten times a second
  int generation_ = 0;
  bool finished_ = false;
};

}  // namespace fovea::ui
