// fovea-cli summary / features: look inside a trained run (any family): its layers with their
// shapes, parameters and receptive fields, and the activations of one layer for a stimulus.
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "cli_context.h"
#include "core/eval/predictor.h"
#include "core/inspect/feature_grid.h"
#include "core/inspect/model_summary.h"
#include "core/inspect/run_input.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"
#include "core/util/npy.h"
#include "spec_options.h"

namespace fovea::cli {
namespace {

struct FeatureOptions {
  std::filesystem::path run;
  std::string layer;
  std::string stimulus;
  SpecOptions spec;
  std::filesystem::path image;
  std::filesystem::path out;
  int scale = 0;
  bool spec_given = false;  // --preset or --spec on the command line
};

// The run's input for the options: a crowding stimulus drawn with the run's retina, or a grey
// image of exactly the run's input size in its task's pixels (v / 255 - pixelOffset()).
std::vector<float> inputFor(const eval::Predictor& predictor, FeatureOptions& options) {
  if (!options.image.empty()) {
    const auto& shape = predictor.input().shape;
    const cv::Mat grey = readGreyImage(options.image);
    if (predictor.input().kind != models::InputSpec::Kind::Image || shape.front() != 1 ||
        grey.rows != shape[1] || grey.cols != shape[2]) {
      throw InputError(options.image.string() + ": a " + std::to_string(grey.cols) + " x " +
                       std::to_string(grey.rows) + " grey image does not fit run '" +
                       predictor.run() + "', which reads " + predictor.input().describe());
    }
    cv::Mat values;
    grey.convertTo(values, CV_32F, 1.0 / 255, -predictor.pixelOffset());
    return std::vector<float>(values.begin<float>(), values.end<float>());
  }
  if (predictor.input().kind != models::InputSpec::Kind::MultiscaleCrops) {
    throw InputError("run '" + predictor.run() + "' (" + predictor.family() + ") reads " +
                     predictor.input().describe() + ": give it one with --image");
  }
  if (!options.stimulus.empty()) {
    if (std::filesystem::exists(options.stimulus)) {
      options.spec.spec = options.stimulus;
    } else {
      options.spec.preset = options.stimulus;
    }
  } else if (!options.spec_given) {
    // Nothing asked for: the stimulus the run was trained on, with any --set applied.
    const auto spec =
        stimulus::parseStimulusSpec(stimulus::toToml(predictor.stimulus()),
                                    "run '" + predictor.run() + "'", options.spec.overrides);
    return inspect::renderForRun(predictor, spec).input;
  }
  return inspect::renderForRun(predictor, options.spec.load()).input;
}

void addSummaryCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "summary", "A trained run's layers: output shapes, parameters, receptive fields");
  auto run = std::make_shared<std::filesystem::path>();
  command->add_option("RUN", *run, "Run directory or checkpoint file")->required();
  command->callback([&context, run] {
    const eval::Predictor predictor(runCheckpoint(*run));
    const auto summary = inspect::summarize(predictor);
    if (context.json) {
      context.print(inspect::toJson(summary));
    } else {
      std::fputs(inspect::toText(summary).c_str(), stdout);
    }
  });
}

void addFeaturesCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "features", "Activations of one layer of a trained run for a stimulus, as NPY and PNG");
  auto options = std::make_shared<FeatureOptions>();
  command->add_option("RUN", options->run, "Run directory or checkpoint file")->required();
  command->add_option("--layer", options->layer, "Layer name (see fovea-cli summary)")->required();
  command->add_option("--stimulus", options->stimulus,
                      "Crowding stimulus: a preset name or a spec file (with --set)");
  options->spec.addTo(*command);
  command
      ->add_option("--image", options->image,
                   "A grey image of the run's input size, for image-reading families")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--scale", options->scale,
                   "Eccentricity model: which output scale the PNG shows (0: finest)")
      ->capture_default_str();
  command->add_option("--out", options->out, "Output directory")->required();
  command->callback([&context, options, command] {
    options->spec_given = command->count("--preset") + command->count("--spec") > 0;
    const eval::Predictor predictor(runCheckpoint(options->run));
    const auto input = inputFor(predictor, *options);
    const auto feature = predictor.feature(input, 1, options->layer);
    std::filesystem::create_directories(options->out);
    // What the network saw, beside what it made of it.
    auto input_shape = predictor.input().shape;
    input_shape.insert(input_shape.begin(), 1);
    writeNpy(options->out / "input.npy", input, input_shape);
    const auto npy = options->out / (options->layer + ".npy");
    writeNpy(npy, feature.values, feature.shape);
    nlohmann::json result = {{"run", predictor.run()},
                             {"layer", feature.name},
                             {"shape", feature.shape},
                             {"npy", npy.string()},
                             {"input_npy", (options->out / "input.npy").string()}};
    // Maps: [1, C, h, w], or [1, S, C, h, w] for the eccentricity model (one scale shown).
    const auto& shape = feature.shape;
    if (shape.size() == 4 || shape.size() == 5) {
      const bool scaled = shape.size() == 5;
      const std::int64_t scales = scaled ? shape[1] : 1;
      if (options->scale < 0 || options->scale >= scales) {
        throw InputError("--scale " + std::to_string(options->scale) + ": layer '" + feature.name +
                         "' has " + std::to_string(scales) + " scale(s)");
      }
      const auto c = shape[shape.size() - 3], h = shape[shape.size() - 2],
                 w = shape[shape.size() - 1];
      const float* maps = feature.values.data() + options->scale * c * h * w;
      const auto png = options->out / (options->layer + ".png");
      writePng(png, inspect::featureGrid(maps, c, h, w));
      result["png"] = png.string();
    }
    context.print(result);
  });
}

}  // namespace

void addInspectCommands(CLI::App& app, CliContext& context) {
  addSummaryCommand(app, context);
  addFeaturesCommand(app, context);
}

}  // namespace fovea::cli
