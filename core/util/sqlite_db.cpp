#include "core/util/sqlite_db.h"

#include <sqlite3.h>
#include <sys/vfs.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace fovea {

bool onNetworkFileSystem(const std::filesystem::path& folder) {
  struct statfs info {};
  if (::statfs(folder.c_str(), &info) != 0) return false;
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0x6969:      // NFS
    case 0xFF534D42:  // CIFS
    case 0xFE534D42:  // SMB2
    case 0x517B:      // SMB
    case 0x0BD00BD0:  // Lustre
    case 0x47504653:  // GPFS
    case 0x19830326:  // BeeGFS
    case 0x65735546:  // FUSE (sshfs, CephFS client, ...)
    case 0x00C36400:  // CephFS
      return true;
    default: return false;
  }
}

std::string sqliteCause(int code, int system_errno) {
  // A write refused by a full disk or a file-size limit reaches SQLite as a failed write (the
  // errno behind it is not always kept).
  if (code == SQLITE_IOERR_WRITE || system_errno == ENOSPC || system_errno == EFBIG ||
      system_errno == EDQUOT) {
    return "a write failed: the disk is full or the file reached a size limit";
  }
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "another process holds the database locked";
    case SQLITE_READONLY: return "the database or its folder is read-only";
    case SQLITE_FULL: return "the disk is full";
    case SQLITE_CANTOPEN: return "it cannot be opened (a missing folder, or no permission)";
    case SQLITE_NOTADB: return "it is not an SQLite database";
    case SQLITE_CORRUPT: return "the database is corrupt";
    case SQLITE_IOERR:
      return "the disk reported an I/O error" +
             (system_errno ? " (" + std::string(std::strerror(system_errno)) + ")" : "");
    case SQLITE_PERM:
    case SQLITE_AUTH: return "permission denied";
    default: return sqlite3_errstr(code);
  }
}

SqliteDb::SqliteDb(const std::filesystem::path& path, int busy_timeout_ms) : path_(path) {
  std::error_code ignored;  // a folder that cannot be made is named by the open below
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  const int opened =
      sqlite3_open_v2(path.c_str(), &handle_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (opened != SQLITE_OK) {
    sqlite3_close(handle_);
    handle_ = nullptr;
    throw SqliteError(path.string() + ": cannot open: " + sqliteCause(opened), opened);
  }
  sqlite3_busy_timeout(handle_, busy_timeout_ms);
  sqlite3_extended_result_codes(handle_, 1);  // SQLITE_IOERR_WRITE, not only SQLITE_IOERR
  try {
    // WAL's shared memory is not shared between the hosts of a network file system; there the
    // rollback journal and its POSIX locks keep several hosts safe, if slower.
    exec(onNetworkFileSystem(path.has_parent_path() ? path.parent_path() : ".")
             ? "PRAGMA journal_mode=DELETE;"
             : "PRAGMA journal_mode=WAL;");
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
  const int code = sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    sqlite3_free(message);
    const int system = sqlite3_system_errno(handle_);
    throw SqliteError(
        path_.string() + ": " + sqliteCause(code, system) + " (in: " + sql.substr(0, 40) + ")",
        code, system);
  }
}

std::int64_t SqliteDb::changes() const {
  return sqlite3_changes(handle_);
}

void SqliteDb::rollback() const noexcept {
  sqlite3_exec(handle_, "ROLLBACK;", nullptr, nullptr, nullptr);
}

SqliteStatement::SqliteStatement(const SqliteDb& db, const std::string& sql) : db_(db) {
  const int code = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr);
  if (code != SQLITE_OK) {
    throw SqliteError(
        db.path().string() + ": " + sqliteCause(code) + ": " + sqlite3_errmsg(db.handle()), code);
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
  const int system = sqlite3_system_errno(db_.handle());
  throw SqliteError(db_.path().string() + ": " + sqliteCause(rc, system), rc, system);
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
