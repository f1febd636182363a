#pragma once
#include <QImage>
#include <QPolygonF>
#include <QWidget>
#include <functional>

class QPainter;

#include "core/eval/attention_trial.h"

namespace fovea::ui {

// The model's input image (or the whole stimulus with the fovea it sees dashed), enlarged with
// its pixels kept square and sharp, with what a spatial transformer did drawn on it: the
// outline of the window it sampled, every fourth grid line of its sampling grid, the window's
// centre (+) and, when known, the digit's centre (x). For a saccade model: Where's map as dots
// on its cells (the best one ringed), the saccades as arrows and the foveal crop's outline.
class SamplingCanvas : public QWidget {
  Q_OBJECT

 public:
  explicit SamplingCanvas(QWidget* parent = nullptr);

  void setTrial(const eval::AttentionTrial& trial);
  void clear();
  // The window's four corners in image pixel coordinates (x: column); empty without a
  // transform.
  QPolygonF windowOutline() const { return outline_; }
  // Theta's translation: the window's centre, in the same coordinates as the outline (the
  // model input's pixels).
  QPointF windowCentre() const;
  QImage image() const { return image_; }

  QSize sizeHint() const override { return {360, 360}; }
  QSize minimumSizeHint() const override { return {160, 160}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QRectF imageRect() const;
  void drawSaccades(QPainter& painter, const std::function<QPointF(QPointF)>& toWidget,
                    double scale) const;

  eval::AttentionTrial trial_;
  QImage image_;
  QPolygonF outline_;
  double inset_ = 0;  // where the model's input starts in the shown image (px)
};

}  // namespace fovea::ui
