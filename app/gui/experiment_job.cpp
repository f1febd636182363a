#include "experiment_job.h"

#include <spdlog/spdlog.h>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QStandardPaths>

#include <chrono>
#include <cmath>

#include "core/eval/crowding_grid.h"
#include "core/experiment/executor.h"
#include "core/experiment/experiment_layout.h"
#include "core/experiment/progress_estimate.h"
#include "core/report/crowding_figures.h"

namespace fovea::app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kFiguresEvery = 10;  // cells between figure refreshes

QString toQ(const std::string& text) {
  return QString::fromStdString(text);
}

}  // namespace

ExperimentJob::ExperimentJob(QObject* parent) : QObject(parent) {
  qRegisterMetaType<fovea::train::TrainProgress>();
  qRegisterMetaType<fovea::app::ExperimentProgress>();
  qRegisterMetaType<std::vector<fovea::report::FigureData>>();
  qRegisterMetaType<fovea::app::ExperimentJob::State>();
}

ExperimentJob::~ExperimentJob() {
  // Checkpoint and end the job before its receivers go away.
  ask_ = Ask::Stop;
  stop_ = true;
  if (thread_) thread_->wait();
}

bool ExperimentJob::isRunning() const {
  return thread_ && thread_->isRunning();
}

void ExperimentJob::wait() {
  if (thread_) thread_->wait();
  QCoreApplication::sendPostedEvents(this);  // deliver the job's last reports
}

QString ExperimentJob::defaultDirectory(const QString& experiment_name) {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
      .filePath("experiments/" + experiment_name);
}

QString ExperimentJob::checkpointPath(const QString& run) const {
  if (dir_.isEmpty()) return {};
  const experiment::ExperimentFiles files(dir_.toStdString());
  return toQ(files.run(run.toStdString()).checkpoint().string());
}

report::Provenance ExperimentJob::provenance(const QString& run) const {
  return provenance_.value(run);
}

void ExperimentJob::start(const QString& spec, const QString& dir, const QStringList& overrides) {
  if (isRunning()) return;
  request_ = {spec, overrides, std::nullopt, dir};
  launch();
}

void ExperimentJob::start(const experiment::ExperimentSpec& spec, const QString& dir) {
  if (isRunning()) return;
  request_ = {{}, {}, spec, dir};
  launch();
}

void ExperimentJob::pause() {
  if (!isRunning() || state_ != State::Running) return;
  ask_ = Ask::Pause;
  stop_ = true;
  setState(State::Pausing);
}

void ExperimentJob::resume() {
  if (isRunning() || state_ != State::Paused) return;
  launch();  // the same request: every run resumes from its checkpoint
}

void ExperimentJob::stop() {
  if (isRunning()) {
    ask_ = Ask::Stop;
    stop_ = true;
    setState(State::Stopping);
  } else if (state_ == State::Paused) {
    setState(State::Idle);  // nothing to wind down: the checkpoints are already written
    Q_EMIT finished(tr("Stopped; checkpoints and results are kept in %1").arg(dir_));
  }
}

void ExperimentJob::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  Q_EMIT stateChanged(state);
}

void ExperimentJob::post(std::function<void()> call) {
  QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

void ExperimentJob::launch() {
  stop_ = false;
  ask_ = Ask::Nothing;
  outcome_.clear();
  error_.clear();
  completed_ = false;
  if (thread_) thread_->deleteLater();
  const Request request = request_;
  thread_ = QThread::create([this, request] {
    try {
      work(request);
    } catch (const std::exception& error) {
      spdlog::error("experiment failed: {}", error.what());
      error_ = QString::fromStdString(error.what());
      if (error_.isEmpty()) error_ = tr("unknown error");
    } catch (...) {
      error_ = tr("unknown error");
    }
  });
  thread_->setObjectName("experimentJob");
  // Report once the thread has really ended, so isRunning() is false for the receivers.
  QThread* thread = thread_;
  connect(thread, &QThread::finished, this, [this, thread] {
    thread->wait();  // `finished` comes just before the thread's end
    const Ask ask = ask_;
    if (!error_.isEmpty()) {
      setState(State::Idle);
      Q_EMIT failed(error_);
      return;
    }
    setState(!completed_ && ask == Ask::Pause ? State::Paused : State::Idle);
    Q_EMIT finished(outcome_);
  });
  setState(State::Running);
  thread_->start();
}

// Turns the executor's events into the job's signals, on the GUI thread.
class ExperimentJob::Listener : public experiment::ExperimentListener {
 public:
  Listener(ExperimentJob& job, const experiment::ExperimentSpec& spec, std::size_t cells)
      : job_(job), spec_(spec), cells_(cells) {}

  void planned(const std::vector<experiment::RunPlan>& runs,
               const std::filesystem::path& dir) override {
    QStringList names;
    for (const auto& run : runs) names << toQ(run.name);
    runs_ = runs;
    estimate_ = std::make_unique<experiment::ProgressEstimate>(spec_, runs, cells_);
    job_.post([&job = job_, spec = spec_, dir = toQ(dir.string()), names] {
      job.spec_ = spec;
      job.dir_ = dir;
      job.runs_ = names;
      Q_EMIT job.planned(dir, names);
    });
  }
  void trainingStarted(const experiment::RunPlan& run, std::size_t index,
                       std::size_t count) override {
    index_ = index;
    phase_ = ExperimentJob::tr("Training %1 %2").arg(toQ(run.name), of(index, count));
    report();
  }
  void trainingProgress(const experiment::RunPlan&, const train::TrainProgress& p) override {
    estimate_->trainedTo(index_, p.step, p.images_per_s);
    job_.post([&job = job_, p] { Q_EMIT job.trainingProgress(p); });
    report();
  }
  void runTrained(const experiment::RunPlan& run, const train::TrainResult& result) override {
    if (result.status == train::TrainStatus::Diverged) {
      estimate_->runSkipped(index_);
      return;
    }
    if (result.status != train::TrainStatus::Finished) return;
    estimate_->runTrained(index_);
    const QString name = toQ(run.name), checkpoint = toQ(result.checkpoint.string());
    job_.post([&job = job_, name, checkpoint] { Q_EMIT job.runTrained(name, checkpoint); });
  }
  void scoringStarted(const experiment::RunPlan& run, const experiment::RunRecord& record,
                      std::size_t kept, std::size_t cells) override {
    report::Provenance provenance = report::provenanceFor(spec_, record);
    provenance.created_utc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    const QString name = toQ(run.name);
    job_.post([&job = job_, name, provenance] { job.provenance_.insert(name, provenance); });
    phase_ = ExperimentJob::tr("Evaluating %1 %2").arg(name, of(index_, runs_.size()));
    scored(run, kept, cells);
    last_cell_ = Clock::now();
  }
  void cellScored(const experiment::RunPlan& run, const eval::ConditionResult& r, std::size_t done,
                  std::size_t cells) override {
    cellDone(run, r.images, done, cells);
  }
  void attentionCellScored(const experiment::RunPlan& run, const eval::AttentionResult& r,
                           std::size_t done, std::size_t cells) override {
    cellDone(run, r.images, done, cells);
  }
  void figuresReady(const experiment::RunPlan& run,
                    const std::vector<report::FigureData>& figures) override {
    job_.post(
        [&job = job_, name = toQ(run.name), figures] { Q_EMIT job.figuresReady(name, figures); });
  }

 private:
  void cellDone(const experiment::RunPlan& run, std::int64_t images, std::size_t done,
                std::size_t cells) {
    const auto now = Clock::now();
    estimate_->addScoringTime(double(images),
                              std::chrono::duration<double>(now - last_cell_).count());
    last_cell_ = now;
    scored(run, done, cells);
  }
  static QString of(std::size_t index, std::size_t count) {
    return ExperimentJob::tr("(run %1 of %2)").arg(index + 1).arg(count);
  }
  void scored(const experiment::RunPlan& run, std::size_t done, std::size_t cells) {
    estimate_->scoredTo(index_, done);
    job_.post([&job = job_, name = toQ(run.name), done, cells] {
      Q_EMIT job.evalProgress(name, static_cast<int>(done), static_cast<int>(cells));
    });
    report();
  }
  void report() {
    ExperimentProgress p{phase_, estimate_->fraction(), estimate_->secondsLeft()};
    job_.post([&job = job_, p] { Q_EMIT job.progress(p); });
  }

  ExperimentJob& job_;
  const experiment::ExperimentSpec& spec_;
  std::size_t cells_;
  std::vector<experiment::RunPlan> runs_;
  std::unique_ptr<experiment::ProgressEstimate> estimate_;
  std::size_t index_ = 0;
  QString phase_;
  Clock::time_point last_cell_ = Clock::now();
};

void ExperimentJob::work(const Request& request) {
  const auto started = Clock::now();
  const experiment::ExperimentSpec spec = [&] {
    if (request.spec) return *request.spec;
    std::vector<std::string> overrides;
    for (const QString& o : request.overrides) overrides.push_back(o.toStdString());
    return experiment::loadExperimentSpec(
        experiment::resolveExperimentPath(request.spec_path.toStdString()), overrides);
  }();
  const QString dir_text =
      request.dir.isEmpty() ? defaultDirectory(toQ(spec.name)) : QDir(request.dir).absolutePath();
  experiment::ExecutorOptions options;
  options.dir = dir_text.toStdString();
  options.resume = true;  // a paused or stopped experiment continues where it was
  options.stop = &stop_;
  options.figures_every = kFiguresEvery;
  Listener listener(*this, spec,
                    spec.attentionTask() ? eval::attentionCells(spec.attention).size()
                                         : eval::crowdingGrid(spec.eval).size());
  experiment::ExperimentExecutor executor(spec, options, &listener);
  const auto outcome = executor.runAll();

  const QString how = ask_ == Ask::Pause ? tr("Paused") : tr("Stopped");
  if (outcome.stopped) {
    outcome_ = how;
    if (!outcome.runs.empty()) {
      const auto& last = outcome.runs.back();
      const QString name = toQ(last.run.name);
      if (last.score) {
        outcome_ = tr("%1 while evaluating %2 (%3 of %4 conditions scored; they are stored)")
                       .arg(how, name)
                       .arg(last.score->kept + last.score->scored)
                       .arg(last.score->cells);
      } else if (last.train) {
        outcome_ = tr("%1 at %2 step %3 of %4; its checkpoint is saved")
                       .arg(how, name)
                       .arg(last.train->step)
                       .arg(spec.models[last.run.model_index].train.steps);
      }
    }
    return;
  }
  std::size_t evaluated = 0;
  for (const auto& r : outcome.runs) evaluated += r.score ? 1 : 0;
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  outcome_ = tr("Done: %1 of %2 runs trained and evaluated in %3 s; results in %4")
                 .arg(evaluated)
                 .arg(executor.runs().size())
                 .arg(seconds, 0, 'f', 1)
                 .arg(dir_text);
  QStringList diverged;
  for (const auto& d : outcome.diverged) diverged << toQ(d);
  if (!diverged.isEmpty()) outcome_ += tr("; diverged: %1").arg(diverged.join(", "));
  completed_ = true;
  spdlog::info("{}", outcome_.toStdString());
}

}  // namespace fovea::app
