// SQL for idempotency_keys: the stored first answer of a POST sent with an Idempotency-Key.
// The protocol (reserve → run → complete, all in one transaction) is in
// services/idempotency_service.cpp.
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

struct IdempotencyRecord {
    std::string caller;
    std::string key;
    std::string method;
    std::string path;
    int status = 0;  // 0 while the first request is still running
    std::string content_type;
    std::string body;
    int64_t created_at = 0;
};

class IdempotencyRepository {
  public:
    explicit IdempotencyRepository(Connection& conn) : conn_(conn) {}

    // Inserts a placeholder (status 0) unless (caller, key) exists; true when inserted.
    // On PostgreSQL a concurrent first request holding the same key makes this wait for it.
    Result<bool> Reserve(const IdempotencyRecord& record);
    Result<std::optional<IdempotencyRecord>> Find(std::string_view caller, std::string_view key);
    Status Complete(std::string_view caller, std::string_view key, int status, std::string_view content_type,
                    std::string_view body);
    // Deletes (caller, key) when created before `cutoff` (an expired key may be reused).
    Status DeleteIfOlder(std::string_view caller, std::string_view key, int64_t cutoff);
    // Deletes every key created before `cutoff`; returns how many.
    Result<int64_t> Purge(int64_t cutoff);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
