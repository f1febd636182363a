#include "widgets/common/log_panel.h"

#include <spdlog/spdlog.h>
#include <QtTest>

#include <thread>

#include "core/util/log.h"

class LogPanelTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { fovea::log::init({spdlog::level::info, {}, false}); }

  void showsMessagesLoggedOnAnyThread() {
    fovea::ui::LogPanel panel;
    std::thread worker([] { spdlog::warn("worker says {}", 42); });
    worker.join();
    spdlog::info("gui thread line");
    QTRY_VERIFY(panel.toPlainText().contains("worker says 42"));
    QTRY_VERIFY(panel.toPlainText().contains("gui thread line"));
    QVERIFY(panel.toPlainText().contains("warning"));
  }

  void aDestroyedPanelNoLongerReceives() {
    auto* panel = new fovea::ui::LogPanel;
    delete panel;
    spdlog::info("nobody is listening");  // must not touch the deleted panel
    QCoreApplication::processEvents();
  }

  void keepsABoundedHistory() {
    fovea::ui::LogPanel panel;
    for (int i = 0; i < 10100; ++i) panel.appendLine(QString("line %1").arg(i), 2);
    QVERIFY(panel.document()->blockCount() <= 10000);
    QVERIFY(panel.toPlainText().contains("line 10099"));
  }
};

QTEST_MAIN(LogPanelTest)
#include "log_panel_test.moc"
