#include "support/sql_log.hpp"

namespace safegrid::test {
namespace {

// Forwards to the pooled connection of a lease it keeps; logs what passes through.
class RecordingConnection : public storage::Connection {
  public:
    RecordingConnection(storage::Database::Lease inner, std::shared_ptr<SqlLog> log)
        : inner_(std::move(inner)), log_(std::move(log)) {}
    [[nodiscard]] storage::Dialect dialect() const override { return inner_->dialect(); }
    Result<storage::Rows> Query(std::string_view sql, std::span<const storage::Value> params) override {
        log_->Add(sql, params);
        return inner_->Query(sql, params);
    }
    Result<int64_t> Execute(std::string_view sql, std::span<const storage::Value> params) override {
        log_->Add(sql, params);
        return inner_->Execute(sql, params);
    }
    Status ExecScript(std::string_view sql) override {
        log_->Add(sql, {});
        return inner_->ExecScript(sql);
    }
    Status Begin(bool write) override { return inner_->Begin(write); }
    Status Commit() override { return inner_->Commit(); }
    Status Rollback() override { return inner_->Rollback(); }

  private:
    storage::Database::Lease inner_;  // returned to the real pool when this connection is dropped
    std::shared_ptr<SqlLog> log_;
};

}  // namespace

void SqlLog::Add(std::string_view sql, std::span<const storage::Value> params) {
    if (!recording_) return;
    std::lock_guard lock(mutex_);
    statements_.push_back({std::string(sql), std::vector<storage::Value>(params.begin(), params.end())});
}

std::vector<LoggedStatement> SqlLog::Take() {
    std::lock_guard lock(mutex_);
    return std::exchange(statements_, {});
}

Result<storage::Database::Lease> RecordingDatabase::Acquire() {
    auto lease = inner_->Acquire();
    if (!lease) return tl::unexpected<Error>(lease.error());
    auto conn = std::make_shared<RecordingConnection>(std::move(*lease), log_);
    // Dropping the wrapper drops the inner lease, which hands the real connection back.
    return Lease(std::move(conn), [](std::shared_ptr<storage::Connection>) {});
}

std::string ValueText(const storage::Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return "NULL";
    if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
    if (const auto* s = std::get_if<std::string>(&v)) return "'" + s->substr(0, 40) + "'";
    return "<blob>";
}

}  // namespace safegrid::test
