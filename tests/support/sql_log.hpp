// A test-only decorator of storage::Database that records every statement its connections run,
// with the parameters bound to it (the SingleTownQueries test reads the log to prove that the
// services' statements stay on one town's shard: docs/scale.md). Production code never sees it:
// app::BuildServices takes the wrapped store like any other.
//
// Thread-safety: the log is guarded by a mutex; connections follow storage::Connection's rules.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "storage/db.hpp"

namespace safegrid::test {

struct LoggedStatement {
    std::string sql;
    std::vector<storage::Value> params;
};

class SqlLog {
  public:
    void Add(std::string_view sql, std::span<const storage::Value> params);
    // Everything recorded since the last Take(), oldest first; empties the log.
    std::vector<LoggedStatement> Take();
    // Off while a test sets up its data, on while it drives the use cases it checks.
    void SetRecording(bool on) { recording_ = on; }

  private:
    std::atomic<bool> recording_{false};
    std::mutex mutex_;
    std::vector<LoggedStatement> statements_;
};

class RecordingDatabase : public storage::Database {
  public:
    RecordingDatabase(std::shared_ptr<storage::Database> inner, std::shared_ptr<SqlLog> log)
        : inner_(std::move(inner)), log_(std::move(log)) {}
    [[nodiscard]] storage::Dialect dialect() const override { return inner_->dialect(); }
    [[nodiscard]] std::string Url() const override { return inner_->Url(); }
    Result<Lease> Acquire() override;

  private:
    std::shared_ptr<storage::Database> inner_;
    std::shared_ptr<SqlLog> log_;
};

// Renders a value for failure messages.
std::string ValueText(const storage::Value& v);

}  // namespace safegrid::test
