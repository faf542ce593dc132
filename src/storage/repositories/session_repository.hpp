// SQL for the sessions table. Sessions are keyed by the SHA-256 (hex) of the bearer token;
// the token itself is never stored.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

struct SessionRecord {
    std::string token_hash;
    int64_t user_id = 0;
    int64_t created_at = 0;
    int64_t expires_at = 0;
    std::optional<int64_t> revoked_at;
    std::string client_ip;
};

class SessionRepository {
  public:
    explicit SessionRepository(Connection& conn) : conn_(conn) {}

    Status Insert(const SessionRecord& session);
    Result<std::optional<SessionRecord>> Find(std::string_view token_hash);
    // Marks the session revoked at `at`; returns false when it was unknown or already revoked.
    Result<bool> Revoke(std::string_view token_hash, int64_t at);
    // Revokes every open session of `user_id` at `at`, except the one of `keep_token_hash` when
    // given; returns how many it revoked.
    Result<int64_t> RevokeAllOf(int64_t user_id, int64_t at, std::optional<std::string_view> keep_token_hash);
    // Deletes sessions that expired (or were revoked) before `before`; returns how many.
    Result<int64_t> PurgeEnded(int64_t before);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
