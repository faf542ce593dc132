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
#include "storage/db.hpp"

namespace safegrid::storage {

Status Backup(Database& db, const std::string& out_path);
// `db_url` as for OpenDatabase. The SQLite target file is created if missing.
Status Restore(const std::string& in_path, std::string_view db_url);

}  // namespace safegrid::storage
