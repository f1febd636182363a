#include "widgets/playground/filter_playground_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/common/figure_exporter.h"
#include "widgets/common/map_grid.h"
#include "widgets/common/pixel_image_view.h"
#include "widgets/playground/kernel_editor.h"

namespace fovea::ui {

namespace {

constexpr int kDefaultInputSide = 128;
constexpr int kTrainedBankIndex = -1;  // a run's bank, when there is one, is last

// Maps of one size as MapGrid's flat stack.
std::vector<float> stacked(const std::vector<inspect::Plane>& planes) {
  std::vector<float> out;
  for (const auto& p : planes) out.insert(out.end(), p.values.begin(), p.values.end());
  return out;
}

}  // namespace

FilterPlaygroundView::FilterPlaygroundView(QWidget* parent) : QWidget(parent) {
  banks_.push_back({"Drawn", {inspect::blankKernel(3, "drawn")}});
  // A drawn kernel starts as a vertical bar, so the first picture already shows something.
  banks_[0].kernels[0].weights = {-1, 2, -1, -1, 2, -1, -1, 2, -1};
  for (auto& bank : inspect::presetBanks()) banks_.push_back(std::move(bank));
  buildControls();
  connectControls();
  onBankChosen();
}

QFormLayout* FilterPlaygroundView::buildSettings() {
  bank_ = new QComboBox;
  bank_->setObjectName("playgroundBank");
  for (const auto& bank : banks_) bank_->addItem(QString::fromStdString(bank.name));
  kernel_size_ = new QSpinBox;
  kernel_size_->setRange(inspect::kMinKernelSize, inspect::kMaxKernelSize);
  kernel_size_->setValue(3);
  kernel_size_->setSuffix(tr(" px"));
  kernel_size_->setToolTip(tr("The side of a drawn kernel"));
  paint_value_ = new QDoubleSpinBox;
  paint_value_->setRange(-10, 10);
  paint_value_->setSingleStep(0.5);
  paint_value_->setValue(1);
  stride_ = new QSpinBox;
  stride_->setObjectName("playgroundStride");
  stride_->setRange(1, inspect::kMaxStride);
  padding_ = new QComboBox;
  padding_->setObjectName("playgroundPadding");
  padding_->addItems({tr("valid"), tr("same")});
  relu_ = new QCheckBox(tr("ReLU"));
  pooling_ = new QComboBox;
  pooling_->setObjectName("playgroundPooling");
  pooling_->addItems({tr("none"), tr("max"), tr("average")});
  pool_size_ = new QSpinBox;
  pool_size_->setRange(1, inspect::kMaxPoolSize);
  pool_size_->setValue(2);
  pool_size_->setSuffix(tr(" px"));
  input_side_ = new QSpinBox;
  input_side_->setRange(16, 512);
  input_side_->setValue(kDefaultInputSide);
  input_side_->setSuffix(tr(" px"));
  input_side_->setToolTip(tr("The stimulus's longer side is scaled to this"));

  auto* form = new QFormLayout;
  form->addRow(tr("Kernels"), bank_);
  form->addRow(tr("Kernel size"), kernel_size_);
  form->addRow(tr("Paint value"), paint_value_);
  form->addRow(tr("Stride"), stride_);
  form->addRow(tr("Padding"), padding_);
  form->addRow(QString(), relu_);
  form->addRow(tr("Pooling"), pooling_);
  form->addRow(tr("Pool window"), pool_size_);
  form->addRow(tr("Input side"), input_side_);
  return form;
}

void FilterPlaygroundView::buildControls() {
  QFormLayout* form = buildSettings();

  input_view_ = new PixelImageView;
  kernel_title_ = new QLabel;
  editor_ = new KernelEditor;
  formula_ = new QLabel;
  formula_->setObjectName("playgroundFormula");
  formula_->setWordWrap(true);
  formula_->setTextFormat(Qt::RichText);
  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setStyleSheet("color: #b2182b");
  maps_title_ = new QLabel;
  pooled_title_ = new QLabel;
  maps_ = new MapGrid;
  pooled_ = new MapGrid;
  exporter_ = new FigureExporter(
      this, [this] { return figure(); }, [this] { return provenance(); });
  auto* export_button = new QToolButton;
  export_button->setDefaultAction(exporter_->action());

  // Settings, kernel and arithmetic on the left; the input above its maps on the right, so
  // that a wide glyph window keeps its width.
  auto* left = new QVBoxLayout;
  left->addLayout(form);
  left->addWidget(kernel_title_);
  left->addWidget(editor_, 1);
  left->addWidget(formula_);
  left->addWidget(message_);
  auto* right = new QVBoxLayout;
  right->addWidget(new QLabel(tr("<b>Input</b>")));
  right->addWidget(input_view_, 2);
  auto* maps_header = new QHBoxLayout;
  maps_header->addWidget(maps_title_, 1);
  maps_header->addWidget(export_button);
  right->addLayout(maps_header);
  right->addWidget(maps_, 3);
  right->addWidget(pooled_title_);
  right->addWidget(pooled_, 2);
  auto* columns = new QHBoxLayout(this);
  columns->addLayout(left, 2);
  columns->addLayout(right, 5);
}

void FilterPlaygroundView::connectControls() {
  connect(bank_, &QComboBox::currentIndexChanged, this, [this] { onBankChosen(); });
  connect(kernel_size_, &QSpinBox::valueChanged, this, [this](int size) {
    if (bank_->currentIndex() != 0 || banks_[0].kernels[0].size == size) return;
    banks_[0].kernels[0] = inspect::blankKernel(size, "drawn");
    selectKernel(0);
    scheduleCompute();
  });
  connect(paint_value_, &QDoubleSpinBox::valueChanged, this,
          [this](double v) { editor_->setPaintValue(static_cast<float>(v)); });
  connect(editor_, &KernelEditor::kernelEdited, this, [this](const inspect::Kernel& kernel) {
    auto& bank = banks_[static_cast<std::size_t>(bank_->currentIndex())];
    bank.kernels[static_cast<std::size_t>(selected_kernel_)] = kernel;
    scheduleCompute();
  });
  for (QSpinBox* box : {stride_, pool_size_}) {
    connect(box, &QSpinBox::valueChanged, this, [this] { scheduleCompute(); });
  }
  connect(input_side_, &QSpinBox::valueChanged, this, [this] { showInput(); });
  for (QComboBox* box : {padding_, pooling_}) {
    connect(box, &QComboBox::currentIndexChanged, this, [this] { scheduleCompute(); });
  }
  connect(relu_, &QCheckBox::toggled, this, [this] { scheduleCompute(); });
  auto pick = [this](int channel, int, int) {
    if (channel >= 0) selectKernel(channel);
  };
  connect(maps_, &MapGrid::clicked, this, pick);
  connect(pooled_, &MapGrid::clicked, this, pick);
}

QStringList FilterPlaygroundView::bankNames() const {
  QStringList names;
  for (const auto& bank : banks_) names << QString::fromStdString(bank.name);
  return names;
}

QString FilterPlaygroundView::bank() const {
  return bank_->currentText();
}

bool FilterPlaygroundView::setBank(const QString& name) {
  const int index = bank_->findText(name);
  if (index < 0) return false;
  bank_->setCurrentIndex(index);
  return true;
}

const std::vector<inspect::Kernel>& FilterPlaygroundView::kernels() const {
  return banks_[static_cast<std::size_t>(std::max(0, bank_->currentIndex()))].kernels;
}

void FilterPlaygroundView::onBankChosen() {
  const bool drawn = bank_->currentIndex() == 0;
  kernel_size_->setEnabled(drawn);
  selectKernel(0);
  scheduleCompute();
}

void FilterPlaygroundView::selectKernel(int index) {
  const auto& list = kernels();
  if (index < 0 || index >= static_cast<int>(list.size())) return;
  selected_kernel_ = index;
  const auto& kernel = list[static_cast<std::size_t>(index)];
  editor_->setKernel(kernel);
  kernel_title_->setText(tr("<b>Kernel</b> %1 (%2 × %2), draw to edit")
                             .arg(QString::fromStdString(kernel.name))
                             .arg(kernel.size));
}

void FilterPlaygroundView::setTrainedBank(const inspect::KernelBank& bank) {
  const bool had = banks_.size() > inspect::presetBanks().size() + 1;
  const bool showing = had && bank_->currentIndex() == static_cast<int>(banks_.size()) - 1;
  if (had) {
    banks_.pop_back();
    bank_->removeItem(bank_->count() - 1);
  }
  if (bank.kernels.empty()) return;
  banks_.push_back(bank);
  bank_->addItem(QString::fromStdString(bank.name));
  if (showing) bank_->setCurrentIndex(bank_->count() + kTrainedBankIndex);
}

void FilterPlaygroundView::setSettings(const inspect::FilterSettings& settings) {
  stride_->setValue(settings.stride);
  padding_->setCurrentIndex(settings.padding == inspect::Padding::Same ? 1 : 0);
  relu_->setChecked(settings.relu);
  pooling_->setCurrentIndex(static_cast<int>(settings.pooling));
  pool_size_->setValue(settings.pool_size);
}

inspect::FilterSettings FilterPlaygroundView::settings() const {
  inspect::FilterSettings s;
  s.stride = stride_->value();
  s.padding = padding_->currentIndex() == 1 ? inspect::Padding::Same : inspect::Padding::Valid;
  s.relu = relu_->isChecked();
  s.pooling = static_cast<inspect::Pooling>(pooling_->currentIndex());
  s.pool_size = pool_size_->value();
  return s;
}

void FilterPlaygroundView::setInputSide(int side) {
  input_side_->setValue(side);
}

void FilterPlaygroundView::setImage(const QImage& image) {
  source_ = image;
  showInput();
}

void FilterPlaygroundView::showInput() {
  input_ = {};
  if (!source_.isNull()) {
    const int side = input_side_->value();
    const QImage grey = source_.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                            .convertToFormat(QImage::Format_Grayscale8);
    input_.height = grey.height();
    input_.width = grey.width();
    input_.values.reserve(static_cast<std::size_t>(grey.width() * grey.height()));
    for (int r = 0; r < grey.height(); ++r) {
      const uchar* line = grey.constScanLine(r);
      for (int c = 0; c < grey.width(); ++c) input_.values.push_back(line[c] / 255.0f);
    }
    input_view_->setImage(grey);
  }
  scheduleCompute();
}

void FilterPlaygroundView::scheduleCompute() {
  if (compute_pending_) return;
  compute_pending_ = true;
  // Edits arriving together (a drag over several cells) are computed once.
  QTimer::singleShot(0, this, [this] {
    compute_pending_ = false;
    compute();
  });
}

void FilterPlaygroundView::compute() {
  result_ = {};
  message_->clear();
  if (input_.values.empty()) {
    message_->setText(tr("Open the Stimulus Designer: its stimulus is the input here."));
  } else {
    QElapsedTimer timer;
    timer.start();
    try {
      result_ = inspect::applyFilters(input_, kernels(), settings());
      message_->setText(QString::fromStdString(result_.refusal));
    } catch (const std::exception& error) {
      message_->setText(QString::fromStdString(error.what()));
    }
    compute_ms_ = timer.nsecsElapsed() / 1e6;
  }
  const auto n = static_cast<std::int64_t>(result_.maps.size());
  if (n > 0) {
    maps_->setMaps(stacked(result_.maps), n, result_.maps[0].height, result_.maps[0].width);
  } else {
    maps_->clear();
  }
  const auto m = static_cast<std::int64_t>(result_.pooled.size());
  if (m > 0) {
    pooled_->setMaps(stacked(result_.pooled), m, result_.pooled[0].height, result_.pooled[0].width);
  } else {
    pooled_->clear();
  }
  pooled_->setVisible(settings().pooling != inspect::Pooling::None);
  pooled_title_->setVisible(pooled_->isVisible());
  refreshFormula();
  Q_EMIT computed();
}

void FilterPlaygroundView::refreshFormula() {
  const auto s = settings();
  auto axis = [](const char* name, const inspect::AxisArithmetic& a) {
    return QStringLiteral("%1: %2").arg(QLatin1String(name),
                                        QString::fromStdString(formulaText(a)));
  };
  QString text =
      tr("<b>Output size</b> ⌊(n + p − k) / s⌋ + 1, for n input pixels, p padding, "
         "kernel k, stride s.<br>");
  text += s.padding == inspect::Padding::Same
              ? tr("<i>same</i> pads so that the output is ⌈n / s⌉ (the odd pixel after).<br>")
              : tr("<i>valid</i> adds no padding: the kernel stays inside the image.<br>");
  if (result_.rows.input > 0) {
    text += axis("rows", result_.rows) + "<br>" + axis("columns", result_.cols);
  }
  if (s.pooling != inspect::Pooling::None && result_.pool_rows.input > 0) {
    text += tr("<br><b>Pooling</b> %1 × %1 windows, stride %1:<br>").arg(s.pool_size) +
            axis("rows", result_.pool_rows) + "<br>" + axis("columns", result_.pool_cols);
  }
  formula_->setText(text);
  const QString size =
      result_.maps.empty()
          ? QString()
          : QStringLiteral(" %1 × %2").arg(result_.maps[0].height).arg(result_.maps[0].width);
  maps_title_->setText(tr("<b>Feature maps</b> (%1)%2, click one to edit its kernel")
                           .arg(result_.maps.size())
                           .arg(size));
  if (!result_.pooled.empty()) {
    pooled_title_->setText(
        tr("<b>Pooled</b> %1 × %2").arg(result_.pooled[0].height).arg(result_.pooled[0].width));
  }
}

QString FilterPlaygroundView::formula() const {
  return formula_->text();
}
QString FilterPlaygroundView::message() const {
  return message_->text();
}

report::FigureData FilterPlaygroundView::figure() const {
  const bool pooled = !result_.pooled.empty();
  const auto& planes = pooled ? result_.pooled : result_.maps;
  report::FigureData figure;
  if (planes.empty()) return figure;
  const auto s = settings();
  figure.id = "playground-" + bank().toLower().toStdString();
  figure.title = QStringLiteral("%1 kernels, stride %2, %3 padding%4%5")
                     .arg(bank())
                     .arg(s.stride)
                     .arg(s.padding == inspect::Padding::Same ? "same" : "valid")
                     .arg(s.relu ? ", ReLU" : "")
                     .arg(pooled ? QStringLiteral(", %1 pooling %2 px")
                                       .arg(s.pooling == inspect::Pooling::Max ? "max" : "average")
                                       .arg(s.pool_size)
                                 : QString())
                     .toStdString();
  figure.has_maps = true;
  figure.maps.value_title = "response";
  const auto& list = kernels();
  for (std::size_t i = 0; i < planes.size() && i < list.size(); ++i) {
    figure.maps.panels.push_back(
        {list[i].name, planes[i].height, planes[i].width, planes[i].values});
  }
  figure.constants = {{"bank", bank().toStdString()}};
  return figure;
}

report::Provenance FilterPlaygroundView::provenance() const {
  report::Provenance p;
  const auto s = settings();
  p.extra["input"] = std::to_string(input_.width) + " x " + std::to_string(input_.height) + " px";
  p.extra["stride"] = std::to_string(s.stride);
  p.extra["padding"] = s.padding == inspect::Padding::Same ? "same" : "valid";
  p.extra["relu"] = s.relu ? "true" : "false";
  p.extra["pooling"] = pooling_->currentText().toStdString();
  p.extra["pool_size"] = std::to_string(s.pool_size);
  for (const auto& k : kernels()) {
    std::string weights;
    for (float w : k.weights) weights += (weights.empty() ? "" : " ") + std::to_string(w);
    p.extra["kernel " + k.name] = weights;
  }
  return p;
}

}  // namespace fovea::ui
