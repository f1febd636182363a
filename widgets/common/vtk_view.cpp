#include "widgets/common/vtk_view.h"

#include <vtkCallbackCommand.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLState.h>
#include <QGuiApplication>
#include <QMouseEvent>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <QWheelEvent>

namespace fovea::ui {

VtkView::VtkView(QWidget* parent) : QOpenGLWidget(parent) {
  setUpdateBehavior(QOpenGLWidget::NoPartialUpdate);
  // A QOpenGLWidget has no size hint; without a minimum a layout may give it zero width.
  setMinimumSize(240, 220);
  setFocusPolicy(Qt::StrongFocus);

  window_->SetReadyForRendering(false);  // nothing may render before a context exists
  window_->SetFrameBlitModeToBlitToCurrent();
  window_->AddRenderer(renderer_);
  window_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &VtkView::onMakeCurrent);
  window_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &VtkView::onIsCurrent);
  window_->AddObserver(vtkCommand::WindowFrameEvent, this, &VtkView::onFrame);

  interactor_->SetRenderWindow(window_);
  interactor_->EnableRenderOff();  // VTK asks for a repaint; Qt decides when to paint
  interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkView::onInteractorRender);
  vtkNew<vtkInteractorStyleTrackballCamera> style;
  interactor_->SetInteractorStyle(style);
}

VtkView::~VtkView() {
  // ~QOpenGLWidget destroys the context after our members; do not let it call back into us.
  if (context()) {
    disconnect(context(), &QOpenGLContext::aboutToBeDestroyed, this,
               &VtkView::releaseGraphicsResources);
    makeCurrent();
    window_->Finalize();
    doneCurrent();
  }
}

vtkRenderer* VtkView::renderer() const {
  return renderer_.Get();
}

vtkGenericOpenGLRenderWindow* VtkView::renderWindow() const {
  return window_.Get();
}

void VtkView::setDefaultSurfaceFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);  // VTK 9.1 refuses anything older
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  format.setRedBufferSize(8);
  format.setGreenBufferSize(8);
  format.setBlueBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(0);
  format.setSamples(0);  // VTK does its own multisampling in its framebuffers
  QSurfaceFormat::setDefaultFormat(format);
}

bool VtkView::openGLAvailable() {
  static const bool available = [] {
    const QString platform = QGuiApplication::platformName();
    // Qt 6.4's offscreen platform crashes when a QOpenGLWidget is shown (toolchain.md).
    if (platform == "offscreen" || platform == "minimal") return false;
    QOpenGLContext probe;
    probe.setFormat(QSurfaceFormat::defaultFormat());
    if (!probe.create()) return false;
    QOffscreenSurface surface;
    surface.setFormat(probe.format());
    surface.create();
    if (!probe.makeCurrent(&surface)) return false;
    const auto version = probe.format().version();
    probe.doneCurrent();
    return version >= qMakePair(3, 2);
  }();
  return available;
}

void VtkView::initializeGL() {
  ++initialize_count_;
  // Docking and undocking re-create the context: free VTK's GL objects with the old one.
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkView::releaseGraphicsResources,
          static_cast<Qt::ConnectionType>(Qt::DirectConnection | Qt::UniqueConnection));
  window_->SetReadyForRendering(true);
  window_->InitializeFromCurrentContext();
  if (!interactor_->GetInitialized()) interactor_->Initialize();
}

void VtkView::resizeGL(int width, int height) {
  const double ratio = devicePixelRatioF();
  // VTK works in device pixels; without the ratio it fills a quarter of a HiDPI widget.
  interactor_->UpdateSize(static_cast<int>(width * ratio), static_cast<int>(height * ratio));
  window_->SetDPI(static_cast<int>(72 * ratio));
}

void VtkView::paintGL() {
  if (!window_->GetReadyForRendering()) return;
  in_paint_ = true;
  vtkOpenGLState* state = window_->GetState();
  state->Reset();
  state->Push();
  state->vtkglDepthFunc(GL_LEQUAL);  // Qt leaves GL_LESS
  window_->Render();
  state->Pop();
  in_paint_ = false;

  // VTK leaves alpha at 0 in what it blits; a window that blends would show through.
  QOpenGLFunctions* gl = context()->functions();
  gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  gl->glClearColor(0, 0, 0, 1);
  gl->glClear(GL_COLOR_BUFFER_BIT);
  gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
}

void VtkView::releaseGraphicsResources() {
  makeCurrent();
  window_->Finalize();
  window_->SetReadyForRendering(false);
  doneCurrent();
}

void VtkView::onMakeCurrent(vtkObject*, unsigned long, void*) {
  // Not QOpenGLWidget::makeCurrent(): that re-binds Qt's framebuffer behind VTK's state cache
  // and the frame comes out black (style.md, pitfall 2).
  QOpenGLContext* own = context();
  if (own && QOpenGLContext::currentContext() != own) own->makeCurrent(own->surface());
}

void VtkView::onIsCurrent(vtkObject*, unsigned long, void* call_data) {
  *static_cast<bool*>(call_data) = context() && QOpenGLContext::currentContext() == context();
}

void VtkView::onFrame(vtkObject*, unsigned long, void*) {
  if (!in_paint_) update();
}

void VtkView::onInteractorRender(vtkObject*, unsigned long, void*) {
  update();
}

void VtkView::forwardMouse(QMouseEvent* event, unsigned long vtk_event) {
  const double ratio = devicePixelRatioF();
  const QPointF position = event->position();
  interactor_->SetEventInformationFlipY(static_cast<int>(position.x() * ratio),
                                        static_cast<int>(position.y() * ratio),
                                        (event->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                        (event->modifiers() & Qt::ShiftModifier) ? 1 : 0);
  interactor_->InvokeEvent(vtk_event, event);
}

void VtkView::mousePressEvent(QMouseEvent* event) {
  switch (event->button()) {
    case Qt::LeftButton: forwardMouse(event, vtkCommand::LeftButtonPressEvent); break;
    case Qt::MiddleButton: forwardMouse(event, vtkCommand::MiddleButtonPressEvent); break;
    case Qt::RightButton: forwardMouse(event, vtkCommand::RightButtonPressEvent); break;
    default: break;
  }
}

void VtkView::mouseReleaseEvent(QMouseEvent* event) {
  switch (event->button()) {
    case Qt::LeftButton: forwardMouse(event, vtkCommand::LeftButtonReleaseEvent); break;
    case Qt::MiddleButton: forwardMouse(event, vtkCommand::MiddleButtonReleaseEvent); break;
    case Qt::RightButton: forwardMouse(event, vtkCommand::RightButtonReleaseEvent); break;
    default: break;
  }
}

void VtkView::mouseMoveEvent(QMouseEvent* event) {
  forwardMouse(event, vtkCommand::MouseMoveEvent);
}

void VtkView::wheelEvent(QWheelEvent* event) {
  const double ratio = devicePixelRatioF();
  const QPointF position = event->position();
  interactor_->SetEventInformationFlipY(static_cast<int>(position.x() * ratio),
                                        static_cast<int>(position.y() * ratio));
  const int delta = event->angleDelta().y();
  if (delta > 0) interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent, event);
  if (delta < 0) interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent, event);
  event->accept();
}

}  // namespace fovea::ui
