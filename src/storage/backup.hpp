// Backup and restore of a whole database (`safegrid backup` / `safegrid restore`).
//
// SQLite: Backup copies the live database with SQLite's online backup API (writers carry on)
// into a single self-contained file (rollback-journal mode, no -wal), written to a temporary
// name and renamed into place. Restore checks the file (PRAGMA quick_check), then copies it
// into the target with the same API: one write transaction in the target, so the target holds
// either the old or the new content, never a mix, and connections open on it see the switch
// at their next transaction. Still, restore with the server stopped: its caches (sessions,
// audit heads) do not expect the data to change underneath.
//
// PostgreSQL: pg_dump --format=custom, and pg_restore --clean --if-exists --no-owner
// --single-transaction (all or nothing). The tools are looked up in $SAFEGRID_PG_BINDIR,
// `pg_config --bindir`, /usr/lib/postgresql/15/bin, then $PATH. The password goes to them
// through PGPASSWORD, never on the command line.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/progress_fn.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

// Progress (the command line's terminal line): SQLite reports pages copied of the database's
// pages; PostgreSQL reports bytes pg_dump has written of pg_database_size, an estimate (the
// compressed dump is smaller, so it ends early; the last call is (total, total)).
Status Backup(Database& db, const std::string& out_path, const ProgressFn& progress = {});
// `db_url` as for OpenDatabase. The SQLite target file is created if missing.
// Progress: bytes of the backup file read, of its size (both stores).
Status Restore(const std::string& in_path, std::string_view db_url, const ProgressFn& progress = {});

}  // namespace safegrid::storage
