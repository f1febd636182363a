#include "core/retina/log_gabor_retina.h"

#include <spdlog/spdlog.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <sstream>

#include "core/retina/log_gabor_filter.h"
#include "core/util/atomic_file.h"
#include "core/util/cache_dir.h"
#include "core/util/parallel.h"

namespace fovea::retina {
namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

std::string LogGaborRetinaSpec::key() const {
  std::ostringstream text;
  text << "log-gabor-retina-v1 n" << size << " t" << n_theta << " a" << n_azimuth << " e"
       << n_eccentricity << " p" << n_phase << " rho" << rho << " emax" << ecc_max << " bsf" << B_sf
       << " bth" << B_theta;
  return text.str();
}

double ringRadius(const LogGaborRetinaSpec& spec, int ring) {
  const double ecc = spec.ecc_max * std::pow(1 / spec.rho, spec.n_eccentricity - ring);
  return std::sqrt(2.0) * spec.size / 2 * ecc;
}

void LogGaborRetina::buildFilters() {
  const int n = spec_.size;
  filters_.create(spec_.filterCount(), n * n, CV_32F);
  parallelFor(spec_.filterCount(), 0, [&](std::int64_t index) {
    // C order (theta, azimuth, eccentricity, phase).
    int rest = static_cast<int>(index);
    const int i_phase = rest % spec_.n_phase;
    rest /= spec_.n_phase;
    const int i_ecc = rest % spec_.n_eccentricity;
    rest /= spec_.n_eccentricity;
    const int i_az = rest % spec_.n_azimuth;
    const int i_theta = rest / spec_.n_azimuth;
    const double ecc = spec_.ecc_max * std::pow(1 / spec_.rho, spec_.n_eccentricity - i_ecc);
    const double radius = std::sqrt(2.0) * n / 2 * ecc;
    const double psi = (i_az + 0.5 * (i_ecc % 2)) * 2 * kPi / spec_.n_azimuth;
    const double theta = i_theta * kPi / spec_.n_theta + psi;
    const double sf_0 = std::min(0.5 * 0.03 / ecc, 0.45);
    const cv::Mat filter =
        logGaborFilter(n, n / 2.0 + radius * std::cos(psi), n / 2.0 + radius * std::sin(psi), sf_0,
                       spec_.B_sf, theta, spec_.B_theta, i_phase * kPi / 2);
    filter.reshape(1, 1).convertTo(filters_.row(static_cast<int>(index)), CV_32F);
  });
}

void LogGaborRetina::buildCollicular() {
  const int cells = spec_.n_azimuth * spec_.n_eccentricity;
  const int n2 = spec_.size * spec_.size;
  collicular_ = cv::Mat::zeros(cells, n2, CV_32F);
  for (int i = 0; i < spec_.filterCount(); ++i) {
    const int cell = (i / spec_.n_phase) % cells;  // drop phase, then theta
    cv::Mat row = collicular_.row(cell);
    const cv::Mat filter = filters_.row(i);
    row += filter.mul(filter);
  }
  for (int cell = 0; cell < cells; ++cell) {
    cv::Mat row = collicular_.row(cell);
    const double total = cv::sum(row)[0];
    if (total > 0) row /= total;
  }
}

std::shared_ptr<const LogGaborRetina> LogGaborRetina::build(const LogGaborRetinaSpec& spec) {
  std::shared_ptr<LogGaborRetina> retina(new LogGaborRetina(spec));
  retina->buildFilters();
  retina->buildCollicular();
  return retina;
}

std::shared_ptr<const LogGaborRetina> LogGaborRetina::get(const LogGaborRetinaSpec& spec) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const LogGaborRetina>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = loaded[spec.key()];
  if (!slot) slot = loadOrBuild(spec);
  return slot;
}

std::shared_ptr<const LogGaborRetina> LogGaborRetina::loadOrBuild(const LogGaborRetinaSpec& spec) {
  const auto path =
      cacheDir() / "filters" /
      ("log-gabor-retina-" + std::to_string(std::hash<std::string>{}(spec.key())) + ".f32");
  const auto meta_path = path.string() + ".json";
  std::shared_ptr<LogGaborRetina> retina(new LogGaborRetina(spec));
  const int rows = spec.filterCount();
  const int cols = spec.size * spec.size;
  const std::size_t bytes = static_cast<std::size_t>(rows) * cols * sizeof(float);
  bool cached = false;
  try {
    std::ifstream meta_in(meta_path);
    nlohmann::json meta;
    if (meta_in) meta = nlohmann::json::parse(meta_in, nullptr, false);
    std::ifstream in(path, std::ios::binary);
    // value() throws on a key of another type: such a description is as good as none.
    if (in && meta.is_object() && meta.value("key", "") == spec.key() &&
        meta.value("bytes", std::uint64_t{0}) == bytes) {
      retina->filters_.create(rows, cols, CV_32F);
      in.read(reinterpret_cast<char*>(retina->filters_.data), static_cast<std::streamsize>(bytes));
      const auto crc =
          static_cast<std::uint32_t>(::crc32(0, retina->filters_.data, static_cast<uInt>(bytes)));
      cached = in.gcount() == static_cast<std::streamsize>(bytes) &&
               meta.value("crc32", std::uint32_t{0}) == crc;
      if (!cached) spdlog::warn("filter cache {} is corrupt; rebuilding it", path.string());
    }
  } catch (const nlohmann::json::exception& error) {
    spdlog::warn("filter cache description {} is malformed ({}); rebuilding it", meta_path,
                 error.what());
    cached = false;
  }
  if (!cached) {
    spdlog::info("building the log-Gabor retina ({} filters of {} x {})", rows, spec.size,
                 spec.size);
    retina->buildFilters();
    try {
      std::filesystem::create_directories(path.parent_path());
      const std::string_view data(reinterpret_cast<const char*>(retina->filters_.data), bytes);
      writeFileAtomically(path, data);
      const auto crc =
          static_cast<std::uint32_t>(::crc32(0, retina->filters_.data, static_cast<uInt>(bytes)));
      writeFileAtomically(
          meta_path, nlohmann::json{{"key", spec.key()}, {"bytes", bytes}, {"crc32", crc}}.dump());
    } catch (const std::exception& error) {  // a read-only or full cache costs a rebuild next time
      spdlog::warn("cannot cache the retina's filters in {}: {}", path.parent_path().string(),
                   error.what());
    }
  }
  retina->from_cache_ = cached;
  retina->buildCollicular();
  return retina;
}

const float* LogGaborRetina::filter(int index) const {
  return filters_.ptr<float>(index);
}

const float* LogGaborRetina::collicularCell(int index) const {
  return collicular_.ptr<float>(index);
}

std::vector<float> LogGaborRetina::encode(const cv::Mat& image) const {
  CV_Assert(image.rows == spec_.size && image.cols == spec_.size);
  cv::Mat column;
  image.reshape(1, spec_.size * spec_.size).convertTo(column, CV_32F);
  cv::Mat code = filters_ * column;
  return std::vector<float>(code.begin<float>(), code.end<float>());
}

std::vector<float> LogGaborRetina::collicular(const cv::Mat& map) const {
  CV_Assert(map.rows == spec_.size && map.cols == spec_.size);
  cv::Mat column;
  map.reshape(1, spec_.size * spec_.size).convertTo(column, CV_32F);
  cv::Mat cells = collicular_ * column;
  return std::vector<float>(cells.begin<float>(), cells.end<float>());
}

}  // namespace fovea::retina
