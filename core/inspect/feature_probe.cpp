#include "core/inspect/feature_probe.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "core/inspect/run_input.h"
#include "core/util/errors.h"

namespace fovea::inspect {

FeatureProbe::FeatureProbe(std::shared_ptr<const eval::Predictor> predictor)
    : predictor_(std::move(predictor)) {}

FeatureProbe::~FeatureProbe() = default;

std::vector<models::LayerInfo> FeatureProbe::mapLayers() const {
  std::vector<models::LayerInfo> out;
  for (const auto& layer : predictor_->layers()) {
    if (models::hasMaps(layer)) out.push_back(layer);
  }
  return out;
}

const stimulus::RenderedStimulus& FeatureProbe::render(const stimulus::StimulusSpec& spec) {
  const auto drawn = drawnForRun(*predictor_, spec);
  const std::string key = stimulus::rendererKey(drawn);
  if (!renderer_ || key != renderer_key_) {
    renderer_.reset();
    renderer_ = std::make_unique<stimulus::StimulusRenderer>(drawn);
    renderer_key_ = key;
  }
  rendered_ = renderer_->render(drawn.geometry, false);
  return rendered_;
}

int FeatureProbe::steps() const {
  const auto presentations = predictor_->presentations();
  return presentations.empty() ? 0 : presentations.front().steps;
}

int FeatureProbe::imageOff() const {
  const auto presentations = predictor_->presentations();
  return presentations.empty() ? 0 : presentations.front().image_off;
}

FeatureProbe::Maps FeatureProbe::maps(const stimulus::StimulusSpec& spec, const std::string& layer,
                                      int step) {
  Maps out;
  out.layer = layer;
  try {
    const auto& rendered = render(spec);
    if (step >= 0 && steps() > 0) {
      if (timed_.empty() || timed_input_ != rendered.input) {
        timed_ = predictor_->featuresOverTime(rendered.input, 1);
        timed_input_ = rendered.input;
      }
      for (const auto& timed : timed_) {
        if (timed.name != layer) continue;
        const auto& feature =
            timed.steps.at(static_cast<std::size_t>(std::min<int>(step, timed.steps.size() - 1)));
        out.shape.assign(feature.shape.begin() + 1, feature.shape.end());
        out.values = feature.values;
        out.step = step;
        out.first_image_step = timed.first_image_step;
        return out;
      }
      throw InputError("layer '" + layer + "' is not one of the run's unrolled layers");
    }
    auto feature = predictor_->feature(rendered.input, 1, layer);
    out.shape.assign(feature.shape.begin() + 1, feature.shape.end());
    out.values = std::move(feature.values);
  } catch (const std::exception& error) {
    out.refusal = error.what();
  }
  return out;
}

namespace {

std::int64_t flatIndex(const std::vector<std::int64_t>& shape, const FeatureProbe::Unit& unit) {
  const bool scaled = shape.size() == 4;
  const auto c = shape[shape.size() - 3], h = shape[shape.size() - 2], w = shape.back();
  const std::int64_t s = scaled ? shape[0] : 1;
  if (unit.scale < 0 || unit.scale >= s || unit.channel < 0 || unit.channel >= c || unit.row < 0 ||
      unit.row >= h || unit.col < 0 || unit.col >= w) {
    throw InputError("unit (scale " + std::to_string(unit.scale) + ", channel " +
                     std::to_string(unit.channel) + ", row " + std::to_string(unit.row) +
                     ", column " + std::to_string(unit.col) + ") is outside the layer");
  }
  return ((unit.scale * c + unit.channel) * h + unit.row) * w + unit.col;
}

}  // namespace

FeatureProbe::Field FeatureProbe::field(const stimulus::StimulusSpec& spec,
                                        const std::string& layer, const Unit& unit, int heat_px) {
  Field out;
  try {
    const auto& rendered = render(spec);
    const auto& layers = predictor_->layers();
    const auto found = std::find_if(layers.begin(), layers.end(),
                                    [&](const models::LayerInfo& l) { return l.name == layer; });
    if (found == layers.end() || found->shape.size() < 3) {
      throw InputError("layer '" + layer + "' has no maps to pick a unit from");
    }
    const retina::MultiscalePlan& plan = renderer_->plan();
    const auto fields = models::receptiveFields(layers);
    const auto& geometric = fields[static_cast<std::size_t>(found - layers.begin())];
    if (geometric && found->grid == "input") {
      out.rects = canvasField(*geometric, plan, unit.scale, found->scales_seen, unit.row, unit.col);
      out.ink_shares =
          inkInside(rendered, renderer_->spec().background.kind == "black", out.rects).shares;
    }
    const auto gradient =
        predictor_->unitGradient(rendered.input, layer, flatIndex(found->shape, unit));
    const auto canvas = gradientOnCanvas(gradient, plan);
    const int side = plan.spec().canvas_px;
    cv::Mat heat;
    cv::resize(cv::Mat(side, side, CV_32F, const_cast<float*>(canvas.data())), heat,
               {heat_px, heat_px}, 0, 0, cv::INTER_AREA);
    out.heat.assign(heat.begin<float>(), heat.end<float>());
    out.heat_px = heat_px;
    out.heat_max = out.heat.empty() ? 0 : *std::max_element(out.heat.begin(), out.heat.end());
  } catch (const std::exception& error) {
    out = Field{};
    out.refusal = error.what();
  }
  return out;
}

}  // namespace fovea::inspect
