#include "storage/repositories/coordination_repository.hpp"

#include <array>

namespace safegrid::storage {

int64_t LockKey(std::string_view name) {
    uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : name) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return static_cast<int64_t>(h);
}

Status CoordinationRepository::LockForTransaction(std::string_view name) {
    if (conn_.dialect() != Dialect::kPostgres) return {};
    const std::array<Value, 1> params = {LockKey(name)};
    SG_TRY(conn_.Query("SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))", params));
    return {};
}

Result<bool> CoordinationRepository::TakeJobLease(std::string_view job, std::string_view owner, int64_t now,
                                                  int64_t until) {
    // On PostgreSQL a racing upsert waits for the other's row lock and then re-checks the WHERE
    // against the committed row, so exactly one of them changes it.
    const std::array<Value, 4> params = {std::string(job), std::string(owner), until, now};
    SG_ASSIGN_OR_RETURN(int64_t changed,
                        conn_.Execute("INSERT INTO job_leases (job, lease_owner, lease_until) VALUES (?, ?, ?) "
                                      "ON CONFLICT (job) DO UPDATE SET lease_owner = excluded.lease_owner, "
                                      "lease_until = excluded.lease_until WHERE job_leases.lease_until <= ?",
                                      params));
    return changed == 1;
}

Status CoordinationRepository::ReleaseJobLease(std::string_view job, std::string_view owner) {
    const std::array<Value, 2> params = {std::string(job), std::string(owner)};
    SG_TRY(conn_.Execute("UPDATE job_leases SET lease_until = 0 WHERE job = ? AND lease_owner = ?", params));
    return {};
}

Result<std::vector<RateWindowRow>> CoordinationRepository::RateWindows(std::string_view limiter,
                                                                       std::string_view user_key,
                                                                       std::string_view address_key,
                                                                       std::string_view pair_key) {
    const std::array<Value, 4> params = {std::string(limiter), std::string(user_key), std::string(address_key),
                                         std::string(pair_key)};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT tbl, bucket, started, failures FROM rate_windows "
                                               "WHERE limiter = ? AND ((tbl = 'user' AND bucket = ?) OR "
                                               "(tbl = 'address' AND bucket = ?) OR "
                                               "(tbl IN ('pair', 'known') AND bucket = ?))",
                                               params));
    std::vector<RateWindowRow> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back({r.Text(0), r.Text(1), r.Int(2), r.Int(3)});
    return out;
}

Status CoordinationRepository::PutRateWindow(std::string_view limiter, const RateWindowRow& row, int64_t expires_at) {
    const std::array<Value, 6> params = {std::string(limiter), row.tbl,      row.bucket,
                                         row.started,          row.failures, expires_at};
    SG_TRY(
        conn_.Execute("INSERT INTO rate_windows (limiter, tbl, bucket, started, failures, expires_at) "
                      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (limiter, tbl, bucket) DO UPDATE SET "
                      "started = excluded.started, failures = excluded.failures, expires_at = excluded.expires_at",
                      params));
    return {};
}

Status CoordinationRepository::DeleteRateWindow(std::string_view limiter, std::string_view tbl,
                                                std::string_view bucket) {
    const std::array<Value, 3> params = {std::string(limiter), std::string(tbl), std::string(bucket)};
    SG_TRY(conn_.Execute("DELETE FROM rate_windows WHERE limiter = ? AND tbl = ? AND bucket = ?", params));
    return {};
}

Result<int64_t> CoordinationRepository::PurgeRateWindows(int64_t now) {
    const std::array<Value, 1> params = {now};
    return conn_.Execute("DELETE FROM rate_windows WHERE expires_at <= ?", params);
}

}  // namespace safegrid::storage
