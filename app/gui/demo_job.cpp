#include "demo_job.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/demo/digit_demo.h"

namespace fovea::app {

DemoJob::DemoJob(QObject* parent) : QObject(parent) {
  qRegisterMetaType<fovea::app::DemoSnapshot>();
}

DemoJob::~DemoJob() {
  cancel();
  if (thread_) thread_->wait();
}

bool DemoJob::isRunning() const {
  return thread_ && thread_->isRunning();
}

void DemoJob::start() {
  if (isRunning()) return;
  cancel_ = false;
  if (thread_) thread_->deleteLater();
  thread_ = QThread::create([this] {
    try {
      // The GUI needs a few snapshots per second, not one per step.
      auto last_sent = std::chrono::steady_clock::time_point{};
      const auto result = demo::runDigitDemo(
          {},
          [&](const demo::DigitDemoProgress& p) {
            const auto now = std::chrono::steady_clock::now();
            if (now - last_sent < std::chrono::milliseconds(50) && p.step != p.total_steps) return;
            last_sent = now;
            Q_EMIT progress({p.step, p.total_steps, p.loss, p.batch_accuracy, p.images_per_s});
          },
          &cancel_);
      outcome_ = {result.test_accuracy, result.seconds, result.cancelled, {}};
    } catch (const std::exception& error) {
      spdlog::error("digit demo failed: {}", error.what());
      outcome_ = {0, 0, false, QString::fromStdString(error.what())};
    }
  });
  // Report once the thread has really ended, so isRunning() is false for the receivers.
  connect(thread_, &QThread::finished, this, [this] {
    if (outcome_.error.isEmpty()) {
      Q_EMIT finished(outcome_.test_accuracy, outcome_.seconds, outcome_.cancelled);
    } else {
      Q_EMIT failed(outcome_.error);
    }
  });
  thread_->start();
}

void DemoJob::cancel() {
  cancel_ = true;
}

}  // namespace fovea::app
