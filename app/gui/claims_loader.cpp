#include "claims_loader.h"

#include <QThread>

#include "core/report/claims_measurement.h"

namespace fovea::app {

ClaimsLoader::ClaimsLoader(QObject* parent) : QObject(parent) {
  qRegisterMetaType<fovea::report::FigureData>("fovea::report::FigureData");
}

ClaimsLoader::~ClaimsLoader() {
  if (stop_) stop_->store(true);
  if (thread_) thread_->wait();
}

void ClaimsLoader::load(const experiment::ExperimentSpec& spec, const QString& dir) {
  // One request at a time: an older one is stopped (it checks between grid cells) and waited for,
  // so no thread outlives the loader.
  if (stop_) stop_->store(true);
  if (thread_) thread_->wait();
  const int generation = ++generation_;
  auto stop = std::make_shared<std::atomic<bool>>(false);
  stop_ = stop;
  QThread* thread = QThread::create([this, spec, dir, generation, stop] {
    report::FigureData table;
    QString error;
    try {
      const auto data = report::gatherClaimData(spec, dir.toStdString(), "cpu", 0, stop.get());
      table = report::claimsFigure(report::crowdingClaims(spec, data), spec.name);
    } catch (const std::exception& e) {
      error = QString::fromUtf8(e.what());
    }
    if (stop->load()) return;
    QMetaObject::invokeMethod(
        this, [this, generation, table, error] { finish(generation, table, error); });
  });
  connect(thread, &QThread::finished, thread, [this, thread] {
    if (thread_ == thread) thread_ = nullptr;
    thread->deleteLater();
  });
  thread_ = thread;
  thread->start(QThread::LowPriority);
}

void ClaimsLoader::finish(int generation, const report::FigureData& table, const QString& error) {
  if (generation != generation_) return;
  if (error.isEmpty()) {
    Q_EMIT ready(table);
  } else {
    Q_EMIT failed(error);
  }
}

}  // namespace fovea::app
