// The PostgreSQL Database: a pool of PgConnection.
#include "storage/postgres/pg_db.hpp"

#include <spdlog/spdlog.h>

#include "storage/read_replica.hpp"

namespace safegrid::storage::detail {
namespace {

class PgDatabase final : public Database {
  public:
    PgDatabase(DbUrl url, std::shared_ptr<ConnectionPool> pool) : url_(std::move(url)), pool_(std::move(pool)) {}
    ~PgDatabase() override { pool_->Close(); }

    [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
    [[nodiscard]] std::string Url() const override { return url_.redacted; }
    Result<Lease> Acquire() override { return pool_->Acquire(); }
    [[nodiscard]] const DbUrl& url() const { return url_; }

  private:
    DbUrl url_;
    std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace

Result<std::shared_ptr<Database>> OpenPostgres(const DbUrl& url, const DbOptions& options) {
    const size_t size = static_cast<size_t>(options.pool_size < 1 ? 1 : options.pool_size);
    auto pool = ConnectionPool::Create(
        "postgres", size, std::chrono::milliseconds(options.busy_timeout_ms < 0 ? 0 : options.busy_timeout_ms),
        [full = url.full, writable = !options.replica]() -> Result<std::shared_ptr<PooledConnection>> {
            SG_ASSIGN_OR_RETURN(std::shared_ptr<PgConnection> conn, PgConnection::Connect(full, writable));
            return std::shared_ptr<PooledConnection>(std::move(conn));
        });
    // Connect once now so a wrong URL, password or a down server is reported at start-up. A read
    // replica may be down: the primary serves its reads until it answers.
    if (auto warm = pool->Warm(); !warm) {
        if (!options.replica) return Fail(std::move(warm.error()));
        spdlog::warn("read replica {} not reachable at start-up: {}", url.redacted, warm.error().internal);
    }
    return std::make_shared<PgDatabase>(url, std::move(pool));
}

const DbUrl* PgUrlOf(const Database& db) {
    const auto* pg = dynamic_cast<const PgDatabase*>(&PrimaryOf(db));
    return pg ? &pg->url() : nullptr;
}

}  // namespace safegrid::storage::detail
