#include "claims_loader.h"

#include <QThread>

#include "core/report/claims_measurement.h"

namespace fovea::app {

ClaimsLoader::ClaimsLoader(QObject* parent) : QObject(parent) {
  qRegisterMetaType<fovea::report::FigureData>("fovea::report::FigureData");
}

ClaimsLoader::~ClaimsLoader() {
  cancel();
  // Every worker is a child: wait for all before they are deleted with the loader.
  for (QThread* thread : findChildren<QThread*>()) thread->wait();
}

void ClaimsLoader::cancel() {
  if (stop_) stop_->store(true);
  ++generation_;  // a result already on its way is dropped
}

void ClaimsLoader::load(const experiment::ExperimentSpec& spec, const QString& dir) {
  // An older request is stopped, not waited for (it checks between grid cells); only the
  // latest generation's result is delivered.
  cancel();
  const int generation = generation_;
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
  thread->setParent(this);
  connect(thread, &QThread::finished, this, [this, thread] {
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
