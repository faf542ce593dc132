// Lets a test do what an attacker with direct access to the database does: switch off the
// append-only triggers of migration 0008 (SQLite: drop them; PostgreSQL: disable them, which the
// table's owner or a superuser can), so audit rows can be altered or deleted to prove that
// `audit verify` notices.
#pragma once

#include <gtest/gtest.h>

#include "storage/db.hpp"

namespace safegrid::test {

inline void AllowAuditTampering(storage::Database& db) {
    auto done = db.Transact(true, [](storage::Connection& c) -> Status {
        if (c.dialect() == storage::Dialect::kSqlite) {
            SG_TRY(c.Execute("DROP TRIGGER IF EXISTS audit_log_refuse_update"));
            SG_TRY(c.Execute("DROP TRIGGER IF EXISTS audit_log_refuse_delete"));
        } else {
            SG_TRY(c.Execute("ALTER TABLE audit_log DISABLE TRIGGER USER"));
        }
        return {};
    });
    ASSERT_TRUE(done) << done.error().internal;
}

}  // namespace safegrid::test
