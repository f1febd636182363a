#include "widgets/common/theme.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace fovea::ui {
namespace {

QPalette darkPalette() {
  QPalette palette;
  const QColor window(37, 41, 48);
  const QColor base(28, 31, 37);
  const QColor text(220, 223, 228);
  const QColor highlight(64, 132, 214);
  palette.setColor(QPalette::Window, window);
  palette.setColor(QPalette::WindowText, text);
  palette.setColor(QPalette::Base, base);
  palette.setColor(QPalette::AlternateBase, window);
  palette.setColor(QPalette::ToolTipBase, base);
  palette.setColor(QPalette::ToolTipText, text);
  palette.setColor(QPalette::Text, text);
  palette.setColor(QPalette::Button, window);
  palette.setColor(QPalette::ButtonText, text);
  palette.setColor(QPalette::BrightText, Qt::red);
  palette.setColor(QPalette::Link, highlight);
  palette.setColor(QPalette::Highlight, highlight);
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::PlaceholderText, QColor(130, 135, 145));
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    palette.setColor(QPalette::Disabled, role, QColor(120, 124, 132));
  }
  return palette;
}

}  // namespace

void applyTheme(QApplication& app, Theme theme) {
  app.setStyle(QStyleFactory::create("Fusion"));
  app.setPalette(theme == Theme::Dark ? darkPalette() : app.style()->standardPalette());
  QFile sheet(theme == Theme::Dark ? ":/themes/dark.qss" : ":/themes/light.qss");
  app.setStyleSheet(sheet.open(QIODevice::ReadOnly) ? QString::fromUtf8(sheet.readAll())
                                                    : QString());
  app.setProperty("foveaTheme", themeName(theme));
}

QString themeName(Theme theme) {
  return theme == Theme::Dark ? "dark" : "light";
}

Theme themeFromName(const QString& name) {
  return name.compare("dark", Qt::CaseInsensitive) == 0 ? Theme::Dark : Theme::Light;
}

}  // namespace fovea::ui
