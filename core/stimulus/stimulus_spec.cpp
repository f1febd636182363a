#include "core/stimulus/stimulus_spec.h"

#include <cmath>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "core/util/errors.h"
#include "core/util/toml_reader.h"

namespace fovea::stimulus {
namespace {

template <typename T>
void assign(T& target, const std::optional<T>& value) {
  if (value) target = *value;
}

// A validator that does not know the file: its error, naming the file.
template <typename Validate>
void validated(const std::string& source_name, Validate validate) {
  try {
    validate();
  } catch (const InputError& error) {
    throw InputError(source_name + ": " + error.what());
  }
}

}  // namespace

StimulusSpec parseStimulusSpec(const std::string& text, const std::string& source_name,
                               const std::vector<std::string>& overrides,
                               const std::vector<std::string>& other_sections) {
  toml::table root = parseToml(text, source_name);
  for (const auto& assignment : overrides) applyOverride(root, assignment);
  std::set<std::string> sections = {"display", "stimulus", "glyphs", "background", "retina"};
  sections.insert(other_sections.begin(), other_sections.end());
  rejectUnknownSections(root, sections, source_name);

  StimulusSpec spec;
  SectionReader display(root, "display", source_name);
  assign(spec.display.viewing_distance_cm, display.number("viewing_distance_cm"));
  assign(spec.display.screen_width_cm, display.number("screen_width_cm"));
  assign(spec.display.screen_width_px, display.integer("screen_width_px"));
  display.finish();
  validated(source_name, [&] { spec.display.validate(); });

  SectionReader stimulus(root, "stimulus", source_name);
  CrowdingGeometry& g = spec.geometry;
  assign(g.canvas_px, stimulus.integer("canvas_px"));
  auto target_px = stimulus.integer("target_px");
  auto target_deg = stimulus.number("target_size_deg");
  auto flanker_px = stimulus.integer("flanker_px");
  auto flanker_deg = stimulus.number("flanker_size_deg");
  auto ecc_px = stimulus.number("target_ecc_px");
  auto ecc_deg = stimulus.number("target_ecc_deg");
  auto spacing_px = stimulus.number("spacing_px");
  auto spacing_deg = stimulus.number("spacing_deg");
  if (auto c = stimulus.text("configuration")) {
    g.configuration = stimulus.keyed("configuration", [&] { return parseConfiguration(*c); });
  }
  if (auto a = stimulus.text("arrangement")) {
    g.arrangement = stimulus.keyed("arrangement", [&] { return parseArrangement(*a); });
  }
  assign(g.flankers_per_side, stimulus.integer("flankers_per_side"));
  assign(g.meridian_deg, stimulus.number("meridian_deg"));
  assign(g.target_contrast, stimulus.number("target_contrast"));
  assign(g.flanker_contrast, stimulus.number("flanker_contrast"));
  stimulus.finish();
  auto both = [&](bool px, bool deg, const std::string& px_key, const std::string& deg_key) {
    if (px && deg) {
      throw InputError(source_name + ": give " + stimulus.name(px_key) + " or " +
                       stimulus.name(deg_key) + ", not both");
    }
  };
  both(bool(ecc_px), bool(ecc_deg), "target_ecc_px", "target_ecc_deg");
  both(bool(spacing_px), bool(spacing_deg), "spacing_px", "spacing_deg");
  both(bool(target_px), bool(target_deg), "target_px", "target_size_deg");
  both(bool(flanker_px), bool(flanker_deg), "flanker_px", "flanker_size_deg");
  // Degrees become pixels through the display: eccentricities with the flat-screen correction,
  // sizes as the pixels that subtend that angle where the glyph is.
  assign(g.target_ecc_px, ecc_px);
  const double target_deg_position =
      ecc_deg ? *ecc_deg : spec.display.eccentricityDeg(g.target_ecc_px);
  if (ecc_deg) g.target_ecc_px = spec.display.eccentricityPx(*ecc_deg);
  assign(g.spacing_px, spacing_px);
  if (spacing_deg) {
    const double sign = target_deg_position < 0 ? -1.0 : 1.0;
    g.spacing_px = std::fabs(
        spec.display.eccentricityPx(target_deg_position + sign * *spacing_deg) - g.target_ecc_px);
  }
  assign(g.target_px, target_px);
  if (target_deg) {
    g.target_px =
        static_cast<int>(std::lround(spec.display.sizePx(target_deg_position, *target_deg)));
  }
  assign(g.flanker_px, flanker_px);
  if (flanker_deg) {
    g.flanker_px =
        static_cast<int>(std::lround(spec.display.sizePx(target_deg_position, *flanker_deg)));
  }
  validated(source_name, [&] { validateFields(g); });

  SectionReader glyphs(root, "glyphs", source_name);
  assign(spec.glyphs.split, glyphs.text("split"));
  assign(spec.glyphs.target_index, glyphs.integer("target_index"));
  assign(spec.glyphs.flanker_index, glyphs.integer("flanker_index"));
  assign(spec.glyphs.flanker_set, glyphs.text("flanker_set"));
  if (auto p = glyphs.text("target_image")) spec.glyphs.target_image = *p;
  if (auto p = glyphs.text("flanker_image")) spec.glyphs.flanker_image = *p;
  glyphs.finish();
  if (spec.glyphs.split != "train" && spec.glyphs.split != "test") {
    throw InputError(source_name + ": glyphs.split must be train or test, got '" +
                     spec.glyphs.split + "'");
  }
  if (spec.glyphs.target_index < 0 || spec.glyphs.flanker_index < 0) {
    throw InputError(source_name + ": glyphs.target_index and glyphs.flanker_index must be >= 0");
  }

  SectionReader background(root, "background", source_name);
  assign(spec.background.kind, background.text("kind"));
  assign(spec.background.image, background.text("image"));
  assign(spec.background.index, background.integer("index"));
  assign(spec.background.noise_sf_0, background.number("noise_sf_0"));
  assign(spec.background.noise_contrast, background.number("noise_contrast"));
  if (auto seed = background.integer("seed"))
    spec.background.seed = static_cast<std::uint64_t>(*seed);
  assign(spec.background.noise_pool, background.integer("noise_pool"));
  background.finish();
  if (spec.background.kind != "black" && spec.background.kind != "photo" &&
      spec.background.kind != "noise") {
    throw InputError(source_name + ": background.kind must be black, photo or noise, got '" +
                     spec.background.kind + "'");
  }
  if (spec.background.index < 0) throw InputError(source_name + ": background.index must be >= 0");
  // Each field is a canvas: cap them before allocating.
  if (spec.background.noise_pool < 1 || spec.background.noise_pool > 256) {
    throw InputError(source_name + ": background.noise_pool must be between 1 and 256, got " +
                     std::to_string(spec.background.noise_pool));
  }
  if (!(spec.background.noise_sf_0 > 0 && spec.background.noise_sf_0 <= 0.5)) {
    throw InputError(source_name + ": background.noise_sf_0 must be in (0, 0.5] cycles/px");
  }
  if (!(spec.background.noise_contrast >= 0 && spec.background.noise_contrast <= 1)) {
    throw InputError(source_name + ": background.noise_contrast must be in [0, 1]");
  }

  SectionReader retina(root, "retina", source_name);
  spec.retina.canvas_px = g.canvas_px;
  assign(spec.retina.scales, retina.integer("scales"));
  assign(spec.retina.crop_px, retina.integer("crop_px"));
  assign(spec.retina.field_px, retina.integer("field_px"));
  if (auto f = retina.text("fovea")) {
    spec.retina.fovea = retina.keyed("fovea", [&] { return retina::parseFovea(*f); });
  }
  assign(spec.retina.chevron, retina.number("chevron"));
  if (auto n = retina.text("contrast_norm")) {
    spec.retina.contrast_norm =
        retina.keyed("contrast_norm", [&] { return retina::parseContrastNorm(*n); });
  }
  retina.finish();
  validated(source_name, [&] { spec.retina.validate(); });
  return spec;
}

StimulusSpec loadStimulusSpec(const std::filesystem::path& path,
                              const std::vector<std::string>& overrides) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string() + ": cannot open stimulus spec");
  std::stringstream text;
  text << in.rdbuf();
  return parseStimulusSpec(text.str(), path.string(), overrides);
}

std::string toToml(const StimulusSpec& spec) {
  const auto& g = spec.geometry;
  toml::table root{
      {"display", toml::table{{"viewing_distance_cm", spec.display.viewing_distance_cm},
                              {"screen_width_cm", spec.display.screen_width_cm},
                              {"screen_width_px", spec.display.screen_width_px}}},
      {"stimulus", toml::table{{"canvas_px", g.canvas_px},
                               {"target_px", g.target_px},
                               {"flanker_px", g.flanker_px},
                               {"target_ecc_px", g.target_ecc_px},
                               {"spacing_px", g.spacing_px},
                               {"configuration", toString(g.configuration)},
                               {"arrangement", toString(g.arrangement)},
                               {"flankers_per_side", g.flankers_per_side},
                               {"meridian_deg", g.meridian_deg},
                               {"target_contrast", g.target_contrast},
                               {"flanker_contrast", g.flanker_contrast}}},
      {"glyphs", toml::table{{"split", spec.glyphs.split},
                             {"target_index", spec.glyphs.target_index},
                             {"flanker_index", spec.glyphs.flanker_index},
                             {"flanker_set", spec.glyphs.flanker_set}}},
      {"background", toml::table{{"kind", spec.background.kind},
                                 {"image", spec.background.image},
                                 {"index", spec.background.index},
                                 {"noise_sf_0", spec.background.noise_sf_0},
                                 {"noise_contrast", spec.background.noise_contrast},
                                 {"seed", static_cast<std::int64_t>(spec.background.seed)},
                                 {"noise_pool", spec.background.noise_pool}}},
      {"retina", toml::table{{"scales", spec.retina.scales},
                             {"crop_px", spec.retina.crop_px},
                             {"field_px", spec.retina.field_px},
                             {"fovea", retina::toString(spec.retina.fovea)},
                             {"contrast_norm", retina::toString(spec.retina.contrast_norm)}}},
  };
  if (std::isfinite(spec.retina.chevron)) {
    root["retina"].as_table()->insert("chevron", spec.retina.chevron);
  } else {
    root["retina"].as_table()->insert("chevron", "inf");
  }
  auto* glyph_table = root["glyphs"].as_table();
  if (!spec.glyphs.target_image.empty())
    glyph_table->insert("target_image", spec.glyphs.target_image.string());
  if (!spec.glyphs.flanker_image.empty())
    glyph_table->insert("flanker_image", spec.glyphs.flanker_image.string());
  std::ostringstream out;
  out << "# Fovea stimulus: positions and sizes in canvas pixels\n" << root << "\n";
  return out.str();
}

}  // namespace fovea::stimulus
