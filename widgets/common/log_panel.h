#pragma once
#include <QPlainTextEdit>
#include <memory>

namespace spdlog::sinks {
class sink;
}

namespace fovea::ui {

// Shows Fovea's log as it is written, from any thread: the panel attaches a sink to the core
// logger and receives formatted lines through queued calls on the GUI thread.
class LogPanel : public QPlainTextEdit {
  Q_OBJECT

 public:
  explicit LogPanel(QWidget* parent = nullptr);
  ~LogPanel() override;

 public Q_SLOTS:
  void appendLine(const QString& line, int level);

 private:
  std::shared_ptr<spdlog::sinks::sink> sink_;
};

}  // namespace fovea::ui
