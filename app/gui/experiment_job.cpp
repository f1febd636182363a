#include "experiment_job.h"

#include <spdlog/spdlog.h>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QStandardPaths>

#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "core/eval/crowding_grid.h"
#include "core/eval/predictor.h"
#include "core/experiment/results_store.h"
#include "core/report/crowding_figures.h"
#include "core/train/run_record.h"
#include "core/train/trainer.h"
#include "core/util/versions.h"

namespace fovea::app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kStoreEvery = 4;     // conditions per results transaction
constexpr std::size_t kFiguresEvery = 10;  // conditions between figure refreshes
// Images a condition scores when eval.images is 0 (every test target: 50 per class).
constexpr double kAllTestTargets = 250;

QString toQ(const std::string& text) {
  return QString::fromStdString(text);
}

using CellKey = std::tuple<int, double, double>;
CellKey keyOf(const eval::Condition& c) {
  return {c.flanker_type, c.target_ecc_px, c.flanker_ecc_px};
}

// The work of the whole experiment in images, for the status bar's fraction and time left:
// training images at the trainer's reported speed, evaluation images at the measured one.
class WorkEstimate {
 public:
  WorkEstimate(const experiment::ExperimentSpec& spec, std::size_t runs, std::size_t conditions)
      : train_per_run_(double(spec.train.steps) * spec.train.batch),
        eval_per_condition_(spec.eval.images > 0 ? double(spec.eval.images) : kAllTestTargets),
        train_total_(train_per_run_ * double(runs)),
        eval_total_(eval_per_condition_ * double(conditions) * double(runs)),
        trained_(runs, 0.0),
        evaluated_(runs, 0.0) {}

  void trainedTo(std::size_t run, std::int64_t step, int batch, double images_per_s) {
    trained_[run] = std::min(train_per_run_, double(step) * batch);
    if (images_per_s > 0) train_rate_ = images_per_s;
  }
  void runTrained(std::size_t run) { trained_[run] = train_per_run_; }
  void evaluatedTo(std::size_t run, std::size_t conditions_done) {
    evaluated_[run] = double(conditions_done) * eval_per_condition_;
  }
  // `images` more scored in `seconds`: the speed is the session's average.
  void addEvalTime(double images, double seconds) {
    eval_images_ += images;
    eval_seconds_ += seconds;
  }

  ExperimentProgress progress(const QString& phase) const {
    double trained = 0, evaluated = 0;
    for (double t : trained_) trained += t;
    for (double e : evaluated_) evaluated += e;
    // Until evaluation has been timed, assume a scored image costs a quarter of a trained one
    // (a forward pass only).
    const double train_rate = train_rate_;
    const double measured = eval_seconds_ > 0.5 ? eval_images_ / eval_seconds_ : 0;
    const double eval_rate = measured > 0 ? measured : 4 * train_rate;
    const double weight = (train_rate > 0 && eval_rate > 0) ? train_rate / eval_rate : 0.25;
    ExperimentProgress p;
    p.phase = phase;
    const double total = train_total_ + weight * eval_total_;
    p.fraction = total > 0 ? std::clamp((trained + weight * evaluated) / total, 0.0, 1.0) : 0;
    const double train_left = std::max(0.0, train_total_ - trained);
    const double eval_left = std::max(0.0, eval_total_ - evaluated);
    if ((train_left > 0 && !(train_rate > 0)) || (eval_left > 0 && !(eval_rate > 0))) {
      p.seconds_left = std::nan("");
    } else {
      p.seconds_left = (train_left > 0 ? train_left / train_rate : 0) +
                       (eval_left > 0 ? eval_left / eval_rate : 0);
    }
    return p;
  }

 private:
  double train_per_run_;
  double eval_per_condition_;
  double train_total_;
  double eval_total_;
  std::vector<double> trained_;
  std::vector<double> evaluated_;
  double train_rate_ = 0;
  double eval_images_ = 0;
  double eval_seconds_ = 0;
};

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
  return QDir(dir_).filePath("runs/" + run + "/checkpoint.pt");
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
  const std::filesystem::path dir = dir_text.toStdString();
  std::filesystem::create_directories(dir / "runs");
  const auto runs = experiment::plannedRuns(spec);
  QStringList run_names;
  for (const auto& run : runs) run_names << toQ(run.name);
  post([this, spec, dir_text, run_names] {
    spec_ = spec;
    dir_ = dir_text;
    runs_ = run_names;
    Q_EMIT planned(dir_text, run_names);
  });
  spdlog::info("experiment {}: {} runs in {}", spec.name, runs.size(), dir.string());

  experiment::ResultsStore store(dir / "results.sqlite");
  const auto grid = eval::crowdingGrid(spec.eval);
  WorkEstimate estimate(spec, runs.size(), grid.size());
  auto report = [&](const QString& phase) {
    const auto p = estimate.progress(phase);
    post([this, p] { Q_EMIT progress(p); });
  };

  QStringList diverged;
  std::size_t evaluated_runs = 0;
  for (std::size_t index = 0; index < runs.size() && !stop_; ++index) {
    const auto& run = runs[index];
    const QString name = toQ(run.name);
    const QString of = tr("(run %1 of %2)").arg(index + 1).arg(runs.size());

    // Train (or find finished: resuming a finished run returns at once).
    train::TrainOptions options;
    options.run_dir = dir / "runs" / run.name;
    options.resume = true;
    options.stop = &stop_;
    const QString training = tr("Training %1 %2").arg(name, of);
    report(training);
    options.on_progress = [&](const train::TrainProgress& p) {
      estimate.trainedTo(index, p.step, spec.train.batch, p.images_per_s);
      post([this, p] { Q_EMIT trainingProgress(p); });
      report(training);
    };
    const train::RunFiles files(options.run_dir);
    const auto result = train::trainRun(spec, run, options);
    if (result.status == train::TrainStatus::Stopped) {
      outcome_ = tr("%1 at %2 step %3 of %4; its checkpoint is saved")
                     .arg(ask_ == Ask::Pause ? tr("Paused") : tr("Stopped"), name)
                     .arg(result.step)
                     .arg(spec.train.steps);
      return;
    }
    if (result.status == train::TrainStatus::Diverged) {
      diverged << tr("%1 (%2)").arg(name, toQ(result.message));
      estimate.runTrained(index);
      estimate.evaluatedTo(index, grid.size());
      continue;
    }
    estimate.runTrained(index);
    const QString checkpoint = toQ(files.checkpoint().string());
    post([this, name, checkpoint] { Q_EMIT runTrained(name, checkpoint); });

    // Evaluate: conditions already scored for this very checkpoint are kept.
    const eval::Predictor predictor(files.checkpoint());
    const auto record = train::readRunRecord(spec, run, files);
    bool same_checkpoint = false;
    for (const auto& known : store.runs()) {
      if (known.run == record.run && known.checkpoint_crc32 == record.checkpoint_crc32) {
        same_checkpoint = true;
      }
    }
    store.putRun(record);
    report::Provenance provenance = report::provenanceFor(spec, record);
    provenance.created_utc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    post([this, name, provenance] { provenance_.insert(name, provenance); });

    std::set<CellKey> scored;
    if (same_checkpoint) {
      for (const auto& r : store.accuracy(run.name)) {
        const bool complete =
            !r.result.valid || spec.eval.images == 0 || r.result.images == spec.eval.images;
        if (complete) scored.insert(keyOf(r.result.condition));
      }
    }
    std::vector<eval::Condition> todo;
    for (const auto& c : grid) {
      if (!scored.count(keyOf(c))) todo.push_back(c);
    }
    const std::size_t skipped = grid.size() - todo.size();
    const QString evaluating = tr("Evaluating %1 %2").arg(name, of);
    auto sendFigures = [&] {
      auto figures = report::crowdingFigures(spec.eval, store.accuracy(run.name), run.name,
                                             predictor.classes());
      post([this, name, figures = std::move(figures)] { Q_EMIT figuresReady(name, figures); });
    };
    estimate.evaluatedTo(index, skipped);
    post([this, name, skipped, total = grid.size()] {
      Q_EMIT evalProgress(name, static_cast<int>(skipped), static_cast<int>(total));
    });
    report(evaluating);
    if (skipped > 0 && !todo.empty()) sendFigures();

    std::vector<eval::ConditionResult> pending;
    auto last_result = Clock::now();
    eval::EvalOptions eval_options;
    eval_options.stop = &stop_;
    eval_options.on_result = [&](const eval::ConditionResult& r, std::size_t done, std::size_t) {
      const auto now = Clock::now();
      estimate.addEvalTime(double(r.images),
                           std::chrono::duration<double>(now - last_result).count());
      last_result = now;
      pending.push_back(r);
      if (pending.size() >= kStoreEvery) {
        store.putAccuracy(run.name, pending);
        pending.clear();
      }
      const std::size_t all_done = skipped + done;
      estimate.evaluatedTo(index, all_done);
      post([this, name, all_done, total = grid.size()] {
        Q_EMIT evalProgress(name, static_cast<int>(all_done), static_cast<int>(total));
      });
      report(evaluating);
      if (done % kFiguresEvery == 0) {
        if (!pending.empty()) store.putAccuracy(run.name, pending);
        pending.clear();
        sendFigures();
      }
    };
    const auto results = eval::evaluateConditions(spec, predictor, todo, eval_options);
    if (!pending.empty()) store.putAccuracy(run.name, pending);
    sendFigures();
    if (results.size() < todo.size()) {
      outcome_ = tr("%1 while evaluating %2 (%3 of %4 conditions scored; they are stored)")
                     .arg(ask_ == Ask::Pause ? tr("Paused") : tr("Stopped"), name)
                     .arg(skipped + results.size())
                     .arg(grid.size());
      return;
    }
    ++evaluated_runs;
  }
  if (stop_ && outcome_.isEmpty()) {
    outcome_ = ask_ == Ask::Pause ? tr("Paused") : tr("Stopped");
    return;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  outcome_ = tr("Done: %1 of %2 runs trained and evaluated in %3 s; results in %4")
                 .arg(evaluated_runs)
                 .arg(runs.size())
                 .arg(seconds, 0, 'f', 1)
                 .arg(dir_text);
  if (!diverged.isEmpty()) outcome_ += tr("; diverged: %1").arg(diverged.join(", "));
  completed_ = true;
  spdlog::info("{}", outcome_.toStdString());
}

}  // namespace fovea::app
