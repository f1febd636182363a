#pragma once
#include <QImage>
#include <QWidget>

namespace fovea::ui {

// An image shown as large as the widget allows, centred, each image pixel a sharp square: a
// whole-pixel zoom when it fits at least once, else scaled down smoothly.
class PixelImageView : public QWidget {
  Q_OBJECT

 public:
  explicit PixelImageView(QWidget* parent = nullptr);

  void setImage(const QImage& image);
  const QImage& image() const { return image_; }
  // Where the image is drawn, in widget coordinates.
  QRectF imageRect() const;

  QSize sizeHint() const override { return {256, 256}; }
  QSize minimumSizeHint() const override { return {96, 96}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QImage image_;
};

}  // namespace fovea::ui
