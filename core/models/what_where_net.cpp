#include "core/models/what_where_net.h"

#include "core/models/attention_nets.h"
#include "core/retina/sparse_retina.h"

namespace fovea::models {
namespace {

namespace F = torch::nn::functional;

constexpr float kGrey = 0.5f;    // the masked stimulus's surround, and what lies beyond it
constexpr float kChance = 0.1f;  // the accuracy map's floor and the target's baseline
constexpr int kMapStep = 3;      // px between measured shifts; the map is interpolated
constexpr int kPad = 96;         // crops may reach this far outside the image

torch::nn::Sequential whereNet(int inputs, int cells) {
  // Linear -> ReLU -> BatchNorm (the original puts the ReLU first), momentum 0.5.
  auto norm = [] {
    return torch::nn::BatchNorm1d(
        torch::nn::BatchNorm1dOptions(WhatWhereImpl::kWhereHidden).momentum(0.5));
  };
  constexpr int hidden = WhatWhereImpl::kWhereHidden;
  return torch::nn::Sequential(torch::nn::Linear(inputs, hidden), torch::nn::ReLU(), norm(),
                               torch::nn::Linear(hidden, hidden), torch::nn::ReLU(), norm(),
                               torch::nn::Linear(hidden, cells));
}

}  // namespace

WhatWhereImpl::WhatWhereImpl(const WhatWhereConfig& config) : config_(config) {
  retina_ = retina::SparseRetina::get();
  const auto dense = retina::LogGaborRetina::get();
  const int cells = dense->collicularCells();
  const int pixels = kImage * kImage;
  collicular_ = torch::empty({cells, pixels});
  cell_peaks_ = torch::empty({cells, 2});
  for (int cell = 0; cell < cells; ++cell) {
    const float* row = dense->collicularCell(cell);
    std::copy_n(row, pixels, collicular_[cell].data_ptr<float>());
    const auto peak = std::max_element(row, row + pixels) - row;
    cell_peaks_[cell][0] = static_cast<float>(peak / kImage - kImage / 2);
    cell_peaks_[cell][1] = static_cast<float>(peak % kImage - kImage / 2);
  }
  what_ = register_module("what", std::make_shared<TwoConvNetImpl>(leNetShape(config.classes)));
  where_ = register_module("where", whereNet(retina_->filters(), cells));
  const int side = 2 * kMapHalf + 1;
  accuracy_map_ = register_buffer("accuracy_map", torch::full({side, side}, kChance));
  map_ready_ = register_buffer("map_ready", torch::zeros({1}));
}

torch::Tensor retinaCodes(const retina::SparseRetina& retina, const torch::Tensor& images) {
  const auto input = images.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  const auto count = input.size(0);
  TORCH_CHECK(input.numel() == count * retina.size() * retina.size(), "the retina reads ",
              retina.size(), " x ", retina.size(), " images, got ", input.sizes());
  auto codes = torch::empty({count, retina.filters()});
  // The retina's own pool: OpenCV's transforms inside LibTorch's OpenMP threads run slower.
  retina.encode(input.data_ptr<float>(), static_cast<int>(count), codes.data_ptr<float>());
  return codes.to(images.device());
}

torch::Tensor WhatWhereImpl::retinaCode(const torch::Tensor& images) const {
  return retinaCodes(*retina_, images);
}

torch::Tensor WhatWhereImpl::whereLogits(const torch::Tensor& images) {
  return where_->forward(retinaCode(images));
}

namespace {

torch::Tensor greyPadded(const torch::Tensor& images) {
  return F::pad(images, F::PadFuncOptions({kPad, kPad, kPad, kPad}).value(kGrey));
}

// side x side windows of grey-padded images, centred (row, column) px from the image's centre;
// window i comes from image i modulo the batch.
torch::Tensor windowsOfPadded(const torch::Tensor& padded, const torch::Tensor& fixations,
                              int side) {
  const auto at = fixations.to(torch::kCPU).round().to(torch::kInt64).contiguous();
  const auto* centre = at.data_ptr<std::int64_t>();
  const std::int64_t reach = kPad + WhatWhereImpl::kImage / 2 - side / 2;
  std::vector<torch::Tensor> out;
  out.reserve(static_cast<std::size_t>(fixations.size(0)));
  for (std::int64_t i = 0; i < fixations.size(0); ++i) {
    const auto top = std::clamp<std::int64_t>(centre[2 * i], -reach, reach - 1) + reach;
    const auto left = std::clamp<std::int64_t>(centre[2 * i + 1], -reach, reach - 1) + reach;
    out.push_back(padded[i % padded.size(0)].narrow(1, top, side).narrow(2, left, side));
  }
  return torch::stack(out);
}

torch::Tensor windows(const torch::Tensor& images, const torch::Tensor& fixations, int side) {
  return windowsOfPadded(greyPadded(images), fixations, side);
}

}  // namespace

torch::Tensor WhatWhereImpl::crops(const torch::Tensor& images,
                                   const torch::Tensor& fixations) const {
  return windows(images, fixations, kCrop);
}

WhatWhereImpl::Scan WhatWhereImpl::scan(const torch::Tensor& x) {
  const auto batch = x.size(0);
  auto fixation = torch::zeros({batch, 2}, x.options());
  std::vector<torch::Tensor> fixations = {fixation};
  std::vector<torch::Tensor> maps;
  const auto padded = greyPadded(x);  // every crop and view of this batch reads it
  auto glimpse = windowsOfPadded(padded, fixation, kCrop);
  std::vector<torch::Tensor> logits = {what_->forward(glimpse)};
  auto moving = torch::ones({batch}, x.options().dtype(torch::kBool));
  for (int n = 0; n < config_.saccades; ++n) {
    // After the first saccade the eye has moved: Where reads the image around the fixation.
    const auto view = n == 0 ? x : windowsOfPadded(padded, fixation, kImage);
    const auto where = torch::sigmoid(whereLogits(view));
    const auto [best, cell] = where.max(1);
    const auto jump = cell_peaks_.to(x.device()).index_select(0, cell).clamp(-kMaxJump, kMaxJump);
    if (config_.confidence_stop) {
      // Stay when What is already surer than Where's best guess of accuracy elsewhere.
      const auto sure = std::get<0>(torch::softmax(logits.back(), 1).max(1)) > best;
      moving = moving.logical_and(sure.logical_not());
    }
    fixation =
        torch::where(moving.unsqueeze(1), (fixation + jump).clamp(-kMaxJump, kMaxJump), fixation);
    maps.push_back(where);
    fixations.push_back(fixation);
    glimpse = windowsOfPadded(padded, fixation, kCrop);
    logits.push_back(what_->forward(glimpse));
  }
  Scan result;
  result.fixations = torch::stack(fixations, 1);
  result.where_maps = maps.empty() ? torch::zeros({batch, 0, cell_peaks_.size(0)}, x.options())
                                   : torch::stack(maps, 1);
  result.logits = torch::stack(logits, 1);
  result.glimpse = glimpse.squeeze(1);
  return result;
}

torch::Tensor WhatWhereImpl::forward(torch::Tensor x) {
  return scan(x).logits.select(1, -1);
}

std::vector<std::pair<std::string, torch::Tensor>> WhatWhereImpl::features(torch::Tensor x) {
  auto s = scan(x);
  auto last = s.logits.select(1, -1);
  std::vector<std::pair<std::string, torch::Tensor>> out = {{"where_map", s.where_maps},
                                                            {"fixations", s.fixations},
                                                            {"saccade_logits", s.logits},
                                                            {"glimpse", s.glimpse}};
  // What's own layers as it read the last crop (its logits are the model's).
  for (auto& [name, value] : what_->featuresUntil(s.glimpse.unsqueeze(1), "fc1")) {
    out.emplace_back("what_" + name, value);
  }
  out.emplace_back("logits", last);
  return out;
}

void WhatWhereImpl::measureAccuracyMap(const torch::Tensor& images, const torch::Tensor& labels,
                                       const torch::Tensor& offsets) {
  torch::NoGradGuard no_grad;
  const int steps = 2 * kMapHalf / kMapStep + 1;
  auto measured = torch::empty({steps, steps});
  const auto batch = images.size(0);
  const auto padded = greyPadded(images);
  for (int i = 0; i < steps; ++i) {
    std::vector<torch::Tensor> fixations;
    for (int j = 0; j < steps; ++j) {
      // The digit sits (i, j) steps from the crop's centre: fixate that far before it.
      const auto shift =
          torch::tensor({float(i * kMapStep - kMapHalf), float(j * kMapStep - kMapHalf)});
      fixations.push_back(offsets.to(torch::kCPU) - shift);
    }
    const auto all = torch::cat(fixations);
    const auto answers = what_->forward(windowsOfPadded(padded, all, kCrop)).argmax(1);
    const auto hits = answers.eq(labels.repeat({steps})).to(torch::kFloat32).view({steps, batch});
    measured[i] = hits.mean(1).to(torch::kCPU);
  }
  const int side = 2 * kMapHalf + 1;
  auto map = F::interpolate(measured.view({1, 1, steps, steps}),
                            F::InterpolateFuncOptions()
                                .size(std::vector<std::int64_t>{side, side})
                                .mode(torch::kBilinear)
                                .align_corners(true));
  setAccuracyMap(map.view({side, side}).clamp_min(kChance));
}

void WhatWhereImpl::setAccuracyMap(const torch::Tensor& map) {
  torch::NoGradGuard no_grad;
  accuracy_map_.copy_(map);
  map_ready_.fill_(1);
}

torch::Tensor WhatWhereImpl::whereTarget(const torch::Tensor& offsets) const {
  // Fixating f when the digit is at d shows What the digit shifted by d - f: the target at f
  // is map[d - f], the map flipped and centred on the digit (the original pastes it
  // unflipped, which only agrees for a symmetric map).
  const auto flipped = accuracy_map_.flip({0, 1}).to(torch::kCPU);
  const auto batch = offsets.size(0);
  const std::int64_t side = flipped.size(0);
  auto image = torch::full({batch, kImage, kImage}, kChance);
  const auto at = offsets.to(torch::kCPU).round().to(torch::kInt64).contiguous();
  const auto* d = at.data_ptr<std::int64_t>();
  // The map's rows and columns that fall inside the image when its centre is at 64 + d.
  auto overlap = [&](std::int64_t offset, std::int64_t& first, std::int64_t& from) {
    const std::int64_t top = kImage / 2 + offset - kMapHalf;  // the map's first row in the image
    first = std::clamp<std::int64_t>(top, 0, kImage);
    from = first - top;
    return std::max<std::int64_t>(0, std::min<std::int64_t>(kImage, top + side) - first);
  };
  for (std::int64_t i = 0; i < batch; ++i) {
    std::int64_t row = 0, map_row = 0, col = 0, map_col = 0;
    const auto rows = overlap(d[2 * i], row, map_row);
    const auto cols = overlap(d[2 * i + 1], col, map_col);
    if (rows == 0 || cols == 0) continue;
    image[i]
        .narrow(0, row, rows)
        .narrow(1, col, cols)
        .copy_(flipped.narrow(0, map_row, rows).narrow(1, map_col, cols));
  }
  return image.reshape({batch, -1}).mm(collicular_.t()).to(offsets.device());
}

StepLoss WhatWhereImpl::trainingLoss(const torch::Tensor& inputs, const TrainingStep& step) {
  if (step.step < config_.what_steps) {
    // The central crop: no padding needed.
    const std::int64_t top = kImage / 2 - kCrop / 2;
    auto logits = what_->forward(inputs.narrow(2, top, kCrop).narrow(3, top, kCrop));
    return {F::cross_entropy(logits, step.labels), logits};
  }
  TORCH_CHECK(step.target_offsets.defined(),
              "the What/Where model trains Where on a task that knows where the digits are");
  for (auto& parameter : what_->parameters()) parameter.mutable_grad().reset();  // What is done
  if (!accuracyMapMeasured()) measureAccuracyMap(inputs, step.labels, step.target_offsets);
  const auto out = whereLogits(inputs);
  auto loss = F::binary_cross_entropy_with_logits(out, whereTarget(step.target_offsets));
  torch::Tensor logits;
  {
    torch::NoGradGuard no_grad;
    const auto cell = out.argmax(1);
    const auto jump = cell_peaks_.index_select(0, cell.to(torch::kCPU)).clamp(-kMaxJump, kMaxJump);
    logits = what_->forward(crops(inputs, jump));
  }
  return {loss, logits};
}

}  // namespace fovea::models
