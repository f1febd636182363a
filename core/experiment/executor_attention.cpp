// The executor's scoring of the attention task: the same stages and guarantees as the crowding
// grid (one committed cell at a time, cells of other checkpoints dropped, kept cells skipped).
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <set>

#include "core/experiment/executor.h"
#include "core/report/attention_figures.h"

namespace fovea::experiment {
namespace {

// A stored cell counts as scored when it has all the images the spec asks for.
bool completeCell(const AttentionSpec& spec, const eval::AttentionResult& r) {
  const auto wanted =
      r.cell.measure == eval::AttentionCell::Measure::ShiftMap ? spec.map_images : spec.images;
  return !r.valid || r.images == wanted;
}

}  // namespace

ScoreSummary ExperimentExecutor::scoreAttention(const RunPlan& run, std::size_t first_cell,
                                                std::size_t end_cell) {
  const auto start = startScoring(run);
  const auto& record = start.record;
  end_cell = std::min(end_cell, attention_cells_.size());
  first_cell = std::min(first_cell, end_cell);
  std::set<eval::AttentionCell> done;
  for (const auto& r : store_->attention(run.name)) {
    if (completeCell(spec_.attention, r.result)) done.insert(r.result.cell);
  }
  ScoreSummary summary;
  summary.cells = end_cell - first_cell;
  summary.checkpoint_crc32 = record.checkpoint_crc32;
  std::vector<eval::AttentionCell> todo;
  for (std::size_t i = first_cell; i < end_cell; ++i) {
    if (done.count(attention_cells_[i])) {
      ++summary.kept;
    } else {
      todo.push_back(attention_cells_[i]);
    }
  }
  listener_->scoringStarted(run, record, summary.kept, summary.cells);
  const int classes = start.predictor->classes();
  auto sendFigures = [&] {
    listener_->figuresReady(
        run, report::attentionRunFigures(spec_.attention, store_->attention(), run.name, classes));
  };

  const auto started = std::chrono::steady_clock::now();
  eval::AttentionEvalOptions eval_options;
  eval_options.data_threads = options_.threads;
  eval_options.stop = options_.stop;
  eval_options.on_result = [&](const eval::AttentionResult& r, std::size_t done_now, std::size_t) {
    store_->putAttention(run.name, {r}, record.checkpoint_crc32);
    ++summary.scored;
    summary.images += r.images;
    listener_->attentionCellScored(run, r, summary.kept + done_now, summary.cells);
    if (options_.figures_every > 0 && done_now % options_.figures_every == 0) sendFigures();
  };
  eval::evaluateAttentionCells(spec_, *start.predictor, todo, eval_options);
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const std::set<eval::AttentionCell> in_range(attention_cells_.begin() + first_cell,
                                               attention_cells_.begin() + end_cell);
  double total = 0;
  for (const auto& r : store_->attention(run.name)) {
    if (!in_range.count(r.result.cell)) continue;
    if (!r.result.valid) continue;
    ++summary.valid;
    total += r.result.accuracy;
  }
  summary.target_alone_accuracy = std::nan("");
  summary.mean_accuracy = summary.valid > 0 ? total / double(summary.valid) : std::nan("");
  sendFigures();
  spdlog::info("{}: {} of {} cells scored ({} kept from before), {} valid, {:.1f} s", run.name,
               summary.kept + summary.scored, summary.cells, summary.kept, summary.valid,
               summary.seconds);
  listener_->runScored(run, summary);
  return summary;
}

}  // namespace fovea::experiment
