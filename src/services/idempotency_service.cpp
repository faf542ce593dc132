#include "services/idempotency_service.hpp"

#include <algorithm>

#include "storage/repositories/idempotency_repository.hpp"

namespace safegrid::services {
namespace {

constexpr size_t kMaxKeyLength = 200;

bool ValidKey(const std::string& key) {
    return !key.empty() && key.size() <= kMaxKeyLength &&
           std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

Status CheckKey(const std::string& key) {
    if (ValidKey(key)) return {};
    return Malformed(
        {"Idempotency-Key 须为 1–200 个可打印 ASCII 字符", "Idempotency-Key must be 1–200 printable ASCII characters"},
        "invalid_idempotency_key");
}

// What a stored record answers to a repeat: its first answer, or why it cannot.
Result<IdempotentOutcome> Replay(const IdempotentCall& call, const storage::IdempotencyRecord& stored) {
    if (stored.method != call.method || stored.path != call.path) {
        return Fail({Code::kValidation,
                     "idempotency_key_reused",
                     {"该 Idempotency-Key 已用于另一个请求", "This Idempotency-Key was used for another request"},
                     {},
                     {}});
    }
    if (stored.status == 0) {
        return Conflict("idempotency_key_in_progress",
                        {"相同请求正在处理中，请稍后重试", "The same request is still being processed; retry shortly"});
    }
    return IdempotentOutcome{{stored.status, stored.content_type, stored.body}, true};
}

// Returned from the transaction to make it roll back; never leaves this file.
constexpr std::string_view kRollbackId = "idempotency_rollback";

}  // namespace

IdempotencyService::IdempotencyService(std::shared_ptr<storage::Database> db, const Clock& clock, int64_t ttl_seconds)
    : db_(std::move(db)), clock_(clock), ttl_seconds_(ttl_seconds) {}

Result<IdempotentOutcome> IdempotencyService::Run(const IdempotentCall& call,
                                                  const std::function<StoredAnswer()>& handler) {
    SG_TRY(CheckKey(call.key));
    // Joining an outer transaction would let our rollback-by-error be swallowed or committed by it.
    if (storage::Database::Current() != nullptr) return Internal("idempotent call inside an open transaction");

    const int64_t now = clock_.Now();
    StoredAnswer failed_answer;
    bool rolled_back = false;
    auto result = db_->Transact(true, [&](storage::Connection& conn) -> Result<IdempotentOutcome> {
        storage::IdempotencyRepository repo(conn);
        SG_TRY(repo.DeleteIfOlder(call.caller, call.key, now - ttl_seconds_));
        SG_ASSIGN_OR_RETURN(bool reserved,
                            repo.Reserve({call.caller, call.key, call.method, call.path, 0, "", "", now}));
        if (!reserved) {
            SG_ASSIGN_OR_RETURN(auto stored, repo.Find(call.caller, call.key));
            if (!stored) return Unavailable("idempotency key vanished between insert and select");
            return Replay(call, *stored);
        }
        StoredAnswer answer = handler();
        if (answer.status < 200 || answer.status > 299) {
            failed_answer = std::move(answer);
            rolled_back = true;
            return Fail({Code::kInternal, std::string(kRollbackId), {}, {}, {}});
        }
        SG_TRY(repo.Complete(call.caller, call.key, answer.status, answer.content_type, answer.body));
        return IdempotentOutcome{std::move(answer), false};
    });
    if (!result && rolled_back && result.error().id == kRollbackId) {
        return IdempotentOutcome{std::move(failed_answer), false};
    }
    return result;
}

Result<IdempotentOutcome> IdempotencyService::RunOutsideTransaction(const IdempotentCall& call,
                                                                    const std::function<StoredAnswer()>& handler) {
    SG_TRY(CheckKey(call.key));
    if (storage::Database::Current() != nullptr) return Internal("idempotent call inside an open transaction");
    const int64_t now = clock_.Now();
    SG_ASSIGN_OR_RETURN(auto first,
                        db_->Transact(true, [&](storage::Connection& conn) -> Result<std::optional<IdempotentOutcome>> {
                            storage::IdempotencyRepository repo(conn);
                            SG_TRY(repo.DeleteIfOlder(call.caller, call.key, now - ttl_seconds_));
                            SG_ASSIGN_OR_RETURN(auto stored, repo.Find(call.caller, call.key));
                            if (!stored) return std::optional<IdempotentOutcome>();
                            SG_ASSIGN_OR_RETURN(auto replay, Replay(call, *stored));
                            return std::optional<IdempotentOutcome>(std::move(replay));
                        }));
    if (first) return std::move(*first);

    StoredAnswer answer = handler();
    if (answer.status < 200 || answer.status > 299) return IdempotentOutcome{std::move(answer), false};
    SG_TRY(db_->Transact(true, [&](storage::Connection& conn) -> Status {
        storage::IdempotencyRepository repo(conn);
        SG_ASSIGN_OR_RETURN(bool reserved,
                            repo.Reserve({call.caller, call.key, call.method, call.path, 0, "", "", now}));
        // A racing first request stored its answer already: ours stands for this response only.
        if (!reserved) return {};
        return repo.Complete(call.caller, call.key, answer.status, answer.content_type, answer.body);
    }));
    return IdempotentOutcome{std::move(answer), false};
}

Result<int64_t> IdempotencyService::PurgeExpired() {
    const int64_t cutoff = clock_.Now() - ttl_seconds_;
    return db_->Transact(true,
                         [&](storage::Connection& conn) { return storage::IdempotencyRepository(conn).Purge(cutoff); });
}

}  // namespace safegrid::services
