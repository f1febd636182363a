#pragma once
#include <QWidget>
#include <vector>

namespace fovea::ui {

// A log-polar code drawn where it samples the visual field: one wedge per azimuth and
// eccentricity ring, its brightness the energy there. Rings are spaced logarithmically, as the
// retina's filters are, so the fovea gets as much room as the periphery.
class RetinaCodeView : public QWidget {
  Q_OBJECT

 public:
  explicit RetinaCodeView(QWidget* parent = nullptr);

  // energies[az * rings + ring], non-negative; empty shows `message` instead.
  void setCode(int azimuths, int rings, std::vector<float> energies);
  void setMessage(const QString& message);
  const std::vector<float>& energies() const { return energies_; }

  QSize sizeHint() const override { return {180, 180}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  int azimuths_ = 0;
  int rings_ = 0;
  std::vector<float> energies_;
  QString message_;
};

}  // namespace fovea::ui
