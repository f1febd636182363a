#include "widgets/common/pixel_image_view.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace fovea::ui {

PixelImageView::PixelImageView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PixelImageView::setImage(const QImage& image) {
  image_ = image;
  update();
}

QRectF PixelImageView::imageRect() const {
  if (image_.isNull()) return {};
  double zoom = std::min(static_cast<double>(width()) / image_.width(),
                         static_cast<double>(height()) / image_.height());
  if (zoom >= 1) zoom = std::floor(zoom);
  const QSizeF size(image_.width() * zoom, image_.height() * zoom);
  return {(width() - size.width()) / 2, (height() - size.height()) / 2, size.width(),
          size.height()};
}

void PixelImageView::paintEvent(QPaintEvent*) {
  if (image_.isNull()) return;
  QPainter painter(this);
  const QRectF target = imageRect();
  painter.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < image_.width());
  painter.drawImage(target, image_);
}

}  // namespace fovea::ui
