#pragma once
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "core/experiment/experiment_spec.h"
#include "core/report/figure_data.h"
#include "core/train/train_progress.h"
#include "widgets/training/training_monitor.h"  // declares TrainProgress as a Qt metatype

namespace fovea::app {

// The whole experiment's progress, for a status bar: the fraction of its estimated work done
// and the time left at this session's speed (NaN until there is a speed to go by).
struct ExperimentProgress {
  QString phase;  // e.g. "Training ecc-lr0.001 (run 1 of 2)"
  double fraction = 0;
  double seconds_left = 0;
};

// Runs an experiment off the GUI thread through core's executor (train each run, always
// resuming from its checkpoint, then score it into <dir>/results.sqlite), and turns its events
// into signals, all emitted on the GUI thread. It holds no experiment logic of its own; core
// exceptions stay in the job thread and come back as failed().
//
// Directory layout (as fovea-cli's): <dir>/runs/<run>/{checkpoint.pt, metrics.csv, run.json},
// <dir>/results.sqlite. The default <dir> is AppDataLocation/experiments/<experiment name>.
class ExperimentJob : public QObject {
  Q_OBJECT

 public:
  enum class State { Idle, Running, Pausing, Paused, Stopping };
  Q_ENUM(State)

  explicit ExperimentJob(QObject* parent = nullptr);
  ~ExperimentJob() override;

  // `spec` is a file or a name in experiments/ ("crowding-quick"); `overrides` are
  // "section.key=value" as on fovea-cli's --set. An empty `dir` means the default.
  void start(const QString& spec, const QString& dir = {}, const QStringList& overrides = {});
  void start(const experiment::ExperimentSpec& spec, const QString& dir = {});
  // Checkpoints the run in training (or ends the evaluation after the current condition) and
  // waits in Paused; resume() continues exactly where it was.
  void pause();
  void resume();
  // Like pause, but the job ends (Idle); its checkpoints and results stay.
  void stop();

  State state() const { return state_; }
  bool isRunning() const;  // the job thread is alive (Running, Pausing or Stopping)
  bool canResume() const { return state_ == State::Paused; }
  // The last job trained and evaluated every run (valid once it has ended).
  bool completed() const { return completed_; }
  // Blocks until the job thread has ended (tests, shutdown).
  void wait();

  // Known once the job has loaded its spec (planned() was emitted).
  const std::optional<experiment::ExperimentSpec>& spec() const { return spec_; }
  QString experimentDir() const { return dir_; }
  QStringList runNames() const { return runs_; }
  QString checkpointPath(const QString& run) const;
  // Where a run's figures came from (for exported figures); empty for an unknown run.
  report::Provenance provenance(const QString& run) const;

  // AppDataLocation/experiments/<name>.
  static QString defaultDirectory(const QString& experiment_name);

 Q_SIGNALS:
  void stateChanged(fovea::app::ExperimentJob::State state);
  // The spec is loaded and the runs planned; their directories are under dir/runs.
  void planned(const QString& dir, const QStringList& runs);
  void trainingProgress(const fovea::train::TrainProgress& progress);
  void evalProgress(const QString& run, int done, int total);
  // The run's figures from every condition scored so far (sent every few conditions and when
  // its evaluation ends).
  void figuresReady(const QString& run, const std::vector<fovea::report::FigureData>& figures);
  void progress(const fovea::app::ExperimentProgress& progress);
  // A run finished training and has a final checkpoint.
  void runTrained(const QString& run, const QString& checkpoint);
  // The job thread ended without an error: done, paused or stopped; `status` says which.
  void finished(const QString& status);
  void failed(const QString& message);

 private:
  struct Request {
    QString spec_path;
    QStringList overrides;
    std::optional<experiment::ExperimentSpec> spec;
    QString dir;
  };
  enum class Ask { Nothing, Pause, Stop };

  class Listener;
  void launch();
  void work(const Request& request);  // on the job thread: a driver of the executor
  void setState(State state);
  void post(std::function<void()> call);  // runs `call` on the GUI thread

  Request request_;
  QThread* thread_ = nullptr;
  State state_ = State::Idle;
  std::atomic<bool> stop_{false};
  std::atomic<Ask> ask_{Ask::Nothing};
  // Set on the GUI thread from the job's reports.
  std::optional<experiment::ExperimentSpec> spec_;
  QString dir_;
  QStringList runs_;
  QMap<QString, report::Provenance> provenance_;
  // Written by the job thread, read once it has ended.
  QString outcome_;
  QString error_;
  bool completed_ = false;  // every run trained and evaluated
};

}  // namespace fovea::app

Q_DECLARE_METATYPE(fovea::app::ExperimentProgress)
Q_DECLARE_METATYPE(std::vector<fovea::report::FigureData>)
