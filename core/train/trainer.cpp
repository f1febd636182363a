#include "core/train/trainer.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/models/eccentricity_net.h"
#include "core/train/checkpoint.h"
#include "core/train/crowding_batches.h"
#include "core/train/metrics_log.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/npy.h"
#include "core/util/versions.h"

namespace fovea::train {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const experiment::TrainSpec& train,
                                                       std::vector<torch::Tensor> parameters,
                                                       double rate) {
  if (train.optimizer == "adagrad") {
    // TF's Adagrad: the accumulator starts at 0.1 and there is no epsilon (science 3.1).
    return std::make_unique<torch::optim::Adagrad>(
        parameters, torch::optim::AdagradOptions(rate)
                        .initial_accumulator_value(train.adagrad_initial_accumulator)
                        .eps(train.adagrad_initial_accumulator > 0 ? 0.0 : 1e-10));
  }
  if (train.optimizer == "sgd") {
    return std::make_unique<torch::optim::SGD>(
        parameters,
        torch::optim::SGDOptions(rate).momentum(train.momentum).nesterov(train.nesterov));
  }
  return std::make_unique<torch::optim::Adam>(
      parameters,
      torch::optim::AdamOptions(rate).betas(std::make_tuple(train.adam_beta1, train.adam_beta2)));
}

void setLearningRate(torch::optim::Optimizer& optimizer, double rate) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(rate);
}

torch::Device parseDevice(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!torch::cuda::is_available()) {
      throw InputError("--device cuda: this LibTorch build has no usable CUDA device");
    }
    return torch::kCUDA;
  }
  throw InputError("--device must be cpu or cuda, got '" + name + "'");
}

// CRC-32 of every parameter's bytes, in registration order: equal weights, equal CRC. Lets
// tests and users compare runs (a resumed run against an uninterrupted one) at a glance.
std::string weightsCrc32(models::EccentricityNet& net) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (const auto& parameter : net->parameters()) {
    const auto t = parameter.detach().to(torch::kCPU).contiguous();
    crc = crc32(crc, static_cast<const Bytef*>(t.data_ptr()),
                static_cast<uInt>(t.numel() * t.element_size()));
  }
  char text[9];
  std::snprintf(text, sizeof text, "%08lx", crc);
  return text;
}

void writeRunJson(const RunFiles& files, const experiment::ExperimentSpec& spec,
                  const experiment::RunPlan& run, const std::string& status,
                  const TrainState& state, double final_loss, const std::string& weights_crc) {
  const auto& model = spec.models[run.model_index];
  nlohmann::json json = {{"experiment", spec.name},
                         {"run", run.name},
                         {"model", model.name},
                         {"kind", model.kind},
                         {"learning_rate", run.learning_rate},
                         {"seed", spec.seed},
                         {"overrides", spec.overrides},
                         {"status", status},
                         {"step", state.step},
                         {"steps", spec.train.steps},
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

}  // namespace

std::string toString(TrainStatus status) {
  switch (status) {
    case TrainStatus::Finished: return "finished";
    case TrainStatus::Stopped: return "stopped";
    case TrainStatus::Diverged: return "diverged";
  }
  return "?";
}

TrainResult trainRun(const experiment::ExperimentSpec& spec, const experiment::RunPlan& run,
                     const TrainOptions& options) {
  const auto& model_entry = spec.models.at(run.model_index);
  const auto& train = spec.train;
  const RunFiles files(options.run_dir);
  const torch::Device device = parseDevice(options.device);
  std::filesystem::create_directories(files.dir);

  if (!options.resume && std::filesystem::exists(files.checkpoint())) {
    throw InputError(files.dir.string() +
                     " already holds a checkpoint: pass --resume to continue it, or choose "
                     "another run directory");
  }
  if (options.resume && !std::filesystem::exists(files.checkpoint())) {
    spdlog::info("{}: no checkpoint yet, starting from step 0", files.dir.string());
  }

  // A run's seed mixes the experiment seed with the run's position, so runs differ but each is
  // reproducible.
  const std::uint64_t run_seed = spec.seed + 1000003ULL * run.model_index;
  torch::manual_seed(run_seed);
  models::ModelSpec net_spec = experiment::netFor(spec, model_entry);
  models::EccentricityNet net(net_spec);
  auto optimizer = makeOptimizer(train, net->parameters(), run.learning_rate);

  CheckpointHeader header;
  header.net = net_spec;
  header.stimulus = experiment::stimulusFor(spec, model_entry, 0);
  header.run = run.name;
  TrainState& state = header.state;
  if (options.resume && std::filesystem::exists(files.checkpoint())) {
    state = loadCheckpoint(files.checkpoint(), net, optimizer.get()).state;
    spdlog::info("{}: resuming at step {} of {}", run.name, state.step, train.steps);
  } else {
    writeFileAtomically(files.spec(), spec.text);
  }
  net->to(device);
  MetricsLog metrics(files.metrics(), state.step);
  writeRunJson(files, spec, run, "running", state, std::nan(""), weightsCrc32(net));

  const CrowdingBatches batches(spec, model_entry, spec.seed);
  TrainResult result;
  result.checkpoint = files.checkpoint();
  const auto session_start = Clock::now();
  const std::int64_t first_step = state.step;
  const std::int64_t tail_from = train.steps - std::max<std::int64_t>(1, train.steps / 10);
  auto checkpoint = [&] { saveCheckpoint(files.checkpoint(), header, net, optimizer.get()); };

  auto interval_start = Clock::now();
  std::int64_t interval_images = 0;
  while (state.step < train.steps) {
    if (options.stop && options.stop->load()) {
      checkpoint();
      result.status = TrainStatus::Stopped;
      result.message = "stopped at step " + std::to_string(state.step) + "; continue with --resume";
      break;
    }
    const double rate = experiment::learningRateAt(train, run.learning_rate, state.step);
    setLearningRate(*optimizer, rate);
    const Batch batch = batches.batch(state.step, options.data_threads);
    auto inputs = torch::from_blob(const_cast<float*>(batch.inputs.data()),
                                   {batch.size, batch.scales, batch.side, batch.side})
                      .to(device);
    auto labels = torch::from_blob(const_cast<std::int64_t*>(batch.labels.data()), {batch.size},
                                   torch::kInt64)
                      .to(device);
    optimizer->zero_grad();
    auto logits = net->forward(inputs);
    auto loss = torch::nn::functional::cross_entropy(logits, labels);
    const double loss_value = loss.item<double>();
    if (!std::isfinite(loss_value)) {
      result.status = TrainStatus::Diverged;
      std::ostringstream message;
      message << "loss became " << (std::isnan(loss_value) ? "nan" : "infinite") << " at step "
              << state.step + 1 << " (learning rate " << rate << "); "
              << (std::filesystem::exists(files.checkpoint()) ? "the last good checkpoint is kept"
                                                              : "no checkpoint was written yet");
      result.message = message.str();
      spdlog::error("{}: {}", run.name, result.message);
      break;
    }
    loss.backward();
    optimizer->step();
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
        options.on_progress(progress);
      }
      interval_start = Clock::now();
      interval_images = 0;
    }
    if (state.step % train.checkpoint_every == 0 || last) checkpoint();
  }

  result.step = state.step;
  result.final_loss = state.tail_count > 0 ? state.tail_loss_sum / state.tail_count : std::nan("");
  result.last_logged_loss = state.last_loss;
  result.seconds = std::chrono::duration<double>(Clock::now() - session_start).count();
  result.images_per_s =
      result.seconds > 0 ? (state.step - first_step) * double(train.batch) / result.seconds : 0;
  writeRunJson(files, spec, run, toString(result.status), state, result.final_loss,
               weightsCrc32(net));
  return result;
}

}  // namespace fovea::train
