#pragma once
#include <QObject>
#include <QThread>
#include <atomic>

namespace fovea::app {

struct DemoSnapshot {
  int step = 0;
  int total_steps = 0;
  double loss = 0;
  double batch_accuracy = 0;
  double images_per_s = 0;
};

// Runs the digit demo (core) on its own thread and reports immutable snapshots to the GUI
// thread through queued signals. cancel() is honoured between training steps.
class DemoJob : public QObject {
  Q_OBJECT

 public:
  explicit DemoJob(QObject* parent = nullptr);
  ~DemoJob() override;

  bool isRunning() const;
  void start();
  void cancel();

 Q_SIGNALS:
  void progress(const fovea::app::DemoSnapshot& snapshot);
  void finished(double test_accuracy, double seconds, bool cancelled);
  void failed(const QString& message);

 private:
  struct Outcome {
    double test_accuracy = 0;
    double seconds = 0;
    bool cancelled = false;
    QString error;
  };

  QThread* thread_ = nullptr;
  Outcome outcome_;  // written by the job thread, read after it has finished
  std::atomic<bool> cancel_{false};
};

}  // namespace fovea::app

Q_DECLARE_METATYPE(fovea::app::DemoSnapshot)
