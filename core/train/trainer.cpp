#include "core/train/trainer.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/engine/device.h"
#include "core/experiment/run_identity.h"
#include "core/models/class_names.h"
#include "core/models/model_family.h"
#include "core/models/network.h"
#include "core/train/batch_source.h"
#include "core/train/checkpoint.h"
#include "core/train/metrics_log.h"
#include "core/train/optimizers.h"
#include "core/train/run_record.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/npy.h"
#include "core/util/versions.h"

namespace fovea::train {
namespace {

using Clock = std::chrono::steady_clock;

void writeRunJson(const RunFiles& files, const experiment::ExperimentSpec& spec,
                  const experiment::RunPlan& run, const std::string& status,
                  const TrainState& state, double final_loss, const std::string& weights_crc,
                  const std::string& spec_hash) {
  const auto& model = spec.models[run.model_index];
  nlohmann::json json = {{"experiment", spec.name},
                         {"run", run.name},
                         {"model", model.name},
                         {"kind", model.kind},
                         {"learning_rate", run.learning_rate},
                         {"seed", experiment::runSeed(spec, run)},
                         {"overrides", spec.overrides},
                         {"spec_hash", spec_hash},
                         {"status", status},
                         {"step", state.step},
                         {"steps", model.train.steps},
                         {"images", state.images},
                         {"wall_s", state.wall_s},
                         {"final_loss", final_loss},
                         {"last_loss", state.last_loss},
                         {"weights_crc32", weights_crc},
                         {"fovea_version", foveaVersion()}};
  if (std::filesystem::exists(files.checkpoint())) {
    json["checkpoint_crc32"] = fileCrc32Hex(files.checkpoint());
  }
  writeFileAtomically(files.run_json(), json.dump(2) + "\n");
}

// Refuses to continue a run whose stored resolved spec differs from today's.
void checkSameSpec(const RunFiles& files, const std::string& run, const nlohmann::json& resolved) {
  std::ifstream in(files.resolved_spec());
  if (!in) return;  // written by an older Fovea: nothing to compare
  const auto stored = nlohmann::json::parse(in, nullptr, false);
  if (stored.is_discarded()) {
    throw InputError(files.resolved_spec().string() + ": damaged; pass --fresh to start over");
  }
  const auto difference = experiment::firstDifference(stored, resolved);
  if (!difference.empty()) {
    throw InputError("run " + run + ": the spec changed since it was trained (" + difference +
                     "); pass --fresh to start over (the old run is kept under a new name)");
  }
}

std::string divergenceMessage(const std::string& what, std::int64_t step, double rate,
                              std::int64_t last_good_step) {
  std::ostringstream message;
  message << what << " at step " << step << " (learning rate " << rate << "); ";
  if (last_good_step >= 0) {
    message << "the last good checkpoint (step " << last_good_step << ") is kept";
  } else {
    message << "no checkpoint was written";
  }
  return message.str();
}

// The first sample's small outputs (at most kMaxFeatureValues each), in inference mode so that
// batch-norm statistics are left alone.
std::vector<TrainProgress::Feature> sampleFeatures(models::NetworkImpl& net,
                                                   const torch::Tensor& inputs) {
  constexpr std::int64_t kMaxFeatureValues = 128 * 128;
  torch::NoGradGuard no_grad;
  net.eval();
  std::vector<TrainProgress::Feature> out;
  for (auto& [name, tensor] : net.features(inputs.narrow(0, 0, 1))) {
    if (tensor.numel() > kMaxFeatureValues) continue;
    const auto t = tensor.to(torch::kCPU).to(torch::kFloat32).contiguous();
    TrainProgress::Feature feature{name, t.sizes().vec(), {}};
    feature.shape.erase(feature.shape.begin());
    feature.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    out.push_back(std::move(feature));
  }
  net.train();
  return out;
}

}  // namespace

std::string toString(TrainStatus status) {
  switch (status) {
    case TrainStatus::Finished: return "finished";
    case TrainStatus::Stopped: return "stopped";
    case TrainStatus::Diverged: return "diverged";
  }
  return "?";
}

namespace {

bool anyTrainable(torch::nn::Module& net) {
  const auto parameters = net.parameters();
  return std::any_of(parameters.begin(), parameters.end(),
                     [](const torch::Tensor& p) { return p.requires_grad(); });
}

// Copies another model's trained weights into `net` (ModelEntry::init_from): each parameter
// and buffer of the source network, its name prefixed with init_prefix, must exist in `net`
// with the same shape.
void initFromModel(const experiment::ExperimentSpec& spec, const experiment::ModelEntry& model,
                   const std::filesystem::path& runs_dir, torch::nn::Module& net) {
  const auto plans = experiment::plannedRuns(spec);
  const auto source_plan = std::find_if(plans.begin(), plans.end(), [&](const auto& plan) {
    return spec.models.at(plan.model_index).name == model.init_from;
  });
  if (source_plan == plans.end()) {
    throw InputError(model.name + ": init_from = '" + model.init_from + "' has no run");
  }
  const auto& source = spec.models.at(source_plan->model_index);
  const auto path = RunFiles(runs_dir / source_plan->name).checkpoint();
  // A run writes a checkpoint from step 0 on: only a finished one holds trained weights.
  if (!std::filesystem::exists(path) ||
      runStatus(RunFiles(runs_dir / source_plan->name)) != "finished") {
    throw InputError(model.name + ": init_from = '" + model.init_from + "' needs run " +
                     source_plan->name + " trained first (no finished run at " +
                     (runs_dir / source_plan->name).string() + ")");
  }
  const auto source_net = models::ModelRegistry::instance().find(source.kind).build(source.net);
  loadCheckpoint(path, *source_net, nullptr);
  auto targets = net.named_parameters(true);
  auto target_buffers = net.named_buffers(true);
  torch::NoGradGuard no_grad;
  std::size_t copied = 0;
  auto copy = [&](const std::string& name, const torch::Tensor& value) {
    const std::string target = model.init_prefix + name;
    torch::Tensor* into = targets.find(target);
    if (!into) into = target_buffers.find(target);
    if (!into || !into->sizes().equals(value.sizes())) {
      throw InputError(model.name + ": init_from = '" + model.init_from + "': " + target +
                       (into ? " has another shape" : " is not a parameter of " + model.kind));
    }
    into->copy_(value);
    ++copied;
  };
  for (const auto& item : source_net->named_parameters(true)) copy(item.key(), item.value());
  for (const auto& item : source_net->named_buffers(true)) copy(item.key(), item.value());
  spdlog::info("{}: {} tensors from {} ({})", model.name, copied, source_plan->name, path.string());
}

}  // namespace

TrainResult trainRun(const experiment::ExperimentSpec& spec, const experiment::RunPlan& run,
                     const TrainOptions& options) {
  const auto& model_entry = spec.models.at(run.model_index);
  const auto& train = model_entry.train;
  const RunFiles files(options.run_dir);
  const torch::Device device = engine::parseDevice(options.device);
  std::filesystem::create_directories(files.dir);

  const bool has_checkpoint = std::filesystem::exists(files.checkpoint());
  if (!options.resume && has_checkpoint) {
    throw InputError(files.dir.string() +
                     " already holds a checkpoint: pass --resume to continue it, --fresh to start "
                     "over, or choose another run directory");
  }
  const auto resolved = experiment::resolvedRunSpec(spec, run);
  const std::string spec_hash = experiment::specHash(resolved);
  if (has_checkpoint) checkSameSpec(files, run.name, resolved);
  if (options.resume && !has_checkpoint) {
    spdlog::info("{}: no checkpoint yet, starting from step 0", files.dir.string());
  }

  // A run's seed mixes the experiment seed with the run's position, so runs differ but each is
  // reproducible.
  const std::uint64_t run_seed = experiment::runSeed(spec, run) + 1000003ULL * run.model_index;
  torch::manual_seed(run_seed);
  const auto& family = models::ModelRegistry::instance().find(model_entry.kind);
  const auto net = family.build(model_entry.net);

  if (!has_checkpoint && !model_entry.init_from.empty()) {
    initFromModel(spec, model_entry, options.run_dir.parent_path(), *net);
  }

  CheckpointHeader header;
  header.family = model_entry.kind;
  header.net = model_entry.net;
  header.input = model_entry.input;
  header.class_names = spec.class_names;
  // The crowding task's stimulus decides the crops a checkpoint expects; the attention task's
  // input is the image itself (its stimulus is in the resolved spec).
  header.stimulus =
      spec.attentionTask() ? spec.stimulus : experiment::stimulusFor(spec, model_entry, 0);
  header.run = run.name;
  header.spec_hash = spec_hash;
  TrainState& state = header.state;
  // The optimiser is built on the device's parameters (LibTorch's Adagrad allocates its state
  // in its constructor); a checkpoint then restores weights and optimiser state in one read.
  net->to(device);
  auto optimizer = makeOptimizer(train, net->parameters(), run.learning_rate);
  if (has_checkpoint) {
    state = loadCheckpoint(files.checkpoint(), *net, optimizer.get()).state;
    spdlog::info("{}: resuming at step {} of {}", run.name, state.step, train.steps);
  } else {
    writeFileAtomically(files.spec(), spec.text);
    writeFileAtomically(files.resolved_spec(), resolved.dump(2) + "\n");
  }
  net->train();
  MetricsLog metrics(files.metrics(), state.step);
  writeRunJson(files, spec, run, "running", state, std::nan(""), models::weightsCrc32(*net),
               spec_hash);

  const auto batches = makeBatchSource(spec, model_entry, experiment::runSeed(spec, run));
  TrainResult result;
  result.checkpoint = files.checkpoint();
  const auto session_start = Clock::now();
  const std::int64_t first_step = state.step;
  const std::int64_t tail_from = train.steps - std::max<std::int64_t>(1, train.steps / 10);
  // Only a network whose weights and answers are finite is ever written: a step can blow the
  // weights up (or to NaN) before any loss shows it.
  std::int64_t last_good_step = has_checkpoint ? state.step : -1;
  torch::Tensor last_inputs;
  auto checkpoint = [&] {
    if (!models::allFinite(*net)) return false;
    if (last_inputs.defined()) {
      torch::NoGradGuard no_grad;
      net->eval();
      const bool finite = torch::isfinite(net->forward(last_inputs)).all().item<bool>();
      net->train();
      if (!finite) return false;
    }
    saveCheckpoint(files.checkpoint(), header, *net, optimizer.get());
    last_good_step = state.step;
    return true;
  };
  if (!has_checkpoint) checkpoint();  // step 0: there is always a good checkpoint to go back to
  if (!anyTrainable(*net)) {
    // Nothing to learn (an imported, frozen module): the run is its checkpoint.
    state.step = train.steps;
    checkpoint();
    spdlog::info("{}: frozen weights, nothing to train", run.name);
  }

  std::vector<std::int64_t> shape;
  Batch batch;
  auto interval_start = Clock::now();
  std::int64_t interval_images = 0;
  while (state.step < train.steps) {
    if (options.stop && options.stop->load()) {
      checkpoint();
      result.status = TrainStatus::Stopped;
      result.message = "stopped at step " + std::to_string(state.step) + "; continue with --resume";
      break;
    }
    const double rate =
        experiment::learningRateAt(train, run.learning_rate, state.step, train.curriculum);
    setLearningRate(*optimizer, rate);
    last_inputs = torch::Tensor();  // its memory is the batch about to be replaced
    batch = batches->batch(state.step, options.data_threads);
    shape.assign({batch.size});
    shape.insert(shape.end(), model_entry.input.shape.begin(), model_entry.input.shape.end());
    auto inputs = torch::from_blob(const_cast<float*>(batch.inputs.data()), shape).to(device);
    auto labels = torch::from_blob(const_cast<std::int64_t*>(batch.labels.data()), {batch.size},
                                   torch::kInt64)
                      .to(device);
    models::TrainingStep step_data;
    step_data.labels = labels;
    step_data.step = state.step;
    if (batch.target_offsets.size() == static_cast<std::size_t>(batch.size) * 2) {
      step_data.target_offsets =
          torch::from_blob(batch.target_offsets.data(), {batch.size, 2}).to(device);
    }
    optimizer->zero_grad();
    auto [loss, logits] = net->trainingLoss(inputs, step_data);
    const double loss_value = loss.item<double>();
    if (!std::isfinite(loss_value)) {
      result.status = TrainStatus::Diverged;
      const std::string what = std::isnan(loss_value) ? "loss became nan" : "loss became infinite";
      result.message = divergenceMessage(what, state.step + 1, rate, last_good_step);
      spdlog::error("{}: {}", run.name, result.message);
      break;
    }
    loss.backward();
    if (model_entry.train.clip_value > 0) {
      torch::nn::utils::clip_grad_value_(net->parameters(), model_entry.train.clip_value);
    }
    optimizer->step();
    last_inputs = inputs;  // backed by `batch`, which lives until the next step's batch
    const auto answers = logits.argmax(1);
    const double accuracy = answers.eq(labels).to(torch::kFloat64).mean().item<double>();

    ++state.step;
    state.images += batch.size;
    state.last_loss = loss_value;
    interval_images += batch.size;
    if (state.step > tail_from) {
      state.tail_loss_sum += loss_value;
      ++state.tail_count;
    }
    const bool last = state.step == train.steps;
    if (state.step % train.log_every == 0 || last) {
      const double interval_s =
          std::chrono::duration<double>(Clock::now() - interval_start).count();
      state.wall_s += interval_s;
      TrainProgress progress;
      progress.run = run.name;
      progress.step = state.step;
      progress.total_steps = train.steps;
      progress.images = state.images;
      progress.wall_s = state.wall_s;
      progress.loss = loss_value;
      progress.accuracy = accuracy;
      progress.learning_rate = rate;
      progress.images_per_s = interval_s > 0 ? interval_images / interval_s : 0;
      progress.seconds_left =
          progress.images_per_s > 0
              ? (train.steps - state.step) * double(train.batch) / progress.images_per_s
              : 0;
      metrics.append(progress);
      if (options.on_progress) {
        progress.sample_crops = batch.first_crops;
        progress.sample_label = static_cast<int>(batch.labels.front());
        progress.sample_answer = static_cast<int>(answers[0].item<std::int64_t>());
        progress.sample_label_name = models::className(spec.class_names, progress.sample_label);
        progress.sample_answer_name = models::className(spec.class_names, progress.sample_answer);
        // The attention views draw what a transformer did; the crowding task has none to draw.
        if (spec.attentionTask()) progress.sample_features = sampleFeatures(*net, inputs);
        options.on_progress(progress);
      }
      interval_start = Clock::now();
      interval_images = 0;
    }
    if ((state.step % train.checkpoint_every == 0 || last) && !checkpoint()) {
      result.status = TrainStatus::Diverged;
      result.message = divergenceMessage("the network's weights or answers became non-finite",
                                         state.step, rate, last_good_step);
      spdlog::error("{}: {}", run.name, result.message);
      break;
    }
  }

  result.step = state.step;
  result.final_loss = state.tail_count > 0 ? state.tail_loss_sum / state.tail_count : std::nan("");
  result.last_logged_loss = state.last_loss;
  result.seconds = std::chrono::duration<double>(Clock::now() - session_start).count();
  result.images_per_s =
      result.seconds > 0 ? (state.step - first_step) * double(train.batch) / result.seconds : 0;
  writeRunJson(files, spec, run, toString(result.status), state, result.final_loss,
               models::weightsCrc32(*net), spec_hash);
  return result;
}

}  // namespace fovea::train
