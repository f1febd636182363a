#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"
#include "core/experiment/results_store.h"
#include "core/report/claims_stats.h"
#include "core/report/figure_data.h"

namespace fovea::report {

// One line of the claims table: a claim of science-crowding.md 5b, the models it was measured
// on, the measured accuracies with 95 % intervals, the difference tested and the verdict.
struct ClaimRow {
  std::string id;  // "C1" ...
  std::string claim;
  std::string models;
  std::string measured;
  std::string test;
  Verdict verdict = Verdict::NotMeasured;
};

// What the claims are measured from: the grid of each model's selected run, and the early
// model scored with each flanker set at the closest spacing.
struct ClaimData {
  std::map<std::string, std::string> run_of_model;  // model name -> selected run
  std::vector<experiment::AccuracyRecord> grid;
  std::map<std::string, std::vector<experiment::AccuracyRecord>> by_flanker_set;
};

// Accuracy pooled over the cells of one configuration ("a", "ax", "xa", "xax") at `spacing`,
// over the target eccentricities `targets` (the target-alone cell counted once per target).
Count pooledCells(const std::vector<experiment::AccuracyRecord>& records, const std::string& run,
                  const std::string& configuration, double spacing,
                  const std::vector<double>& targets);

// The target eccentricities the claims average over: those of the grid up to
// eval.headline_max_ecc_px, where the models were trained.
std::vector<double> claimTargets(const experiment::EvalSpec& eval);

// The claims table (spec.claims names the models); claims without their models are rows marked
// "not measured".
std::vector<ClaimRow> crowdingClaims(const experiment::ExperimentSpec& spec, const ClaimData& data);

// The table as a figure (a text table, exported as SVG/PDF/PNG with its tidy CSV).
FigureData claimsFigure(const std::vector<ClaimRow>& rows, const std::string& experiment);

}  // namespace fovea::report
