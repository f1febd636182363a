#pragma once
// A thin owner of an SQLite connection and its prepared statements, shared by the results
// store and the sweep's job table. Errors name the database file.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace fovea {

// An SQLite failure: the message names the file; `code` is SQLite's result code (SQLITE_BUSY,
// SQLITE_READONLY, SQLITE_FULL, SQLITE_NOTADB, ...) and `system_errno` the errno behind an
// I/O error.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(const std::string& message, int result, int errno_value = 0)
      : std::runtime_error(message), code(result), system_errno(errno_value) {}
  int code;
  int system_errno;
};

// Whether `folder` is on a network file system (NFS, SMB, Lustre, GPFS, BeeGFS, FUSE, Ceph), where
// SQLite must not use WAL.
bool onNetworkFileSystem(const std::filesystem::path& folder);

// What an SQLite result code (and the errno behind an I/O error) means to a user, e.g. "the
// disk is full".
std::string sqliteCause(int code, int system_errno = 0);

class SqliteDb {
 public:
  // Opens (creating) the file with WAL and a busy timeout, so that concurrent processes wait
  // for each other instead of failing.
  explicit SqliteDb(const std::filesystem::path& path, int busy_timeout_ms = 30000);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const std::string& sql) const;
  // Runs `work` in BEGIN IMMEDIATE ... COMMIT, rolling back when it throws.
  template <typename Work>
  void transaction(Work&& work) const {
    exec("BEGIN IMMEDIATE;");
    try {
      work();
      exec("COMMIT;");
    } catch (...) {
      rollback();
      throw;
    }
  }
  std::int64_t changes() const;
  sqlite3* handle() const { return handle_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void rollback() const noexcept;

  sqlite3* handle_ = nullptr;
  std::filesystem::path path_;
};

// A prepared statement that finalises itself; NaN binds as NULL and NULL reads as NaN.
class SqliteStatement {
 public:
  SqliteStatement(const SqliteDb& db, const std::string& sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int i, const std::string& v);
  SqliteStatement& bind(int i, double v);
  SqliteStatement& bind(int i, std::int64_t v);
  bool step();  // true while there is a row
  void reset();
  std::string text(int i) const;
  double real(int i) const;
  std::int64_t integer(int i) const;
  bool isNull(int i) const;

 private:
  const SqliteDb& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace fovea
