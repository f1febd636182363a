#include "about_dialog.h"

#include <vtkVersion.h>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>
#include <QtGlobal>

#include "core/util/versions.h"

namespace fovea::app {

QList<QPair<QString, QString>> componentVersions() {
  QList<QPair<QString, QString>> versions;
  for (const auto& component : coreVersions()) {
    versions.append(
        {QString::fromStdString(component.name), QString::fromStdString(component.version)});
  }
  versions.insert(1, {"Qt", qVersion()});
  versions.insert(2, {"VTK", vtkVersion::GetVTKVersion()});
  return versions;
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("About Fovea"));
  setObjectName("aboutDialog");
  QString rows;
  for (const auto& [name, version] : componentVersions()) {
    rows += QString("<tr><td>%1</td><td>&nbsp;&nbsp;%2</td></tr>").arg(name, version);
  }
  auto* text = new QLabel(
      tr("<h2>Fovea</h2><p>A workbench for how deep networks see away from the centre of "
         "gaze: crowding, eccentricity, saccades and attention.</p><table>%1</table>")
          .arg(rows));
  text->setObjectName("aboutText");
  text->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(text);
  layout->addWidget(buttons);
}

}  // namespace fovea::app
