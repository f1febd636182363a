#include "attention_trials.h"

#include <QFileInfo>
#include <filesystem>

#include "core/eval/predictor.h"
#include "core/experiment/experiment_layout.h"

namespace fovea::app {

// A run's network as last loaded, with the checkpoint's time, so a newer one is loaded again.
struct AttentionTrials::Loaded {
  std::unique_ptr<eval::Predictor> predictor;
  std::filesystem::file_time_type written;
};

AttentionTrials::AttentionTrials(QObject* parent)
    : QObject(parent), cache_(std::make_shared<std::map<QString, std::shared_ptr<Loaded>>>()) {}

AttentionTrials::~AttentionTrials() {
  if (worker_) worker_->wait();
}

void AttentionTrials::setExperiment(const QString& dir, const experiment::AttentionSpec& spec,
                                    std::uint64_t seed) {
  dir_ = dir;
  spec_ = spec;
  seed_ = seed;
  // A worker in flight keeps the old cache; what it draws is dropped (another generation).
  cache_ = std::make_shared<std::map<QString, std::shared_ptr<Loaded>>>();
  ++generation_;
  pending_.reset();
}

void AttentionTrials::request(const QString& run, int index, double radius_px, double contrast,
                              const QString& map_layer) {
  const Request request{run, index, radius_px, contrast, map_layer};
  if (worker_) {
    pending_ = request;
    return;
  }
  start(request);
}

void AttentionTrials::start(const Request& request) {
  const auto checkpoint =
      experiment::ExperimentFiles(dir_.toStdString()).run(request.run.toStdString()).checkpoint();
  auto cache = cache_;
  const auto spec = spec_;
  const auto seed = seed_;
  const int generation = generation_;
  QPointer<AttentionTrials> self(this);
  worker_ = QThread::create([=] {
    try {
      std::error_code error;
      const auto written = std::filesystem::last_write_time(checkpoint, error);
      if (error) throw std::runtime_error(checkpoint.string() + ": no checkpoint yet");
      auto& slot = (*cache)[request.run];
      if (!slot || slot->written != written) {
        slot = std::make_shared<Loaded>(
            Loaded{std::make_unique<eval::Predictor>(checkpoint), written});
      }
      const auto trial =
          eval::attentionTrial(*slot->predictor, spec, seed, request.radius, request.contrast,
                               request.index, request.map_layer.toStdString());
      QMetaObject::invokeMethod(self, [self, request, trial, generation] {
        if (self && self->generation_ == generation) Q_EMIT self->ready(request.run, trial);
      });
    } catch (const std::exception& error) {
      const QString message = QString::fromStdString(error.what());
      QMetaObject::invokeMethod(self, [self, request, message, generation] {
        if (self && self->generation_ == generation) Q_EMIT self->failed(request.run, message);
      });
    }
  });
  connect(worker_, &QThread::finished, this, [this] {
    worker_->deleteLater();
    worker_ = nullptr;
    if (pending_) {
      const Request next = *pending_;
      pending_.reset();
      start(next);
    }
  });
  worker_->start();
}

}  // namespace fovea::app
