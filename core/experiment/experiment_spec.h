#pragma once
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/experiment/attention_spec.h"
#include "core/experiment/psychophysics_spec.h"
#include "core/experiment/sweep_settings.h"
#include "core/models/input_spec.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::experiment {

// A change of the training stimulus from some step on ("stimulus.configuration=xax", ...).
struct CurriculumStage {
  std::int64_t from_step = 0;
  std::vector<std::string> set;
  // A new optimiser phase from this step: the run's rate times rate_scale, its schedule counted
  // from from_step ("constant" or "step"; empty: [train].schedule), as the recipes that restart
  // SGD at a lower rate for their last stages do.
  std::optional<double> rate_scale;
  std::string schedule;
};

// How every run of the experiment trains ([train]). The defaults are the study's recipe
// (science-crowding.md 3.1): Adagrad with TF's accumulator start of 0.1, batch 128, 4180 steps.
struct TrainSpec {
  std::string optimizer = "adagrad";  // adagrad, sgd or adam
  std::vector<double> learning_rates = {0.1, 0.01, 0.001};
  double adagrad_initial_accumulator = 0.1;
  double momentum = 0;  // sgd
  bool nesterov = false;
  double adam_beta1 = 0.9;
  double adam_beta2 = 0.999;
  double weight_decay =
      0;                  // L2: each weight's gradient gains weight_decay * w (TF's l2_regularizer)
  double clip_value = 0;  // > 0: every gradient element clipped to +-clip_value before the step
  std::string schedule = "constant";  // constant, or step: lr * gamma every step_size steps
  std::int64_t step_size = 1000;
  double gamma = 0.1;
  int batch = 128;
  std::int64_t steps = 4180;
  // 0: a fresh stimulus for every image (the default); N: a fixed set of N images reshuffled
  // every epoch, as the original's static data were.
  std::int64_t train_images = 0;
  bool random_shifts = true;  // targets anywhere along the meridian
  // Random shifts stay within +-max_shift_px of fixation (default: the whole canvas).
  double max_shift_px = std::numeric_limits<double>::infinity();
  std::string split = "train";
  std::int64_t checkpoint_every = 500;
  std::int64_t log_every = 10;
  std::vector<CurriculumStage> curriculum;
};

// One model of the experiment ([[model]]); each is trained once per learning rate.
struct ModelEntry {
  std::string name;
  std::string kind = "eccentricity";  // the model family (core/models/model_family.h)
  nlohmann::json net;                 // the family's resolved spec
  models::InputSpec input;            // what the family takes; the retina is set to serve it
  int classes = 5;
  retina::ContrastNorm contrast_norm = retina::ContrastNorm::None;
  int field_px = 0;                    // the widest crop (a DCNN's whole view); 0: the retina's
  std::vector<double> learning_rates;  // empty: [train].learning_rates
  // Changes to the training stimulus for this model only ("stimulus.configuration=xax"), e.g.
  // training with flankers beside models trained on isolated targets. Scoring uses the grid.
  std::vector<std::string> train_stimulus;
  // Start from another model's trained weights (its one run must be trained first): every
  // parameter and buffer of that network, named with init_prefix in front, is copied in (a
  // transformer's classifier from the What net: init_prefix = "classifier.").
  std::string init_from;
  std::string init_prefix;
  // How this model trains: [train] with the keys of its own [model.train] table on top (a
  // recipe's optimiser, steps, schedule or curriculum for one model of several).
  TrainSpec train;
};

// The crowding grid and the tables drawn from it ([eval], science-crowding.md section 4).
struct EvalSpec {
  std::vector<double> target_ecc_px;   // default 0, 60, ..., 780
  std::vector<double> flanker_ecc_px;  // default 0, 120, ..., 840
  std::vector<int> flanker_types = {0, 1, 2};
  std::int64_t images = 0;  // per condition; 0: every test target once
  int batch = 128;
  std::vector<double> spacings_px = {120, 240};
  double periphery_target_px = 720;  // the "target fixed in the periphery" table
  // Learning-rate selection: "final-loss" picks the smallest mean training loss over the last
  // tenth of the steps; "original" the last logged minibatch loss, as the study's script did.
  // Ties go to the later learning rate in the list.
  std::string lr_rule = "final-loss";
  // Headline accuracies (target alone, two flankers at the closest spacing) average the target
  // eccentricities up to this; the grid may extend beyond what the model was trained on.
  double headline_max_ecc_px = std::numeric_limits<double>::infinity();
};

// Which models stand for what in the claims of the crowding study (science-crowding.md 5b),
// by model name ([claims]); a claim whose models are not named is reported as not measured.
struct ClaimsSpec {
  bool present = false;
  std::string early_pooling;      // eccentricity model pooling scales in its first layer
  std::string late_pooling;       // ... in its last layer
  std::string areafactor;         // the early model with areafactor normalisation
  std::string centre_model;       // areafactor and late pooling: robust at the centre?
  std::vector<std::string> dcnn;  // DCNN baselines
  std::string dcnn_progressive;   // the one with progressive pooling (among dcnn)
  std::string flanker_trained;    // trained with flankers (its train_stimulus)
  // Flanker sets the early model is scored with at the closest spacing (glyph_sets.h).
  std::vector<std::string> flanker_sets = {"digits", "letters", "unfamiliar"};
  std::int64_t images = 0;  // per cell for the flanker sets; 0: eval.images
};

struct ExperimentSpec {
  std::string name;
  std::string description;
  std::uint64_t seed = 2017;
  // [experiment] seeds: every model x learning rate is trained once per seed (runs named
  // "<model>-lr<rate>-s<seed>"); empty: once, with `seed`. Test stimuli always come from `seed`.
  std::vector<std::uint64_t> seeds;
  stimulus::StimulusSpec stimulus;  // the base stimulus; training uses it with random shifts
  TrainSpec train;
  std::vector<ModelEntry> models;
  EvalSpec eval;
  ClaimsSpec claims;
  AttentionSpec attention;          // present: the attention task instead of the crowding task
  PsychophysicsSpec psychophysics;  // present: thresholds measured after scoring (models resolved)
  SweepSettings sweep;
  std::filesystem::path source;  // the file it came from (may be empty)
  std::string text;              // its text, stored with every run for --resume and provenance
  std::vector<std::string> overrides;
  std::vector<std::string> class_names;  // the task's labels (the crowding task: even digits)

  bool attentionTask() const { return attention.present; }
};

// One model at one learning rate (and one seed of [experiment] seeds): a run directory of its own.
struct RunPlan {
  std::string name;  // "<model>-lr<rate>", or "<model>-lr<rate>-s<seed>"
  std::size_t model_index = 0;
  double learning_rate = 0;
  std::optional<std::uint64_t> seed;  // of [experiment] seeds; none: the experiment's seed
};

// The seed a run trains with.
inline std::uint64_t runSeed(const ExperimentSpec& spec, const RunPlan& run) {
  return run.seed.value_or(spec.seed);
}

ExperimentSpec parseExperimentSpec(const std::string& text, const std::string& source_name,
                                   const std::vector<std::string>& overrides = {});
ExperimentSpec loadExperimentSpec(const std::filesystem::path& path,
                                  const std::vector<std::string>& overrides = {});
// A file path, or the name of a spec shipped in experiments/ ("crowding-quick").
std::filesystem::path resolveExperimentPath(const std::string& name_or_path);

std::vector<RunPlan> plannedRuns(const ExperimentSpec& spec);
const RunPlan& findRun(const std::vector<RunPlan>& runs, const std::string& name);
// The stimulus a model sees: the base stimulus with its retina set to serve the model's input
// (scales and crop side), the model's normalisation and field, the curriculum stage that holds
// at `step` and the model's own train_stimulus applied.
stimulus::StimulusSpec stimulusFor(const ExperimentSpec& spec, const ModelEntry& model,
                                   std::int64_t step = 0);

// The attention task's stimulus a model trains on at `step`: [attention] with the curriculum
// stage that holds and the model's own train_stimulus applied. InputError when the model's input
// is not a one-channel square image of the stimulus's side (or the 28 px fovea of a 128 px one).
stimulus::NoisyDigitSpec attentionStimulusFor(const ExperimentSpec& spec, const ModelEntry& model,
                                              std::int64_t step = 0);

// Sets one key of a model's resolved family spec and checks the result (InputError naming the
// model and the key when the family or the task refuses it).
void setModelKey(ExperimentSpec& spec, std::size_t model, const std::string& key,
                 const nlohmann::json& value);

// The first step of the stage that holds at `step` (0 before any stage).
std::int64_t stageStart(const std::vector<CurriculumStage>& stages, std::int64_t step);

// Learning rate at `step` under the schedule, restarted by any stage that sets rate_scale.
double learningRateAt(const TrainSpec& train, double base_rate, std::int64_t step,
                      const std::vector<CurriculumStage>& stages = {});

}  // namespace fovea::experiment
