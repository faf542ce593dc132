// SQLite backup and restore through the online backup API (see storage/backup.hpp).
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <thread>

#include "platform/crypto.hpp"
#include "storage/sqlite/char_tokenizer.hpp"
#include "storage/sqlite/sqlite_db.hpp"
#include "storage/sqlite/sqlite_errors.hpp"

namespace safegrid::storage::detail {
namespace {

namespace fs = std::filesystem;

// How long a copy may wait for the other side's locks before giving up.
constexpr std::chrono::seconds kCopyWait{30};

struct BackupFinisher {
    void operator()(sqlite3_backup* b) const { sqlite3_backup_finish(b); }
};

tl::unexpected<Error> InvalidBackup(const std::string& detail) {
    return Fail({Code::kMalformed,
                 "invalid_backup",
                 {"备份文件无效或不存在", "The backup file is missing or invalid"},
                 {},
                 detail});
}

// Removes a temporary file (and SQLite's side files) unless it was renamed into place.
struct TempFile {
    std::string path;
    bool keep = false;
    ~TempFile() {
        if (keep) return;
        std::error_code ec;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
    }
};

Status CreateParent(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    if (parent.empty()) return {};
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) return Internal("cannot create directory " + parent.string() + ": " + ec.message());
    return {};
}

// fsync of a file or a directory: the rename below is durable only once both are on disk.
Status Sync(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
    if (fd < 0) return Internal("open " + path + " for fsync: " + std::generic_category().message(errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return Internal("fsync " + path + ": " + std::generic_category().message(err));
    return {};
}

// Pages per backup step: small enough for a few progress updates a second on a slow disk.
constexpr int kStepPages = 256;

// Copies the whole of `src` into `dest` in steps of kStepPages, retrying while either side is
// locked. The steps see one snapshot of the source: the caller holds a read transaction on it
// (a step inside an open transaction uses it instead of starting its own, so writers on other
// connections cannot restart the copy), and the destination stays write-locked from the first
// step to the last. `progress` hears (pages copied, pages in all) times `unit` after each step.
Status CopyDatabase(sqlite3* dest, sqlite3* src, const char* what, const ProgressFn& progress = {}, int64_t unit = 1) {
    std::unique_ptr<sqlite3_backup, BackupFinisher> backup(sqlite3_backup_init(dest, "main", src, "main"));
    if (!backup) return SqliteError(dest, sqlite3_extended_errcode(dest), what);
    const auto deadline = std::chrono::steady_clock::now() + kCopyWait;
    int rc = SQLITE_OK;
    for (;;) {
        rc = sqlite3_backup_step(backup.get(), kStepPages);
        if (rc == SQLITE_OK || rc == SQLITE_DONE) {
            const int64_t total = sqlite3_backup_pagecount(backup.get());
            ReportProgress(progress, (total - sqlite3_backup_remaining(backup.get())) * unit, total * unit);
        }
        if (rc == SQLITE_DONE) break;
        if (rc == SQLITE_OK) continue;
        const int primary = rc & 0xff;
        if ((primary == SQLITE_BUSY || primary == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        break;
    }
    const int finish = sqlite3_backup_finish(backup.release());
    if (rc != SQLITE_DONE) return SqliteError(rc, sqlite3_errmsg(dest), what);
    if (finish != SQLITE_OK) return SqliteError(dest, finish, what);
    return {};
}

Result<SqliteHandle> OpenPlain(const std::string& path, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_EXRESCODE, nullptr);
    SqliteHandle db(raw);
    if (rc != SQLITE_OK) return SqliteError(db.get(), rc, "open " + path);
    sqlite3_busy_timeout(db.get(), 5000);
    SG_TRY(RegisterCharTokenizer(db.get()));
    return db;
}

}  // namespace

Status SqliteBackup(Database& db, const std::string& out_path, const ProgressFn& progress) {
    SG_TRY(CreateParent(out_path));
    // A temporary name in the same directory: the final rename is atomic, so `out_path` is
    // always either the previous backup or a complete new one.
    TempFile tmp{out_path + ".tmp-" + platform::HexEncode(platform::RandomBytes(6))};
    {
        SG_ASSIGN_OR_RETURN(SqliteHandle dest, OpenPlain(tmp.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
        {
            SG_ASSIGN_OR_RETURN(Database::Lease lease, db.Acquire());
            auto* conn = dynamic_cast<SqliteConnection*>(&*lease);
            if (!conn) return Internal("backup: not a SQLite connection");
            // One snapshot for all the steps (see CopyDatabase); a read transaction, so writers go on.
            SG_TRY(SqlitePragma(conn->handle(), "BEGIN"));
            auto opened = SqlitePragma(conn->handle(), "SELECT count(*) FROM sqlite_master");
            Status copied = opened ? CopyDatabase(dest.get(), conn->handle(), "backup", progress)
                                   : Status(tl::unexpected(opened.error()));
            (void)SqlitePragma(conn->handle(), "COMMIT");
            SG_TRY(copied);
        }
        // The copied header says WAL; a backup should be one self-contained file.
        SG_TRY(SqlitePragma(dest.get(), "PRAGMA journal_mode=DELETE"));
        sqlite3* raw = dest.release();
        if (const int rc = sqlite3_close(raw); rc != SQLITE_OK) {
            sqlite3_close_v2(raw);
            return SqliteError(rc, sqlite3_errstr(rc), "close backup");
        }
    }
    SG_TRY(Sync(tmp.path, false));
    if (std::rename(tmp.path.c_str(), out_path.c_str()) != 0) {
        return Internal("rename " + tmp.path + " → " + out_path + ": " + std::generic_category().message(errno));
    }
    tmp.keep = true;
    const fs::path parent = fs::path(out_path).parent_path();
    return Sync(parent.empty() ? "." : parent.string(), true);
}

Status SqliteRestore(const std::string& in_path, const std::string& db_path, const ProgressFn& progress) {
    std::error_code ec;
    if (!fs::is_regular_file(in_path, ec)) return InvalidBackup("restore: no such file " + in_path);
    auto src = OpenPlain(in_path, SQLITE_OPEN_READONLY);
    if (!src) return InvalidBackup(src.error().internal);
    // Refuse a damaged or foreign file before touching the target.
    auto check = SqlitePragma(src->get(), "PRAGMA quick_check");
    if (!check || *check != "ok") {
        return InvalidBackup("restore: " + in_path +
                             " failed quick_check: " + (check ? *check : check.error().internal));
    }
    SG_TRY(CreateParent(db_path));
    SG_ASSIGN_OR_RETURN(SqliteHandle dest, OpenSqliteHandle(db_path, DbOptions{}));
    // A WAL destination only accepts pages of its own size; switch it out of WAL meanwhile.
    SG_ASSIGN_OR_RETURN(std::string src_page, SqlitePragma(src->get(), "PRAGMA page_size"));
    SG_ASSIGN_OR_RETURN(std::string dest_page, SqlitePragma(dest.get(), "PRAGMA page_size"));
    const bool leave_wal = src_page != dest_page;
    if (leave_wal) SG_TRY(SqlitePragma(dest.get(), "PRAGMA journal_mode=DELETE"));
    // Progress in bytes of the backup file: pages times its page size.
    SG_TRY(CopyDatabase(dest.get(), src->get(), "restore", progress, std::stoll(src_page)));
    if (leave_wal) SG_TRY(SqlitePragma(dest.get(), "PRAGMA journal_mode=WAL"));
    // Fold the copy into the main file now; harmless if a reader keeps the WAL busy.
    (void)SqlitePragma(dest.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
    return {};
}

}  // namespace safegrid::storage::detail
