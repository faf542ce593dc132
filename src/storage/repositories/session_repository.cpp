#include "storage/repositories/session_repository.hpp"

#include <array>

namespace safegrid::storage {

Status SessionRepository::Insert(const SessionRecord& s) {
    const std::array<Value, 6> params = {s.token_hash,           s.user_id,  s.created_at, s.expires_at,
                                         Nullable(s.revoked_at), s.client_ip};
    SG_TRY(
        conn_.Execute("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked_at, client_ip) "
                      "VALUES (?, ?, ?, ?, ?, ?)",
                      params));
    return {};
}

Result<std::optional<SessionRecord>> SessionRepository::Find(std::string_view token_hash) {
    const std::array<Value, 1> params = {std::string(token_hash)};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT token_hash, user_id, created_at, expires_at, revoked_at, "
                                               "client_ip FROM sessions WHERE token_hash = ?",
                                               params));
    if (rows.rows.empty()) return std::optional<SessionRecord>();
    const Row& r = rows.rows.front();
    return std::optional<SessionRecord>(SessionRecord{r.Text(0), r.Int(1), r.Int(2), r.Int(3), r.OptInt(4), r.Text(5)});
}

Result<bool> SessionRepository::Revoke(std::string_view token_hash, int64_t at) {
    const std::array<Value, 2> params = {at, std::string(token_hash)};
    SG_ASSIGN_OR_RETURN(
        int64_t changed,
        conn_.Execute("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", params));
    return changed > 0;
}

Result<int64_t> SessionRepository::RevokeAllOf(int64_t user_id, int64_t at,
                                               std::optional<std::string_view> keep_token_hash) {
    const std::array<Value, 3> params = {at, user_id, std::string(keep_token_hash.value_or(""))};
    // An empty keep hash matches no session (hashes are 64 hex characters).
    return conn_.Execute(
        "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash <> ?", params);
}

Result<int64_t> SessionRepository::PurgeEnded(int64_t before) {
    const std::array<Value, 2> params = {before, before};
    return conn_.Execute("DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?", params);
}

}  // namespace safegrid::storage
