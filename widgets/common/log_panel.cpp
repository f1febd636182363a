#include "widgets/common/log_panel.h"

#include <spdlog/sinks/base_sink.h>
#include <QFontDatabase>
#include <QPointer>

#include <mutex>

#include "core/util/log.h"

namespace fovea::ui {
namespace {

// Formats on the logging thread, hands the line to the panel's thread.
class PanelSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit PanelSink(LogPanel* panel) : panel_(panel) { set_pattern_("%H:%M:%S.%e %-5l %v"); }

  void detach() {
    std::lock_guard<std::mutex> lock(mutex_);
    panel_ = nullptr;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    if (!panel_) return;
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    auto line = QString::fromUtf8(formatted.data(), static_cast<int>(formatted.size())).trimmed();
    QMetaObject::invokeMethod(panel_, "appendLine", Qt::QueuedConnection, Q_ARG(QString, line),
                              Q_ARG(int, static_cast<int>(message.level)));
  }
  void flush_() override {}

 private:
  QPointer<LogPanel> panel_;
};

}  // namespace

LogPanel::LogPanel(QWidget* parent) : QPlainTextEdit(parent) {
  setObjectName("logPanel");
  setReadOnly(true);
  setMaximumBlockCount(10000);  // a long run must not grow memory without bound
  setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  setLineWrapMode(QPlainTextEdit::NoWrap);
  sink_ = std::make_shared<PanelSink>(this);
  log::addSink(sink_);
}

LogPanel::~LogPanel() {
  log::removeSink(sink_);
  std::static_pointer_cast<PanelSink>(sink_)->detach();
}

void LogPanel::appendLine(const QString& line, int level) {
  QString colour;
  if (level >= spdlog::level::err) {
    colour = "#e0584f";
  } else if (level == spdlog::level::warn) {
    colour = "#d69a2d";
  }
  if (colour.isEmpty()) {
    appendPlainText(line);
  } else {
    appendHtml(QString("<span style=\"color:%1\">%2</span>").arg(colour, line.toHtmlEscaped()));
  }
}

}  // namespace fovea::ui
