#pragma once
#include <QString>

class QApplication;

namespace fovea::ui {

enum class Theme { Light, Dark };

// Fusion style with a light or dark palette and the matching style sheet from resources/themes.
void applyTheme(QApplication& app, Theme theme);

QString themeName(Theme theme);
// Unknown names fall back to Light: a stale setting must never stop the application starting.
Theme themeFromName(const QString& name);

}  // namespace fovea::ui
