#pragma once
// A crowding experiment small enough to train and probe in a second or two: a 240 px canvas
// with 30 px digits, 3 crops of 30 px, a narrow eccentricity model, a 2 x 2 grid of 8 images.
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

#include "core/experiment/experiment_spec.h"
#include "core/train/trainer.h"

namespace fovea::testing {

inline QString tinyExperimentToml(int steps, const QString& learning_rates = "[0.001, 0.003]") {
  return QString(R"([experiment]
name = "tiny"
seed = 11

[stimulus]
canvas_px = 240
target_px = 30
flanker_px = 30
spacing_px = 30.0
configuration = "a"

[retina]
scales = 3
crop_px = 30

[train]
optimizer = "adam"
learning_rates = %2
batch = 8
steps = %1
max_shift_px = 30
checkpoint_every = 1000
log_every = 1

[[model]]
name = "ecc"
kind = "eccentricity"
scheme = "3-1-1-1"
channels = 8

[eval]
target_ecc_px = [0, 30]
flanker_ecc_px = [0, 60]
images = 8
batch = 8
spacings_px = [30, 60]
periphery_target_px = 30
)")
      .arg(steps)
      .arg(learning_rates);
}

// Writes the spec to dir/tiny.toml and returns its path.
inline QString writeTinyExperiment(const QString& dir, int steps,
                                   const QString& learning_rates = "[0.001, 0.003]") {
  const QString path = QDir(dir).filePath("tiny.toml");
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return {};
  file.write(tinyExperimentToml(steps, learning_rates).toUtf8());
  return path;
}

// Trains the spec's first run into dir/runs/<run> and returns its checkpoint.
inline QString trainTinyRun(const QString& dir, int steps) {
  const auto spec = experiment::parseExperimentSpec(
      tinyExperimentToml(steps, "[0.003]").toStdString(), "tiny.toml");
  const auto run = experiment::plannedRuns(spec).front();
  train::TrainOptions options;
  options.run_dir = QDir(dir).filePath("runs/" + QString::fromStdString(run.name)).toStdString();
  const auto result = train::trainRun(spec, run, options);
  return QString::fromStdString(result.checkpoint.string());
}

}  // namespace fovea::testing
