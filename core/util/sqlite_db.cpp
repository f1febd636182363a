#include "core/util/sqlite_db.h"

#include <sqlite3.h>

#include <cmath>
#include <stdexcept>

namespace fovea {

SqliteDb::SqliteDb(const std::filesystem::path& path, int busy_timeout_ms) : path_(path) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  if (sqlite3_open_v2(path.c_str(), &handle_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    const std::string message = handle_ ? sqlite3_errmsg(handle_) : "out of memory";
    sqlite3_close(handle_);
    throw std::runtime_error(path.string() + ": cannot open: " + message);
  }
  sqlite3_busy_timeout(handle_, busy_timeout_ms);
  try {
    exec("PRAGMA journal_mode=WAL;");
  } catch (...) {
    sqlite3_close(handle_);
    throw;
  }
}

SqliteDb::~SqliteDb() {
  sqlite3_close(handle_);
}

void SqliteDb::exec(const std::string& sql) const {
  char* message = nullptr;
  if (sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message ? message : sqlite3_errmsg(handle_);
    sqlite3_free(message);
    throw std::runtime_error(path_.string() + ": " + text + " (in: " + sql.substr(0, 60) + ")");
  }
}

std::int64_t SqliteDb::changes() const {
  return sqlite3_changes(handle_);
}

void SqliteDb::rollback() const noexcept {
  sqlite3_exec(handle_, "ROLLBACK;", nullptr, nullptr, nullptr);
}

SqliteStatement::SqliteStatement(const SqliteDb& db, const std::string& sql) : db_(db) {
  if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
    throw std::runtime_error(db.path().string() + ": " + sqlite3_errmsg(db.handle()));
  }
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(stmt_);
}

SqliteStatement& SqliteStatement::bind(int i, const std::string& v) {
  sqlite3_bind_text(stmt_, i, v.c_str(), -1, SQLITE_TRANSIENT);
  return *this;
}

SqliteStatement& SqliteStatement::bind(int i, double v) {
  if (std::isnan(v)) {
    sqlite3_bind_null(stmt_, i);
  } else {
    sqlite3_bind_double(stmt_, i, v);
  }
  return *this;
}

SqliteStatement& SqliteStatement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw std::runtime_error(db_.path().string() + ": " + sqlite3_errmsg(db_.handle()));
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteStatement::text(int i) const {
  const auto* p = sqlite3_column_text(stmt_, i);
  return p ? reinterpret_cast<const char*>(p) : "";
}

double SqliteStatement::real(int i) const {
  return isNull(i) ? std::nan("") : sqlite3_column_double(stmt_, i);
}

std::int64_t SqliteStatement::integer(int i) const {
  return sqlite3_column_int64(stmt_, i);
}

bool SqliteStatement::isNull(int i) const {
  return sqlite3_column_type(stmt_, i) == SQLITE_NULL;
}

}  // namespace fovea
