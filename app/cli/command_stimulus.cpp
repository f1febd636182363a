// fovea-cli stimulus: render one crowding stimulus (canvas, crops, network input) from a preset
// or a spec file with --set overrides.
#include <cmath>

#include "cli_context.h"
#include "core/retina/crop_strip.h"
#include "core/stimulus/stimulus_renderer.h"
#include "core/util/image_io.h"
#include "core/util/npy.h"
#include "spec_options.h"

namespace fovea::cli {
namespace {

struct StimulusOptions {
  SpecOptions spec;
  std::filesystem::path target_glyph;
  std::filesystem::path flanker_glyph;
  std::filesystem::path out_png;
  std::filesystem::path out_crops;
  std::filesystem::path out_npy;
};

double round3(double v) {
  return std::round(v * 1000) / 1000;
}

nlohmann::json describe(const stimulus::StimulusRenderer& renderer,
                        const stimulus::RenderedStimulus& rendered) {
  const auto& spec = renderer.spec();
  const auto& display = spec.display;
  const double half = spec.geometry.canvas_px / 2.0;
  auto glyph = [&](const stimulus::GlyphBox& box) {
    const double ecc = std::hypot(box.centre_x - half, box.centre_y - half);
    return nlohmann::json{{"ecc_px", round3(ecc)},
                          {"ecc_deg", round3(display.eccentricityDeg(ecc))},
                          {"size_px", box.side},
                          {"size_deg", round3(display.sizeDeg(ecc, box.side))},
                          {"box_px", {box.x, box.y, box.side, box.side}}};
  };
  nlohmann::json result;
  result["configuration"] = stimulus::toString(spec.geometry.configuration);
  result["display"] = {{"px_per_deg", round3(display.pixelsPerDegree())},
                       {"canvas_px", spec.geometry.canvas_px},
                       {"canvas_deg", round3(display.sizeDeg(0, spec.geometry.canvas_px))}};
  result["target"] = glyph(rendered.boxes.front());
  result["target"]["label"] = rendered.target_label;
  result["flankers"] = nlohmann::json::array();
  for (std::size_t i = 1; i < rendered.boxes.size(); ++i)
    result["flankers"].push_back(glyph(rendered.boxes[i]));
  if (rendered.boxes.size() > 1) {
    const double target_ecc = spec.geometry.target_ecc_px;
    const double spacing = spec.geometry.spacing_px;
    result["spacing"] = {{"px", round3(spacing)},
                         {"deg", round3(std::fabs(display.eccentricityDeg(target_ecc + spacing) -
                                                  display.eccentricityDeg(target_ecc)))}};
  }
  const auto& target = rendered.boxes.front();
  nlohmann::json crops = nlohmann::json::array();
  for (int i = 0; i < spec.retina.scales; ++i) {
    const auto& box = renderer.plan().boxes()[static_cast<std::size_t>(i)];
    crops.push_back(
        {{"scale", i},
         {"side_px", box.side()},
         {"side_deg", round3(display.sizeDeg(0, box.side()))},
         {"contains_target", box.contains({target.x, target.y, target.side, target.side})}});
  }
  result["crops"] = crops;
  result["input_shape"] = {spec.retina.scales, spec.retina.crop_px, spec.retina.crop_px};
  return result;
}

}  // namespace

void addStimulusCommand(CLI::App& app, CliContext& context) {
  auto* command =
      app.add_subcommand("stimulus", "Render one crowding stimulus and its model input");
  auto options = std::make_shared<StimulusOptions>();
  options->spec.addTo(*command);
  command->add_option("--target-glyph", options->target_glyph, "Image to use as the target")
      ->check(CLI::ExistingFile);
  command->add_option("--flanker-glyph", options->flanker_glyph, "Image to use as the flankers")
      ->check(CLI::ExistingFile);
  command->add_option("--out-png", options->out_png, "Write the canvas as PNG");
  command->add_option("--out-crops", options->out_crops, "Write the crops side by side as PNG");
  command->add_option("--out-npy", options->out_npy,
                      "Write the network input as float32 NPY (scales x height x width)");
  command->callback([&context, options] {
    const auto spec_path = options->spec.path();
    auto spec = stimulus::loadStimulusSpec(spec_path, options->spec.overrides);
    if (!options->target_glyph.empty()) spec.glyphs.target_image = options->target_glyph;
    if (!options->flanker_glyph.empty()) spec.glyphs.flanker_image = options->flanker_glyph;
    const stimulus::StimulusRenderer renderer(spec);
    const auto rendered = renderer.render(!options->out_png.empty());

    auto result = describe(renderer, rendered);
    result["spec"] = spec_path.string();
    if (!options->out_png.empty()) {
      writePng(options->out_png, rendered.canvas);
      result["outputs"]["png"] = options->out_png.string();
    }
    if (!options->out_crops.empty()) {
      writePng(options->out_crops, retina::cropStrip(rendered.crops));
      result["outputs"]["crops"] = options->out_crops.string();
    }
    if (!options->out_npy.empty()) {
      writeNpy(options->out_npy, rendered.input,
               {spec.retina.scales, spec.retina.crop_px, spec.retina.crop_px});
      result["outputs"]["npy"] = options->out_npy.string();
    }
    context.print(result);
  });
}

}  // namespace fovea::cli
