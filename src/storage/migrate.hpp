// The migration engine behind storage::Migrate (db.hpp), exposed for tools and tests.
//
// Migrations are the numbered files src/storage/migrations/{sqlite,postgres}/NNNN_name.sql,
// compiled into the binary (cmake/EmbedMigrations.cmake). Each one runs in its own write
// transaction together with its row in schema_migrations, so a failure leaves no half-applied
// file. On PostgreSQL every step also holds pg_advisory_xact_lock, so two servers starting
// at once apply each file exactly once. A migration file must not contain BEGIN/COMMIT.
#pragma once

#include <span>
#include <string_view>

#include "core/progress_fn.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

struct Migration {
    int version = 0;        // NNNN, > 0, unique per dialect
    std::string_view name;  // the file name's "name" part
    std::string_view sql;   // a script of one or more statements
};

// The migrations compiled into this binary for `dialect`, ascending by version.
std::span<const Migration> EmbeddedMigrations(Dialect dialect);

// Applies those of `migrations` that `db` has not applied yet, in ascending order.
// Fails (kInternal) when `db` already has a version newer than any in `migrations`: an older
// binary must not run against a schema it does not know.
// `progress` hears (applied, pending) after each migration, (0, pending) first when any is pending.
Status ApplyMigrations(Database& db, std::span<const Migration> migrations, const ProgressFn& progress = {});
// Migrate (db.hpp) with progress: the `migrate` command's terminal line.
Status MigrateWithProgress(Database& db, const ProgressFn& progress);

}  // namespace safegrid::storage
