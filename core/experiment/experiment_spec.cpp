#include "core/experiment/experiment_spec.h"
#include "core/experiment/eval_spec_reader.h"
#include "core/experiment/psychophysics_resolve.h"
#include "core/experiment/sweep_settings_reader.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "core/models/model_family.h"
#include "core/stimulus/crowding_sampler.h"
#include "core/util/errors.h"
#include "core/util/resources.h"
#include "core/util/toml_reader.h"

namespace fovea::experiment {
namespace {

const std::vector<std::string> kExperimentSections = {
    "experiment", "train", "model", "eval", "claims", "attention", "sweep", "psychophysics"};

constexpr std::int64_t kMaxSteps = 1'000'000'000;
// A fixed training set is walked in a permutation of its indices (8 bytes each): 100 million
// keeps that under 1 GB.
constexpr std::int64_t kMaxTrainImages = 100'000'000;

std::string formatRate(double rate) {
  std::ostringstream out;
  out << rate;
  return out.str();
}

void requirePositive(SectionReader& reader, const std::string& key, double value) {
  if (!(value > 0) || !std::isfinite(value)) {
    reader.fail(reader.name(key) + " must be positive, got " + formatRate(value));
  }
}

// [[<section>.curriculum]]: stages with increasing from_step.
std::vector<CurriculumStage> readStages(SectionReader& r, const std::string& name,
                                        const std::string& source) {
  std::vector<CurriculumStage> stages;
  for (const toml::table* table : r.tables("curriculum")) {
    SectionReader stage_reader(table, name, source);
    CurriculumStage stage;
    auto from = stage_reader.integer64("from_step");
    if (!from) stage_reader.fail(name + ": every stage needs from_step");
    stage.from_step = *from;
    assign(stage.set, stage_reader.texts("set"));
    stage.rate_scale = stage_reader.number("rate_scale");
    assign(stage.schedule, stage_reader.text("schedule"));
    stage_reader.finish();
    if (!stages.empty() && stage.from_step <= stages.back().from_step) {
      stage_reader.fail(name + ": from_step must increase from stage to stage");
    }
    if (stage.from_step < 0) stage_reader.fail(name + ": from_step must be >= 0");
    if (stage.rate_scale && !(*stage.rate_scale > 0 && std::isfinite(*stage.rate_scale))) {
      stage_reader.failAt("rate_scale", name + ".rate_scale must be positive");
    }
    if (!stage.schedule.empty() && !stage.rate_scale) {
      stage_reader.failAt("schedule", name +
                                          ".schedule starts a learning-rate phase: give it a "
                                          "rate_scale (1 keeps the rate)");
    }
    if (!stage.schedule.empty() && stage.schedule != "constant" && stage.schedule != "step") {
      stage_reader.failAt(
          "schedule", name + ".schedule must be constant or step, got '" + stage.schedule + "'");
    }
    stages.push_back(stage);
  }
  return stages;
}

// Reads a [train] table (`table` may be null: the defaults) under `name` for its messages.
TrainSpec readTrain(const toml::table* table, const std::string& name, const std::string& source) {
  TrainSpec train;
  SectionReader r(table, name, source);
  assign(train.optimizer, r.text("optimizer"));
  assign(train.learning_rates, r.numbers("learning_rates"));
  if (auto lr = r.number("learning_rate")) train.learning_rates = {*lr};
  assign(train.adagrad_initial_accumulator, r.number("adagrad_initial_accumulator"));
  assign(train.momentum, r.number("momentum"));
  assign(train.nesterov, r.boolean("nesterov"));
  assign(train.adam_beta1, r.number("adam_beta1"));
  assign(train.adam_beta2, r.number("adam_beta2"));
  assign(train.weight_decay, r.number("weight_decay"));
  assign(train.clip_value, r.number("clip_value"));
  assign(train.schedule, r.text("schedule"));
  assign(train.step_size, r.integer64("step_size"));
  assign(train.gamma, r.number("gamma"));
  assign(train.batch, r.integer("batch"));
  assign(train.steps, r.integer64("steps"));
  assign(train.train_images, r.integer64("train_images"));
  assign(train.random_shifts, r.boolean("random_shifts"));
  assign(train.max_shift_px, r.number("max_shift_px"));
  assign(train.split, r.text("split"));
  assign(train.checkpoint_every, r.integer64("checkpoint_every"));
  assign(train.log_every, r.integer64("log_every"));
  train.curriculum = readStages(r, name + ".curriculum", source);
  r.finish();

  if (train.optimizer != "adagrad" && train.optimizer != "sgd" && train.optimizer != "adam") {
    r.fail("train.optimizer must be adagrad, sgd or adam, got '" + train.optimizer + "'");
  }
  if (train.learning_rates.empty()) r.fail("train.learning_rates must not be empty");
  for (double lr : train.learning_rates) requirePositive(r, "learning_rates", lr);
  if (train.schedule != "constant" && train.schedule != "step") {
    r.fail("train.schedule must be constant or step, got '" + train.schedule + "'");
  }
  if (train.step_size < 1) r.fail("train.step_size must be at least 1");
  requirePositive(r, "gamma", train.gamma);
  if (!(train.momentum >= 0 && train.momentum < 1)) {
    r.failAt("momentum", name + ".momentum must be in [0, 1), got " + formatRate(train.momentum));
  }
  if (!(train.weight_decay >= 0 && train.weight_decay < 1)) {
    r.failAt("weight_decay",
             name + ".weight_decay must be in [0, 1), got " + std::to_string(train.weight_decay));
  }
  if (!(train.clip_value >= 0 && std::isfinite(train.clip_value))) {
    r.failAt("clip_value", name + ".clip_value must be >= 0 (0: no clipping), got " +
                               std::to_string(train.clip_value));
  }
  if (train.nesterov && train.momentum == 0) r.fail("train.nesterov needs a momentum > 0");
  if (!(train.adagrad_initial_accumulator >= 0 &&
        std::isfinite(train.adagrad_initial_accumulator))) {
    r.failAt("adagrad_initial_accumulator",
             name + ".adagrad_initial_accumulator must be finite and >= 0, got " +
                 formatRate(train.adagrad_initial_accumulator));
  }
  if (train.batch < 1 || train.batch > kMaxBatch) {
    r.failAt("batch", name + ".batch must be 1 to " + std::to_string(kMaxBatch) + ", got " +
                          std::to_string(train.batch));
  }
  if (train.steps < 1 || train.steps > kMaxSteps) {
    r.failAt("steps", name + ".steps must be 1 to " + std::to_string(kMaxSteps));
  }
  for (auto [key, beta] :
       {std::pair{"adam_beta1", train.adam_beta1}, {"adam_beta2", train.adam_beta2}}) {
    if (!(beta >= 0 && beta < 1)) {
      r.failAt(key, name + "." + key + " must be in [0, 1), got " + formatRate(beta));
    }
  }
  if (train.train_images < 0 || train.train_images > kMaxTrainImages) {
    r.failAt("train_images", name + ".train_images must be 0 (fresh images) to " +
                                 std::to_string(kMaxTrainImages) + ", got " +
                                 std::to_string(train.train_images));
  }
  if (!(train.max_shift_px >= 0)) {  // inf (the default): shifts bounded by the canvas only
    r.failAt("max_shift_px",
             name + ".max_shift_px must be >= 0, got " + formatRate(train.max_shift_px));
  }
  if (train.split != "train" && train.split != "test") r.fail("train.split must be train or test");
  if (train.checkpoint_every < 1) r.fail("train.checkpoint_every must be at least 1");
  if (train.log_every < 1) r.fail("train.log_every must be at least 1");
  return train;
}

// [train] with a model's own [model.train] keys on top (its curriculum replaces [train]'s, its
// learning rates [train]'s). The model's keys are first read alone, so that a bad one is named
// where it is written.
TrainSpec readModelTrain(const toml::table& root, const toml::table* own, const std::string& name,
                         const std::string& source) {
  const toml::table* common = root["train"].as_table();
  if (!own) return readTrain(common, "train", source);
  readTrain(own, name, source);
  toml::table merged;
  if (common) merged = *common;
  if (own->contains("learning_rates") || own->contains("learning_rate")) {
    merged.erase("learning_rates");
    merged.erase("learning_rate");
  }
  for (const auto& [key, node] : *own) merged.insert_or_assign(key, node);
  return readTrain(&merged, name, source);
}

// "retina.<key> = <value> (file:line)" when the spec's [retina] sets `key` itself, else empty.
std::string retinaSetting(const toml::table& root, const std::string& key,
                          const std::string& source) {
  const toml::table* retina = root["retina"].as_table();
  const toml::node* node = retina ? retina->get(key) : nullptr;
  if (!node) return {};
  std::ostringstream text;
  text << "retina." << key << " = ";
  node->visit([&](const auto& value) { text << value; });
  // A --set value keeps the source of the little document it was parsed from, without a path.
  const bool from_file = node->source().path != nullptr;
  text << (from_file ? " (" + source + ":" + std::to_string(node->source().begin.line) + ")"
                     : " (an override)");
  return text.str();
}

// The retina serves the model, so a [retina] key the model also decides must agree with it: a
// spec that says one thing in [retina] and another in [[model]] is refused, naming both.
void requireRetinaAgrees(const SectionReader& r, const toml::table& root, const std::string& source,
                         const std::string& retina_key, bool agrees, const std::string& model_key,
                         const std::string& model_says) {
  const std::string setting = retinaSetting(root, retina_key, source);
  if (setting.empty() || agrees) return;
  r.failAt(model_key,
           model_says + " but " + setting + ": the retina serves the model; set it in one place");
}

// The model's own contrast_norm and field_px; each must agree with [retina] when both say it.
void readRetinaKeys(SectionReader& r, const toml::table& root, const std::string& source,
                    const stimulus::StimulusSpec& stimulus, ModelEntry& model) {
  model.contrast_norm = stimulus.retina.contrast_norm;
  if (auto norm = r.text("contrast_norm")) {
    model.contrast_norm = retina::parseContrastNorm(*norm);
    requireRetinaAgrees(r, root, source, "contrast_norm",
                        model.contrast_norm == stimulus.retina.contrast_norm, "contrast_norm",
                        r.name("contrast_norm") + " = \"" + *norm + "\"");
  }
  assign(model.field_px, r.integer("field_px"));
  if (model.field_px < 0)
    r.failAt("field_px", r.name("field_px") + " must be >= 0 (0: the retina's)");
  if (model.field_px > 0) {
    requireRetinaAgrees(r, root, source, "field_px", model.field_px == stimulus.retina.field_px,
                        "field_px", r.name("field_px") + " = " + std::to_string(model.field_px));
  }
}

// What the network takes decides the retina's scales and crop side.
void requireRetinaServesInput(const SectionReader& r, const toml::table& root,
                              const std::string& source, const stimulus::StimulusSpec& stimulus,
                              const ModelEntry& model) {
  const auto& shape = model.input.shape;
  if (shape.size() != 3) return;
  const bool crops = model.input.kind == models::InputSpec::Kind::MultiscaleCrops;
  const int scales = crops ? static_cast<int>(shape[0]) : 1;
  const std::string takes =
      r.name("kind") + " = \"" + model.kind + "\" takes " + model.input.describe();
  requireRetinaAgrees(r, root, source, "scales", scales == stimulus.retina.scales, "kind", takes);
  requireRetinaAgrees(r, root, source, "crop_px", shape[1] == stimulus.retina.crop_px, "kind",
                      takes);
}

ModelEntry readModel(const toml::table& root, const toml::table* table, const std::string& source,
                     std::size_t index, const stimulus::StimulusSpec& stimulus, int classes,
                     double pixel_offset) {
  SectionReader r(table, "model[" + std::to_string(index) + "]", source);
  ModelEntry model;
  assign(model.name, r.text("name"));
  assign(model.kind, r.text("kind"));
  if (model.name.empty()) r.fail(r.name("name") + " is required");
  for (char c : model.name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      r.fail(r.name("name") + " '" + model.name + "' may hold only letters, digits, - _ .");
    }
  }
  readRetinaKeys(r, root, source, stimulus, model);
  assign(model.learning_rates, r.numbers("learning_rates"));
  model.train = readModelTrain(root, r.table("train"), r.name("train"), source);
  for (double lr : model.learning_rates) requirePositive(r, "learning_rates", lr);
  assign(model.train_stimulus, r.texts("train_stimulus"));
  assign(model.init_from, r.text("init_from"));
  assign(model.init_prefix, r.text("init_prefix"));
  if (model.init_from.empty() && !model.init_prefix.empty()) {
    r.failAt("init_prefix", r.name("init_prefix") + " needs init_from");
  }
  for (const auto& change : model.train_stimulus) {
    // The retina serves the network; the model's own keys set it.
    if (change.rfind("retina.", 0) == 0) {
      r.failAt("train_stimulus", r.name("train_stimulus") + " '" + change +
                                     "': set retina keys in [retina] or the model entry");
    }
  }

  const models::ModelFamily* family =
      r.keyed("kind", [&] { return &models::ModelRegistry::instance().find(model.kind); });
  models::ModelContext context;
  context.crop_px = stimulus.retina.crop_px;
  context.scales = stimulus.retina.scales;
  context.classes = classes;
  context.pixel_offset = pixel_offset;
  context.spec_dir = std::filesystem::path(source).parent_path();
  models::ModelKeys keys(r);
  model.net = family->parse(keys, context);
  r.finish();
  model.input = family->input(model.net);
  model.classes = family->classes(model.net);
  requireRetinaServesInput(r, root, source, stimulus, model);
  if (model.classes != context.classes) {
    r.fail(r.name("kind") + ": the " + model.kind + " network answers " +
           std::to_string(model.classes) + " classes; the task has " +
           std::to_string(context.classes));
  }
  return model;
}

std::vector<std::int64_t> stageStarts(const std::vector<CurriculumStage>& stages) {
  std::vector<std::int64_t> starts = {0};
  for (const auto& stage : stages) starts.push_back(stage.from_step);
  return starts;
}

// The --set values, the curriculum stages that hold at `step`, then the model's own changes.
std::vector<std::string> overridesAt(const ExperimentSpec& spec, const ModelEntry& model,
                                     std::int64_t step) {
  std::vector<std::string> overrides = spec.overrides;
  for (const auto& stage : model.train.curriculum) {
    if (stage.from_step > step) break;
    overrides.insert(overrides.end(), stage.set.begin(), stage.set.end());
  }
  overrides.insert(overrides.end(), model.train_stimulus.begin(), model.train_stimulus.end());
  return overrides;
}

std::string sourceName(const ExperimentSpec& spec) {
  return spec.source.empty() ? spec.name : spec.source.string();
}

}  // namespace

ExperimentSpec parseExperimentSpec(const std::string& text, const std::string& source_name,
                                   const std::vector<std::string>& overrides) {
  ExperimentSpec spec;
  spec.text = text;
  spec.overrides = overrides;
  spec.stimulus = stimulus::parseStimulusSpec(text, source_name, overrides, kExperimentSections);

  toml::table root = parseToml(text, source_name);
  for (const auto& assignment : overrides) applyOverride(root, assignment);

  SectionReader head(root, "experiment", source_name);
  assign(spec.name, head.text("name"));
  assign(spec.description, head.text("description"));
  if (auto seed = head.integer64("seed")) {
    if (*seed < 0) head.fail("experiment.seed must be >= 0");
    spec.seed = static_cast<std::uint64_t>(*seed);
  }
  if (auto seeds = head.numbers("seeds")) {
    constexpr std::size_t kMaxSeeds = 1000;
    if (seeds->empty() || seeds->size() > kMaxSeeds) {
      head.failAt("seeds",
                  "experiment.seeds must hold 1 to " + std::to_string(kMaxSeeds) + " seeds");
    }
    std::set<std::uint64_t> seen;
    for (double s : *seeds) {
      if (!(s >= 0 && s < 9.0e15 && s == std::floor(s))) {
        head.failAt("seeds", "experiment.seeds must be whole numbers >= 0, got " + formatRate(s));
      }
      const auto value = static_cast<std::uint64_t>(s);
      if (!seen.insert(value).second) {
        head.failAt("seeds", "experiment.seeds names " + formatRate(s) + " twice");
      }
      spec.seeds.push_back(value);
    }
  }
  head.finish();
  if (spec.name.empty()) head.fail("experiment.name is required");
  // The name becomes a directory (fovea-runs/<name>): no separators, no "..", no hidden files.
  const bool plain_name =
      spec.name.size() <= 100 && std::isalnum(static_cast<unsigned char>(spec.name[0])) &&
      std::all_of(spec.name.begin(), spec.name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
  if (!plain_name) {
    head.failAt("name", "experiment.name '" + spec.name +
                            "' must start with a letter or digit and hold only letters, digits, "
                            "'-', '_' and '.' (at most 100): it names a directory");
  }

  spec.train = readTrain(root["train"].as_table(), "train", source_name);
  spec.eval = readEval(root, source_name);
  spec.attention = parseAttentionSpec(text, source_name, overrides);
  spec.class_names =
      spec.attentionTask() ? attentionClassNames() : stimulus::CrowdingSampler::classNames();

  const toml::node* models = root.get("model");
  const toml::array* array = models ? models->as_array() : nullptr;
  if (!array || array->empty()) {
    throw InputError(source_name + ": at least one [[model]] is required");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::table* table = (*array)[i].as_table();
    if (!table) throw InputError(source_name + ": model must be an array of tables ([[model]])");
    ModelEntry model =
        readModel(root, table, source_name, i, spec.stimulus,
                  static_cast<int>(spec.class_names.size()), spec.attentionTask() ? 0.0 : 0.5);
    if (!names.insert(model.name).second) {
      throw InputError(source_name + ": two models are named '" + model.name + "'");
    }
    spec.models.push_back(model);
  }

  for (auto model = spec.models.begin(); model != spec.models.end(); ++model) {
    if (model->init_from.empty()) continue;
    const auto named = [&](const ModelEntry& m) { return m.name == model->init_from; };
    const auto source = std::find_if(spec.models.begin(), spec.models.end(), named);
    if (source == spec.models.end() || source == model) {
      throw InputError(source_name + ": model '" + model->name + "': init_from = '" +
                       model->init_from + "' names no other model of the experiment");
    }
    // Sources come first: runs train in the file's order, and no chain can loop.
    if (source > model) {
      throw InputError(source_name + ": model '" + model->name + "': init_from = '" +
                       model->init_from + "' names a model listed after it; list '" +
                       model->init_from + "' first");
    }
    const auto& rates =
        source->learning_rates.empty() ? source->train.learning_rates : source->learning_rates;
    if (rates.size() != 1) {
      throw InputError(source_name + ": model '" + model->name + "': init_from = '" +
                       model->init_from +
                       "' needs a model with one learning rate (one run), it has " +
                       std::to_string(rates.size()));
    }
  }
  // Two learning rates that print alike would share a run directory.
  std::set<std::string> run_names;
  for (const auto& run : plannedRuns(spec)) {
    if (!run_names.insert(run.name).second) {
      throw InputError(source_name + ": model '" + spec.models[run.model_index].name +
                       "': two learning rates both name the run '" + run.name +
                       "'; give rates that differ in their first 6 significant digits");
    }
  }
  spec.claims = readClaims(root, source_name, spec.models);
  spec.sweep = readSweepSettings(root, source_name);
  resolvePsychophysics(spec, text, source_name, overrides);

  // Each curriculum stage and each model's stimulus must be possible; say so now, not mid-run.
  for (const auto& model : spec.models) {
    for (std::int64_t step : stageStarts(model.train.curriculum)) {
      if (spec.attentionTask()) {
        attentionStimulusFor(spec, model, step);
      } else {
        stimulusFor(spec, model, step);
      }
    }
  }
  if (spec.psychophysics.present) requireEccentricitiesFit(spec, source_name);
  return spec;
}

ExperimentSpec loadExperimentSpec(const std::filesystem::path& path,
                                  const std::vector<std::string>& overrides) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string() + ": cannot open experiment spec");
  std::stringstream text;
  text << in.rdbuf();
  ExperimentSpec spec = parseExperimentSpec(text.str(), path.string(), overrides);
  spec.source = path;
  return spec;
}

std::filesystem::path resolveExperimentPath(const std::string& name_or_path) {
  const std::filesystem::path direct(name_or_path);
  if (std::filesystem::exists(direct)) return direct;
  const auto shipped = experimentsDir() / (name_or_path + ".toml");
  if (direct.extension().empty() && std::filesystem::exists(shipped)) return shipped;
  throw InputError("experiment '" + name_or_path + "': no such file, and no " + shipped.string());
}

std::vector<RunPlan> plannedRuns(const ExperimentSpec& spec) {
  std::vector<RunPlan> runs;
  for (std::size_t m = 0; m < spec.models.size(); ++m) {
    const auto& rates = spec.models[m].learning_rates.empty() ? spec.models[m].train.learning_rates
                                                              : spec.models[m].learning_rates;
    for (double rate : rates) {
      const std::string name = spec.models[m].name + "-lr" + formatRate(rate);
      if (spec.seeds.empty()) {
        runs.push_back({name, m, rate, std::nullopt});
        continue;
      }
      for (std::uint64_t seed : spec.seeds) {
        runs.push_back({name + "-s" + std::to_string(seed), m, rate, seed});
      }
    }
  }
  return runs;
}

const RunPlan& findRun(const std::vector<RunPlan>& runs, const std::string& name) {
  for (const auto& run : runs) {
    if (run.name == name) return run;
  }
  std::string known;
  for (const auto& run : runs) known += (known.empty() ? "" : ", ") + run.name;
  throw InputError("no run named '" + name + "' in the experiment (runs: " + known + ")");
}

stimulus::StimulusSpec stimulusFor(const ExperimentSpec& spec, const ModelEntry& model,
                                   std::int64_t step) {
  const auto overrides = overridesAt(spec, model, step);
  stimulus::StimulusSpec stimulus =
      overrides.size() == spec.overrides.size()
          ? spec.stimulus
          : stimulus::parseStimulusSpec(spec.text, sourceName(spec), overrides,
                                        kExperimentSections);
  // The crowding task serves crops of one canvas: multiscale crops as they are, a one-channel
  // square image as one crop of the model's field.
  const auto& shape = model.input.shape;
  using Kind = models::InputSpec::Kind;
  const bool crops = model.input.kind == Kind::MultiscaleCrops;
  const bool square_image =
      model.input.kind == Kind::Image && shape.size() == 3 && shape[0] == 1 && shape[1] == shape[2];
  if (!crops && !square_image) {
    throw InputError("model '" + model.name + "' takes a " + model.input.describe() +
                     "; the crowding task serves multiscale crops or a one-channel square image");
  }
  stimulus.retina.scales = crops ? static_cast<int>(shape[0]) : 1;
  stimulus.retina.crop_px = static_cast<int>(shape[1]);
  stimulus.retina.contrast_norm = model.contrast_norm;
  if (model.field_px > 0) stimulus.retina.field_px = model.field_px;
  try {
    stimulus.retina.validate();
  } catch (const InputError& error) {
    throw InputError("model '" + model.name + "': " + error.what());
  }
  return stimulus;
}

stimulus::NoisyDigitSpec attentionStimulusFor(const ExperimentSpec& spec, const ModelEntry& model,
                                              std::int64_t step) {
  const auto overrides = overridesAt(spec, model, step);
  const auto stimulus = overrides.size() == spec.overrides.size()
                            ? spec.attention.stimulus
                            : parseAttentionSpec(spec.text, sourceName(spec), overrides).stimulus;
  // A model sees the whole image, or the 28 px fovea at its centre (the What net without a
  // saccade).
  const auto& shape = model.input.shape;
  const bool image = model.input.kind == models::InputSpec::Kind::Image && shape.size() == 3 &&
                     shape[0] == 1 && shape[1] == shape[2];
  if (!image || (shape[1] != stimulus.size && shape[1] != 28) || shape[1] > stimulus.size) {
    throw InputError("model '" + model.name + "' takes a " + model.input.describe() +
                     "; the attention task serves " + std::to_string(stimulus.size) + " x " +
                     std::to_string(stimulus.size) + " images (or their central 28 x 28)");
  }
  return stimulus;
}

void setModelKey(ExperimentSpec& spec, std::size_t index, const std::string& key,
                 const nlohmann::json& value) {
  ModelEntry& model = spec.models.at(index);
  if (!model.net.contains(key)) {
    throw InputError("model '" + model.name + "' (" + model.kind + ") has no key '" + key + "'");
  }
  ModelEntry changed = model;
  changed.net[key] = value;
  const auto& family = models::ModelRegistry::instance().find(model.kind);
  try {
    family.validate(changed.net);
  } catch (const InputError& error) {
    throw InputError("model '" + model.name + "': " + key + " = " + value.dump() + ": " +
                     error.what());
  }
  changed.input = family.input(changed.net);
  changed.classes = family.classes(changed.net);
  if (spec.attentionTask()) {
    attentionStimulusFor(spec, changed, 0);
  } else {
    stimulusFor(spec, changed, 0);
  }
  model = changed;
}

std::int64_t stageStart(const std::vector<CurriculumStage>& stages, std::int64_t step) {
  std::int64_t start = 0;
  for (const auto& stage : stages) {
    if (stage.from_step <= step) start = stage.from_step;
  }
  return start;
}

double learningRateAt(const TrainSpec& train, double base_rate, std::int64_t step,
                      const std::vector<CurriculumStage>& stages) {
  std::string schedule = train.schedule;
  std::int64_t since = 0;
  for (const auto& stage : stages) {
    if (stage.from_step > step) break;
    if (!stage.rate_scale) continue;
    base_rate *= *stage.rate_scale;
    since = stage.from_step;
    schedule = stage.schedule.empty() ? train.schedule : stage.schedule;
  }
  if (schedule == "step") {
    return base_rate * std::pow(train.gamma, static_cast<double>((step - since) / train.step_size));
  }
  return base_rate;
}

}  // namespace fovea::experiment
