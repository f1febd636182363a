#include "widgets/stimulus/stimulus_document.h"

#include <QElapsedTimer>
#include <QFile>

#include "core/retina/crop_strip.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace fovea::ui {
namespace {

QImage toQImage(const cv::Mat& grey) {
  QImage image(grey.cols, grey.rows, QImage::Format_Grayscale8);
  for (int y = 0; y < grey.rows; ++y) {
    std::memcpy(image.scanLine(y), grey.ptr(y), static_cast<std::size_t>(grey.cols));
  }
  return image;
}

class SpecCommand : public QUndoCommand {
 public:
  SpecCommand(StimulusDocument* document, stimulus::StimulusSpec before,
              stimulus::StimulusSpec after, const QString& text, int merge_id, int generation)
      : QUndoCommand(text),
        document_(document),
        before_(std::move(before)),
        after_(std::move(after)),
        merge_id_(merge_id),
        generation_(generation) {}

  void undo() override { document_->apply(before_); }
  void redo() override { document_->apply(after_); }
  int id() const override { return merge_id_; }
  bool mergeWith(const QUndoCommand* other) override {
    const auto* next = static_cast<const SpecCommand*>(other);
    if (next->generation_ != generation_) return false;
    after_ = next->after_;
    return true;
  }

 private:
  StimulusDocument* document_;
  stimulus::StimulusSpec before_;
  stimulus::StimulusSpec after_;
  int merge_id_;
  int generation_;
};

}  // namespace

StimulusDocument::StimulusDocument(QObject* parent) : QObject(parent) {
  snapshot_ = render(spec_);
}

StimulusDocument::~StimulusDocument() = default;

StimulusSnapshot StimulusDocument::render(const stimulus::StimulusSpec& spec) {
  QElapsedTimer timer;
  timer.start();
  // Glyphs, background and crop plan are resolved again only when they change, not per drag.
  std::unique_ptr<stimulus::StimulusRenderer> fresh;
  if (!renderer_ || stimulus::rendererKey(renderer_->spec()) != stimulus::rendererKey(spec)) {
    fresh = std::make_unique<stimulus::StimulusRenderer>(spec);
  }
  const stimulus::StimulusRenderer& renderer = fresh ? *fresh : *renderer_;
  const auto rendered = renderer.render(spec.geometry, false);

  StimulusSnapshot snapshot;
  snapshot.spec = spec;
  snapshot.boxes = rendered.boxes;
  snapshot.crop_boxes = renderer.plan().boxes();
  snapshot.canvas_window = toQImage(rendered.window);
  snapshot.canvas_window_rect = QRect(rendered.window_rect.x, rendered.window_rect.y,
                                      rendered.window_rect.width, rendered.window_rect.height);
  for (const auto& crop : rendered.crops) snapshot.crops.push_back(toQImage(crop));
  retina::MultiscaleSpec whole;
  whole.canvas_px = spec.geometry.canvas_px;
  whole.scales = 1;
  whole.crop_px = std::min(128, whole.canvas_px);
  const stimulus::CanvasWindow window{spec.geometry.canvas_px, rendered.window_rect,
                                      rendered.window};
  snapshot.field_view = retina::MultiscalePlan(whole).cropsFromWindow(window).front();
  snapshot.target_label = rendered.target_label;
  if (fresh) renderer_ = std::move(fresh);
  snapshot.render_ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
  return snapshot;
}

QString StimulusDocument::propose(const stimulus::StimulusSpec& candidate,
                                  const QString& description, int merge_id) {
  StimulusSnapshot next;
  try {
    next = render(candidate);
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  const stimulus::StimulusSpec before = spec_;
  spec_ = candidate;
  snapshot_ = std::move(next);
  // push() calls redo(), which re-applies the same spec: cheap, and keeps one code path.
  undo_.push(new SpecCommand(this, before, candidate, description, merge_id, merge_generation_));
  return {};
}

void StimulusDocument::endMerge() {
  ++merge_generation_;
}

void StimulusDocument::apply(const stimulus::StimulusSpec& spec) {
  if (stimulus::toToml(spec) != stimulus::toToml(spec_) || snapshot_.crops.empty()) {
    snapshot_ = render(spec);  // a spec from the history was valid when it was recorded
    spec_ = spec;
  }
  Q_EMIT changed(snapshot_);
}

QString StimulusDocument::load(const QString& path) {
  try {
    const auto spec = stimulus::loadStimulusSpec(path.toStdString());
    endMerge();
    return propose(spec, tr("Load %1").arg(path));
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
}

QString StimulusDocument::save(const QString& path) const {
  try {
    writeFileAtomically(path.toStdString(), stimulus::toToml(spec_));
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString StimulusDocument::exportCanvasPng(const QString& path) const {
  try {
    writePng(path.toStdString(), renderer_->render(spec_.geometry, true).canvas);
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString StimulusDocument::exportCropsPng(const QString& path) const {
  try {
    writePng(path.toStdString(), retina::cropStrip(renderer_->render(spec_.geometry, false).crops));
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

}  // namespace fovea::ui
