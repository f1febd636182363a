// fovea-cli retina: one noisy-digit stimulus of the saccade and transformer studies, and the
// codes the models read from it (log-polar retina, collicular map, POLO, foveated crops).
#include "cli_context.h"
#include "core/data/digit_sheet.h"
#include "core/retina/foveated_crops.h"
#include "core/retina/log_gabor_retina.h"
#include "core/retina/polo.h"
#include "core/retina/whitening.h"
#include "core/stimulus/noisy_digits.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"
#include "core/util/npy.h"

namespace fovea::cli {
namespace {

struct RetinaOptions {
  stimulus::NoisyDigitSpec spec;
  double contrast = 0.7;
  double radius = -1;  // < 0: drawn
  int digit = 0;
  std::uint64_t seed = 0;
  std::filesystem::path out_png;
  std::filesystem::path out_npy;
  std::filesystem::path out_codes;  // a folder
};

std::vector<float> toFloats(const cv::Mat& image) {
  std::vector<float> values;
  values.reserve(image.total());
  for (int r = 0; r < image.rows; ++r)
    for (int c = 0; c < image.cols; ++c)
      values.push_back(static_cast<float>(image.at<double>(r, c)));
  return values;
}

}  // namespace

void addRetinaCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "retina", "Render a noisy-digit stimulus (28 or 128 px) and its retina codes");
  auto options = std::make_shared<RetinaOptions>();
  command->add_option("--size", options->spec.size, "28 (What set) or 128 (retina set)")
      ->check(CLI::IsMember({28, 128}))
      ->capture_default_str();
  command->add_option("--digit", options->digit, "Index in the MNIST digit sheet")
      ->check(CLI::Range(0, 4999))
      ->capture_default_str();
  command->add_option("--contrast", options->contrast, "Stroke contrast c")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_option("--noise", options->spec.noise, "Noise peak-to-peak")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_option("--radius", options->radius,
                      "Target distance from the centre in px (default: drawn)");
  command->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  command->add_option("--out-png", options->out_png, "Write the stimulus as PNG");
  command->add_option("--out-npy", options->out_npy, "Write the stimulus as float32 NPY");
  command->add_option("--out-codes", options->out_codes,
                      "Write retina.npy (2880), colliculus.npy (240), polo.npy (8 x 6 x 16) and "
                      "foveated.npy (4 x 64 x 64) to this folder (128 px only)");
  command->callback([&context, options] {
    auto spec = options->spec;
    spec.contrast_min = spec.contrast_max = options->contrast;
    if (options->radius >= 0) spec.radius = options->radius;
    const auto& digits = data::defaultDigits();
    const auto stimulus = stimulus::makeNoisyDigit(
        digits.glyph(static_cast<std::size_t>(options->digit)), spec, options->seed);
    nlohmann::json result{{"size_px", spec.size},
                          {"digit", options->digit},
                          {"label", digits.labels[static_cast<std::size_t>(options->digit)]},
                          {"row_offset_px", stimulus.row_offset},
                          {"col_offset_px", stimulus.col_offset},
                          {"contrast", stimulus.contrast}};
    if (!options->out_png.empty()) {
      cv::Mat grey;
      stimulus.image.convertTo(grey, CV_8U, 255.0);
      writePng(options->out_png, grey);
      result["outputs"]["png"] = options->out_png.string();
    }
    if (!options->out_npy.empty()) {
      writeNpy(options->out_npy, toFloats(stimulus.image), {spec.size, spec.size});
      result["outputs"]["npy"] = options->out_npy.string();
    }
    if (!options->out_codes.empty()) {
      if (spec.size != 128) throw InputError("--out-codes needs --size 128");
      std::filesystem::create_directories(options->out_codes);
      const auto retina = retina::LogGaborRetina::get();
      const auto code = retina->encode(retina::whitenImage(stimulus.image));
      writeNpy(options->out_codes / "retina.npy", code, {static_cast<std::int64_t>(code.size())});
      // The collicular view of where the digit is: its ink, shifted with it.
      cv::Mat ink = cv::Mat::zeros(128, 128, CV_64F);
      digits.glyph(static_cast<std::size_t>(options->digit))
          .convertTo(ink(cv::Rect(50 + stimulus.col_offset, 50 + stimulus.row_offset, 28, 28)),
                     CV_64F, 1.0 / 255);
      const auto cells = retina->collicular(ink);
      writeNpy(options->out_codes / "colliculus.npy", cells, {24, 10});
      const auto polo = retina::PoloCode().encode(stimulus.image);
      writeNpy(options->out_codes / "polo.npy", polo, {8, 6, 16});
      std::vector<float> foveated;
      for (const auto& crop : retina::foveatedCrops(stimulus.image(cv::Rect(0, 0, 128, 128)), 4)) {
        const auto values = toFloats(crop);
        foveated.insert(foveated.end(), values.begin(), values.end());
      }
      writeNpy(options->out_codes / "foveated.npy", foveated, {4, 64, 64});
      result["outputs"]["codes"] = options->out_codes.string();
      result["codes"] = {{"retina", code.size()},
                         {"colliculus", cells.size()},
                         {"polo", polo.size()},
                         {"foveated", foveated.size()}};
    }
    context.print(result);
  });
}

}  // namespace fovea::cli
