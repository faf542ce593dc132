// The routing Database behind `serve --db-read` (see read_replica.hpp for the rules).
#include "storage/read_replica.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cctype>
#include <charconv>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "platform/caller.hpp"
#include "platform/metrics.hpp"

namespace safegrid::storage {
namespace {

thread_local bool lag_tolerated = false;

// The replica's position as last seen. `replay` is max() once the replica has been promoted
// (it is a primary now, as current as anything the primary URL reaches).
struct ReplicaState {
    bool up = false;
    bool lagging = false;
    uint64_t replay = 0;
};

void Count(const char* name) { platform::Metrics::Global().Increment(name); }

// Statements that change data even outside BEGIN ... COMMIT (autocommit through Database::Read).
bool IsChange(std::string_view sql) {
    size_t i = 0;
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    std::string head;
    for (; i < sql.size() && head.size() < 6 && std::isalpha(static_cast<unsigned char>(sql[i])); ++i) {
        head.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i]))));
    }
    return head == "insert" || head == "update" || head == "delete";
}

class RoutingDatabase;

// The connection a lease of RoutingDatabase hands out: forwards to a primary or replica lease
// and, on the primary, remembers the WAL position of what the caller committed.
class RoutedConnection final : public Connection {
  public:
    RoutedConnection(std::shared_ptr<RoutingDatabase> db, Database::Lease inner, bool on_replica, bool lag_tolerant)
        : db_(std::move(db)), inner_(std::move(inner)), on_replica_(on_replica), uncounted_(lag_tolerant) {}

    [[nodiscard]] Dialect dialect() const override { return inner_->dialect(); }
    Result<Rows> Query(std::string_view sql, std::span<const Value> params) override {
        CountRead();
        auto rows = inner_->Query(sql, params);
        if (rows && !in_tx_ && IsChange(sql)) RecordWrite();
        return rows;
    }
    Result<int64_t> Execute(std::string_view sql, std::span<const Value> params) override {
        CountRead();
        auto n = inner_->Execute(sql, params);
        if (n && !in_tx_ && *n > 0) RecordWrite();
        return n;
    }
    Status ExecScript(std::string_view sql) override {
        auto done = inner_->ExecScript(sql);
        if (done && !in_tx_) RecordWrite();
        return done;
    }
    Status Begin(bool write) override;
    Status Commit() override {
        SG_TRY(inner_->Commit());
        in_tx_ = false;
        if (write_tx_) RecordWrite();
        return {};
    }
    Status Rollback() override {
        in_tx_ = false;
        return inner_->Rollback();
    }

  private:
    void RecordWrite();
    // A lag-tolerant lease counts once, at its first statement, as a read by whoever serves it;
    // one that turns into a write transaction is not a read and is not counted.
    void CountRead() {
        if (!uncounted_) return;
        uncounted_ = false;
        Count(on_replica_ ? "safegrid_replica_reads_total{served_by=\"replica\"}"
                          : "safegrid_replica_reads_total{served_by=\"primary\"}");
    }

    std::shared_ptr<RoutingDatabase> db_;
    Database::Lease inner_;
    bool on_replica_;
    bool uncounted_;
    bool in_tx_ = false;
    bool write_tx_ = false;
};

class RoutingDatabase final : public Database, public std::enable_shared_from_this<RoutingDatabase> {
  public:
    RoutingDatabase(std::shared_ptr<Database> primary, std::shared_ptr<Database> replica, ReplicaOptions options)
        : primary_(std::move(primary)), replica_(std::move(replica)), options_(options) {}

    [[nodiscard]] Dialect dialect() const override { return primary_->dialect(); }
    [[nodiscard]] std::string Url() const override { return primary_->Url(); }
    [[nodiscard]] const Database& primary() const { return *primary_; }

    Result<Lease> Acquire() override {
        const bool replica = LagTolerated() && ReplicaMayServe(platform::CurrentCaller());
        if (replica) {
            if (auto lease = replica_->Acquire()) return Wrap(std::move(*lease), true);
            MarkDown();
            Count("safegrid_replica_fallbacks_total{reason=\"replica_down\"}");
        }
        SG_ASSIGN_OR_RETURN(Lease lease, primary_->Acquire());
        return Wrap(std::move(lease), false);
    }

    Result<Lease> AcquirePrimary() { return primary_->Acquire(); }

    // Called on the primary connection that just committed a change for `caller`. The position is
    // read after the commit, so it is at or past the commit record (read inside the transaction it
    // would be before it, and a replica there would not hold the write yet). It is kept in this
    // process and in the store (write_positions), where the other processes behind the same
    // address find it: one statement, the upsert returning the position it stored.
    void Remember(int64_t caller, Connection& conn) {
        const Value params[] = {Value(caller)};
        auto rows = conn.Query(
            "INSERT INTO write_positions (user_id, lsn) "
            "VALUES (?, CAST(pg_current_wal_lsn() - CAST('0/0' AS pg_lsn) AS BIGINT)) "
            "ON CONFLICT (user_id) DO UPDATE SET lsn = GREATEST(write_positions.lsn, excluded.lsn) RETURNING lsn",
            params);
        std::optional<uint64_t> lsn;
        if (rows && !rows->rows.empty()) {
            lsn = static_cast<uint64_t>(rows->rows.front().Int(0));
        } else {
            // Not shared (an old schema, a failing primary): this process still knows, so only a
            // read served by another process could miss the write. Said once, not per write.
            if (!share_warned_.exchange(true)) {
                spdlog::warn(
                    "could not record a write position in the store ({}): read-your-writes holds only "
                    "within this process",
                    rows ? "no row" : rows.error().internal);
            }
            auto current = conn.Query("SELECT CAST(pg_current_wal_lsn() AS TEXT)", {});
            if (current && !current->rows.empty()) lsn = detail::ParseLsn(current->rows.front().Text(0));
        }
        std::lock_guard lock(mu_);
        // Unknown position: the safe answer is "not on the replica yet, ever" until it catches up.
        uint64_t& seen = written_[caller];
        seen = std::max(seen, lsn.value_or(std::numeric_limits<uint64_t>::max()));
    }

  private:
    Result<Lease> Wrap(Lease inner, bool on_replica) {
        auto conn =
            std::make_shared<RoutedConnection>(shared_from_this(), std::move(inner), on_replica, LagTolerated());
        // Dropping the wrapper returns the inner lease to its own pool.
        return Lease(std::move(conn), [](std::shared_ptr<Connection>) {});
    }

    bool ReplicaMayServe(int64_t caller) {
        const ReplicaState state = Refresh();
        if (!state.up) {
            Count("safegrid_replica_fallbacks_total{reason=\"replica_down\"}");
            return false;
        }
        if (state.lagging) {
            Count("safegrid_replica_fallbacks_total{reason=\"replica_lagging\"}");
            return false;
        }
        if (caller == 0 || state.replay == std::numeric_limits<uint64_t>::max()) return true;
        uint64_t needed = StoredPosition(caller);
        {
            std::lock_guard lock(mu_);
            if (auto it = written_.find(caller); it != written_.end()) {
                if (it->second <= state.replay) {
                    written_.erase(it);  // caught up: nothing more to wait for
                } else {
                    needed = std::max(needed, it->second);
                }
            }
        }
        if (needed <= state.replay) return true;
        Count("safegrid_replica_fallbacks_total{reason=\"read_your_writes\"}");
        return false;
    }

    // The caller's last write position as the store has it (written by whichever process served
    // the write), looked up once per request: later marked reads of the same request reuse it,
    // and this process's own later writes are in written_. 0 when the user never wrote; max()
    // when the store cannot say (then the primary serves, the safe answer).
    uint64_t StoredPosition(int64_t caller) {
        struct Cached {
            uint64_t request = 0;
            int64_t caller = 0;
            uint64_t lsn = 0;
        };
        thread_local Cached cached;
        const uint64_t request = platform::CurrentRequest();
        if (request != 0 && cached.request == request && cached.caller == caller) return cached.lsn;
        const Value params[] = {Value(caller)};
        auto rows = primary_->Read([&](Connection& conn) -> Result<Rows> {
            return conn.Query("SELECT lsn FROM write_positions WHERE user_id = ?", params);
        });
        uint64_t lsn = std::numeric_limits<uint64_t>::max();
        if (rows) lsn = rows->rows.empty() ? 0 : static_cast<uint64_t>(rows->rows.front().Int(0));
        cached = Cached{request, caller, lsn};
        return lsn;
    }

    void MarkDown() {
        std::lock_guard lock(mu_);
        Log(false, state_.lagging);
        state_.up = false;
        refreshed_ = std::chrono::steady_clock::now();
    }

    // Logs a change of the replica's health once (not per request).
    void Log(bool up, bool lagging) {
        if (checked_ && up == state_.up && lagging == state_.lagging) return;
        if (!up) {
            spdlog::warn("read replica {} is unreachable: lag-tolerant reads go to the primary", replica_->Url());
        } else if (lagging) {
            spdlog::warn("read replica {} is more than {}s behind: lag-tolerant reads go to the primary",
                         replica_->Url(), options_.max_lag.count());
        } else if (checked_) {
            spdlog::info("read replica {} serves lag-tolerant reads again", replica_->Url());
        }
        checked_ = true;
    }

    ReplicaState Refresh() {
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(mu_);
            // A down replica is asked again once a second, not at every read.
            const auto every = state_.up ? options_.refresh : std::chrono::milliseconds(1000);
            if (refreshing_ || (checked_ && now - refreshed_ < every)) return state_;
            refreshing_ = true;
        }
        ReplicaState fresh;
        uint64_t received = 0;
        auto read = replica_->Read([&](Connection& conn) -> Result<Rows> {
            return conn.Query(
                "SELECT CAST(pg_is_in_recovery() AS INTEGER), CAST(pg_last_wal_replay_lsn() AS TEXT), "
                "CAST(pg_last_wal_receive_lsn() AS TEXT)",
                {});
        });
        if (read && !read->rows.empty()) {
            const Row& r = read->rows.front();
            fresh.up = true;
            if (r.Int(0) == 0) {
                fresh.replay = std::numeric_limits<uint64_t>::max();
            } else {
                fresh.replay = detail::ParseLsn(r.OptText(1).value_or("")).value_or(0);
                received = detail::ParseLsn(r.OptText(2).value_or("")).value_or(0);
            }
        }
        std::lock_guard lock(mu_);
        // Behind by WAL it holds but has not replayed, without progress for max_lag (replay
        // paused, a conflicting query, a slow disk). Time since the last replayed commit would
        // not do: on a quiet primary it grows while the replica is fully current.
        const auto stamp = std::chrono::steady_clock::now();
        if (!fresh.up || received <= fresh.replay || fresh.replay != state_.replay) stuck_since_ = stamp;
        fresh.lagging = fresh.up && received > fresh.replay && stamp - stuck_since_ > options_.max_lag;
        Log(fresh.up, fresh.lagging);
        state_ = fresh;
        refreshed_ = std::chrono::steady_clock::now();
        refreshing_ = false;
        if (written_.size() > 10000) std::erase_if(written_, [&](const auto& kv) { return kv.second <= fresh.replay; });
        return state_;
    }

    std::shared_ptr<Database> primary_;
    std::shared_ptr<Database> replica_;
    const ReplicaOptions options_;

    std::mutex mu_;
    ReplicaState state_;
    bool checked_ = false;
    bool refreshing_ = false;
    std::chrono::steady_clock::time_point refreshed_{};
    std::chrono::steady_clock::time_point stuck_since_{};
    std::unordered_map<int64_t, uint64_t> written_;  // user id → WAL position of their last commit
    std::atomic<bool> share_warned_{false};
};

Status RoutedConnection::Begin(bool write) {
    // A write that starts on a replica lease (a marked path that turns out to write) moves to
    // the primary before anything has run.
    if (write) uncounted_ = false;
    if (write && on_replica_) {
        SG_ASSIGN_OR_RETURN(Database::Lease primary, db_->AcquirePrimary());
        inner_ = std::move(primary);
        on_replica_ = false;
    }
    SG_TRY(inner_->Begin(write));
    in_tx_ = true;
    write_tx_ = write;
    return {};
}

void RoutedConnection::RecordWrite() {
    write_tx_ = false;
    if (on_replica_) return;
    if (const int64_t caller = platform::CurrentCaller(); caller != 0) db_->Remember(caller, *inner_);
}

}  // namespace

LagTolerantReads::LagTolerantReads() : previous_(lag_tolerated) { lag_tolerated = true; }
LagTolerantReads::~LagTolerantReads() { lag_tolerated = previous_; }
bool LagTolerated() { return lag_tolerated; }

Result<std::shared_ptr<Database>> WithReadReplica(std::shared_ptr<Database> primary, std::string_view read_url,
                                                  const DbOptions& options, ReplicaOptions replica) {
    const bool pg_read = read_url.starts_with("postgresql://") || read_url.starts_with("postgres://");
    if (primary->dialect() != Dialect::kPostgres || !pg_read) {
        return Malformed({"只读副本（--db-read）仅用于 PostgreSQL：SQLite 是单个文件，没有副本",
                          "--db-read needs PostgreSQL for both --db and --db-read: SQLite is one file and has no "
                          "replica"},
                         "db_read_unsupported");
    }
    DbOptions read_options = options;
    read_options.replica = true;
    SG_ASSIGN_OR_RETURN(std::shared_ptr<Database> reader, OpenDatabase(read_url, read_options));
    return std::shared_ptr<Database>(std::make_shared<RoutingDatabase>(std::move(primary), std::move(reader), replica));
}

const Database& PrimaryOf(const Database& db) {
    const auto* routing = dynamic_cast<const RoutingDatabase*>(&db);
    return routing ? routing->primary() : db;
}

namespace detail {

std::optional<uint64_t> ParseLsn(std::string_view text) {
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= text.size()) return std::nullopt;
    uint32_t hi = 0, lo = 0;
    const char* end = text.data() + text.size();
    auto a = std::from_chars(text.data(), text.data() + slash, hi, 16);
    auto b = std::from_chars(text.data() + slash + 1, end, lo, 16);
    if (a.ec != std::errc() || a.ptr != text.data() + slash || b.ec != std::errc() || b.ptr != end) return std::nullopt;
    return (static_cast<uint64_t>(hi) << 32) | lo;
}

}  // namespace detail
}  // namespace safegrid::storage
