#include "storage/repositories/idempotency_repository.hpp"

#include <array>

namespace safegrid::storage {

Result<bool> IdempotencyRepository::Reserve(const IdempotencyRecord& r) {
    const std::array<Value, 8> params = {r.caller,          r.key,          r.method, r.path,
                                         int64_t{r.status}, r.content_type, r.body,   r.created_at};
    SG_ASSIGN_OR_RETURN(int64_t changed,
                        conn_.Execute("INSERT INTO idempotency_keys (caller, key, method, path, status, content_type, "
                                      "body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                      "ON CONFLICT (caller, key) DO NOTHING",
                                      params));
    return changed > 0;
}

Result<std::optional<IdempotencyRecord>> IdempotencyRepository::Find(std::string_view caller, std::string_view key) {
    const std::array<Value, 2> params = {std::string(caller), std::string(key)};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT caller, key, method, path, status, content_type, body, "
                                               "created_at FROM idempotency_keys WHERE caller = ? AND key = ?",
                                               params));
    if (rows.rows.empty()) return std::optional<IdempotencyRecord>();
    const Row& r = rows.rows.front();
    return std::optional<IdempotencyRecord>(IdempotencyRecord{
        r.Text(0), r.Text(1), r.Text(2), r.Text(3), static_cast<int>(r.Int(4)), r.Text(5), r.Text(6), r.Int(7)});
}

Status IdempotencyRepository::Complete(std::string_view caller, std::string_view key, int status,
                                       std::string_view content_type, std::string_view body) {
    const std::array<Value, 5> params = {int64_t{status}, std::string(content_type), std::string(body),
                                         std::string(caller), std::string(key)};
    SG_TRY(conn_.Execute(
        "UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE caller = ? AND key = ?", params));
    return {};
}

Status IdempotencyRepository::DeleteIfOlder(std::string_view caller, std::string_view key, int64_t cutoff) {
    const std::array<Value, 3> params = {std::string(caller), std::string(key), cutoff};
    SG_TRY(conn_.Execute("DELETE FROM idempotency_keys WHERE caller = ? AND key = ? AND created_at < ?", params));
    return {};
}

Result<int64_t> IdempotencyRepository::Purge(int64_t cutoff) {
    const std::array<Value, 1> params = {cutoff};
    return conn_.Execute("DELETE FROM idempotency_keys WHERE created_at < ?", params);
}

}  // namespace safegrid::storage
