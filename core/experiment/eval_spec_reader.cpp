#include "core/experiment/eval_spec_reader.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace fovea::experiment {
namespace {

std::vector<double> arange(double start, double stop, double step) {
  std::vector<double> values;
  for (double v = start; v < stop - 1e-9; v += step) values.push_back(v);
  return values;
}

std::string numberText(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

EvalSpec readEval(const toml::table& root, const std::string& source) {
  EvalSpec eval;
  eval.target_ecc_px = arange(0, 840, 60);
  eval.flanker_ecc_px = arange(0, 900, 120);
  SectionReader r(root, "eval", source);
  assign(eval.target_ecc_px, r.numbers("target_ecc_px"));
  assign(eval.flanker_ecc_px, r.numbers("flanker_ecc_px"));
  if (auto types = r.numbers("flanker_types")) {
    eval.flanker_types.clear();
    for (double t : *types) {
      if (t != 0 && t != 1 && t != 2) r.fail("eval.flanker_types may hold only 0, 1 and 2");
      eval.flanker_types.push_back(static_cast<int>(t));
    }
  }
  assign(eval.images, r.integer64("images"));
  assign(eval.batch, r.integer("batch"));
  assign(eval.spacings_px, r.numbers("spacings_px"));
  assign(eval.periphery_target_px, r.number("periphery_target_px"));
  assign(eval.lr_rule, r.text("lr_rule"));
  assign(eval.headline_max_ecc_px, r.number("headline_max_ecc_px"));
  r.finish();
  if (eval.images < 0 || eval.images > kMaxEvalImages) {
    r.failAt("images", "eval.images must be 0 (every test target once) to " +
                           std::to_string(kMaxEvalImages) + ", got " + std::to_string(eval.images));
  }
  if (eval.batch < 1 || eval.batch > kMaxBatch) {
    r.failAt("batch", "eval.batch must be 1 to " + std::to_string(kMaxBatch) + ", got " +
                          std::to_string(eval.batch));
  }
  for (auto [key, values] : {std::pair{"target_ecc_px", &eval.target_ecc_px},
                             {"flanker_ecc_px", &eval.flanker_ecc_px},
                             {"spacings_px", &eval.spacings_px}}) {
    for (double v : *values) {
      if (!std::isfinite(v))
        r.failAt(key, "eval." + std::string(key) + " must be finite, got " + numberText(v));
    }
  }
  if (!std::isfinite(eval.periphery_target_px)) {
    r.failAt("periphery_target_px", "eval.periphery_target_px must be finite");
  }
  if (!(eval.headline_max_ecc_px > 0)) {  // inf (the default): every eccentricity
    r.failAt("headline_max_ecc_px", "eval.headline_max_ecc_px must be positive, got " +
                                        numberText(eval.headline_max_ecc_px));
  }
  if (eval.target_ecc_px.empty()) r.fail("eval.target_ecc_px must not be empty");
  if (eval.lr_rule != "final-loss" && eval.lr_rule != "original") {
    r.fail("eval.lr_rule must be final-loss or original, got '" + eval.lr_rule + "'");
  }
  return eval;
}

ClaimsSpec readClaims(const toml::table& root, const std::string& source,
                      const std::vector<ModelEntry>& models) {
  ClaimsSpec claims;
  SectionReader r(root, "claims", source);
  claims.present = r.present();
  if (!claims.present) return claims;
  auto requireModel = [&](const char* key, const std::string& name) {
    const bool known = std::any_of(models.begin(), models.end(),
                                   [&](const ModelEntry& m) { return m.name == name; });
    if (!known) r.failAt(key, r.name(key) + " '" + name + "' is not a [[model]] of the experiment");
  };
  for (auto [key, target] : {std::pair{"early_pooling", &claims.early_pooling},
                             {"late_pooling", &claims.late_pooling},
                             {"areafactor", &claims.areafactor},
                             {"centre_model", &claims.centre_model},
                             {"dcnn_progressive", &claims.dcnn_progressive},
                             {"flanker_trained", &claims.flanker_trained}}) {
    if (auto name = r.text(key)) {
      requireModel(key, *name);
      *target = *name;
    }
  }
  if (auto names = r.texts("dcnn")) {
    for (const auto& name : *names) requireModel("dcnn", name);
    claims.dcnn = *names;
  }
  assign(claims.flanker_sets, r.texts("flanker_sets"));
  assign(claims.images, r.integer64("images"));
  r.finish();
  if (claims.images < 0 || claims.images > kMaxEvalImages) {
    r.failAt("images", "claims.images must be 0 (eval.images) to " +
                           std::to_string(kMaxEvalImages) + ", got " +
                           std::to_string(claims.images));
  }
  return claims;
}

}  // namespace fovea::experiment
