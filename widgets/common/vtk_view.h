#pragma once
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkNew.h>
#include <vtkRenderer.h>
#include <QOpenGLWidget>

namespace fovea::ui {

// A VTK render window inside a Qt 6 QOpenGLWidget. Debian's VTK Qt module is built on Qt 5, so
// Fovea hosts vtkGenericOpenGLRenderWindow itself: VTK renders into Qt's framebuffer inside
// paintGL, Qt's mouse and wheel events drive a trackball interactor, and GL resources are
// released and rebuilt when docking or undocking re-creates the context.
class VtkView : public QOpenGLWidget {
  Q_OBJECT

 public:
  explicit VtkView(QWidget* parent = nullptr);
  ~VtkView() override;

  vtkRenderer* renderer() const;
  vtkGenericOpenGLRenderWindow* renderWindow() const;

  // False where QOpenGLWidget cannot work (the offscreen and minimal platforms, or no usable
  // OpenGL 3.2 context); callers show a placeholder instead of this view.
  static bool openGLAvailable();
  // The surface format VTK needs; set as the default before QApplication is created.
  static void setDefaultSurfaceFormat();

  // How often the context was initialised (re-created on reparenting); for tests and diagnostics.
  int initializeCount() const { return initialize_count_; }

 protected:
  void initializeGL() override;
  void resizeGL(int width, int height) override;
  void paintGL() override;

  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private Q_SLOTS:
  void releaseGraphicsResources();

 private:
  void onMakeCurrent(vtkObject*, unsigned long, void*);
  void onIsCurrent(vtkObject*, unsigned long, void* call_data);
  void onFrame(vtkObject*, unsigned long, void*);
  void onInteractorRender(vtkObject*, unsigned long, void*);
  void forwardMouse(QMouseEvent* event, unsigned long vtk_event);

  vtkNew<vtkGenericOpenGLRenderWindow> window_;
  vtkNew<vtkGenericRenderWindowInteractor> interactor_;
  vtkNew<vtkRenderer> renderer_;
  bool in_paint_ = false;
  int initialize_count_ = 0;
};

}  // namespace fovea::ui
