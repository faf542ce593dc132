#include "services/audit_service.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <limits>
#include <map>

#include "platform/crypto.hpp"
#include "storage/repositories/audit_repository.hpp"

namespace safegrid::services {
namespace {

constexpr int64_t kVerifyPageSize = 1000;
constexpr int64_t kMaxListPageSize = 200;
constexpr std::string_view kSystemActor = "system";

AuditRecord FromRow(storage::AuditRow r) {
    AuditRecord rec{r.id,
                    r.town_id,
                    r.actor_id,
                    std::move(r.actor_name),
                    r.at,
                    std::move(r.entity),
                    r.entity_id,
                    std::move(r.action),
                    std::move(r.before_json),
                    std::move(r.after_json),
                    std::move(r.prev_hash),
                    std::move(r.hash)};
    rec.actor_display_name = std::move(r.actor_display_name);
    rec.actor_role = std::move(r.actor_role);
    rec.entity_label = std::move(r.entity_label);
    return rec;
}

struct ChainCheck {
    int64_t checked = 0;
    std::optional<int64_t> bad_id;
    std::string reason;
};

// Walks one chain in id order up to the head's last_id (entries appended after the head was read
// belong to transactions that committed later and are left for the next run). `mark` is the
// chain's line of the checkpoint, if any: the walk must pass its entry with its hash and count.
Result<ChainCheck> CheckChain(storage::AuditRepository& repo, int64_t town_id,
                              const std::optional<storage::AuditHead>& head, const AuditCheckpointChain* mark) {
    ChainCheck out;
    const int64_t up_to = head ? head->last_id : std::numeric_limits<int64_t>::max();
    std::string prev = kAuditGenesisHash;
    int64_t last_id = 0;
    bool mark_seen = false;
    auto fail = [&](int64_t id, std::string reason) {
        out.bad_id = id;
        out.reason = std::move(reason);
        return out;
    };
    for (;;) {
        SG_ASSIGN_OR_RETURN(auto page, repo.ChainPage(town_id, last_id, up_to, kVerifyPageSize));
        for (auto& row : page) {
            ++out.checked;
            AuditRecord rec = FromRow(std::move(row));
            // Hash first: an altered entry is reported as itself, not as a gap after it.
            if (AuditEntryHash(rec.prev_hash, rec) != rec.hash) return fail(rec.id, "hash mismatch");
            if (rec.prev_hash != prev) return fail(rec.id, "missing entry before");
            if (mark && !mark_seen && rec.id >= mark->last_id) {
                // The chain is intact up to here, so a different hash (or count) at the checkpoint's
                // entry means the database holds another history than the one the checkpoint saw.
                if (rec.id != mark->last_id) return fail(mark->last_id, "missing checkpoint entry");
                if (rec.hash != mark->last_hash || out.checked != mark->entries) {
                    return fail(rec.id, "differs from checkpoint");
                }
                mark_seen = true;
            }
            prev = rec.hash;
            last_id = rec.id;
        }
        if (static_cast<int64_t>(page.size()) < kVerifyPageSize) break;
    }
    if (mark && !mark_seen) {
        // The chain ends before the entry the checkpoint saw: a deleted tail or an older copy.
        return fail(mark->last_id, "missing checkpoint entry (chain ends at entry " + std::to_string(last_id) + ")");
    }
    if (!head) {
        if (out.checked == 0) return out;  // a chain only the checkpoint names, already failed above
        // Entries but no head: the head row was deleted, so a deleted tail could not be seen.
        return fail(last_id, "chain head missing");
    }
    if (head->last_id != last_id || head->last_hash != prev) {
        // The head names an entry the chain does not end with: the tail was deleted (or the head edited).
        return fail(head->last_id, last_id < head->last_id ? "missing entry at end" : "head mismatch");
    }
    return out;
}

}  // namespace

std::string CanonicalAuditEntry(const AuditRecord& r) {
    boost::json::array a;
    a.reserve(9);
    a.emplace_back(r.town_id);
    if (r.actor_id)
        a.emplace_back(*r.actor_id);
    else
        a.emplace_back(nullptr);
    a.emplace_back(r.actor_name);
    a.emplace_back(r.at);
    a.emplace_back(r.entity);
    a.emplace_back(r.entity_id);
    a.emplace_back(r.action);
    a.emplace_back(r.before_json);
    a.emplace_back(r.after_json);
    return boost::json::serialize(a);
}

std::string AuditEntryHash(const std::string& prev_hash, const AuditRecord& record) {
    return platform::Blake2b256Hex(prev_hash + CanonicalAuditEntry(record));
}

AuditService::AuditService(std::shared_ptr<storage::Database> db, const Clock& clock)
    : db_(std::move(db)), clock_(clock) {}

Status AuditService::Append(storage::Connection& conn, const Principal* actor, const AuditChange& change) {
    if (change.entity.empty() || change.action.empty()) return Internal("audit change without entity or action");
    storage::AuditRepository repo(conn);
    SG_ASSIGN_OR_RETURN(storage::AuditHead head, repo.LockHead(change.town_id, kAuditGenesisHash));

    AuditRecord rec;
    rec.town_id = change.town_id;
    if (actor) {
        rec.actor_id = actor->user_id;
        rec.actor_name = actor->username;
    } else {
        rec.actor_name = kSystemActor;
    }
    rec.at = clock_.Now();
    rec.entity = change.entity;
    rec.entity_id = change.entity_id;
    rec.action = change.action;
    rec.before_json = boost::json::serialize(change.before);
    rec.after_json = boost::json::serialize(change.after);
    rec.prev_hash = head.last_hash;
    rec.hash = AuditEntryHash(rec.prev_hash, rec);

    SG_ASSIGN_OR_RETURN(int64_t id, repo.Insert(storage::AuditRow{
                                        0, rec.town_id, rec.actor_id, rec.actor_name, rec.at, rec.entity, rec.entity_id,
                                        rec.action, rec.before_json, rec.after_json, rec.prev_hash, rec.hash}));
    return repo.UpdateHead(storage::AuditHead{change.town_id, id, rec.hash});
}

Result<std::pair<std::vector<AuditRecord>, int64_t>> AuditService::List(const Principal& caller, const Query& query) {
    storage::AuditRepository::ListQuery q;
    if (caller.role == Role::kAdmin && caller.scope.level == Scope::Level::kAll) {
        // every chain
    } else if (caller.role == Role::kTown && caller.scope.level == Scope::Level::kTown) {
        q.town_id = caller.scope.id;
    } else {
        return Forbidden();
    }
    q.entity = query.entity;
    q.entity_id = query.entity_id;
    q.offset = std::max<int64_t>(0, query.offset);
    q.limit = std::clamp<int64_t>(query.limit, 1, kMaxListPageSize);
    return db_->Read([&](storage::Connection& conn) -> Result<std::pair<std::vector<AuditRecord>, int64_t>> {
        storage::AuditRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto page, repo.List(q));
        std::vector<AuditRecord> out;
        out.reserve(page.first.size());
        for (auto& row : page.first) out.push_back(FromRow(std::move(row)));
        return std::make_pair(std::move(out), page.second);
    });
}

Result<AuditVerification> AuditService::Verify(const AuditCheckpoint* checkpoint) {
    // PostgreSQL runs this read-committed, so each statement sees later commits. The order of reads
    // keeps that harmless: chains are listed before heads are read (a chain's first entry and its
    // head commit together, so every listed chain has a head by then), and each chain is walked
    // only up to the id its head named (later appends are left for the next run).
    std::map<int64_t, const AuditCheckpointChain*> marks;
    if (checkpoint) {
        for (const auto& c : checkpoint->chains) marks[c.town_id] = &c;
    }
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<AuditVerification> {
        storage::AuditRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto towns, repo.ChainTowns());
        SG_ASSIGN_OR_RETURN(auto heads, repo.Heads());
        std::map<int64_t, std::optional<storage::AuditHead>> chains;
        for (auto& h : heads) chains[h.town_id] = std::move(h);
        for (int64_t t : towns) chains.try_emplace(t);
        for (const auto& [t, mark] : marks) chains.try_emplace(t);  // a chain deleted whole is still checked

        AuditVerification v;
        for (const auto& [town_id, head] : chains) {
            auto mark = marks.find(town_id);
            SG_ASSIGN_OR_RETURN(ChainCheck c,
                                CheckChain(repo, town_id, head, mark == marks.end() ? nullptr : mark->second));
            v.entries_checked += c.checked;
            if (c.bad_id && (!v.first_bad_id || *c.bad_id < *v.first_bad_id)) {
                v.first_bad_id = c.bad_id;
                v.reason = std::move(c.reason);
            }
        }
        v.intact = !v.first_bad_id.has_value();
        v.checkpoint_checked = checkpoint && v.intact;
        return v;
    });
}

Result<std::vector<AuditCheckpointChain>> AuditService::CheckpointChains(const AuditCheckpoint* base) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::vector<AuditCheckpointChain>> {
        storage::AuditRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto heads, repo.Heads());
        std::map<int64_t, storage::AuditHead> by_town;
        for (auto& h : heads) by_town[h.town_id] = std::move(h);
        std::map<int64_t, const AuditCheckpointChain*> marks;
        if (base) {
            for (const auto& c : base->chains) marks[c.town_id] = &c;
        }
        auto behind = [](const AuditCheckpointChain& c, const std::string& what) {
            return Fail({Code::kConflict,
                         "audit_behind_checkpoint",
                         {"审计链未达到检查点（末尾被删除或恢复了旧副本），请运行 safegrid audit verify",
                          "The audit chain does not reach its checkpoint (a deleted tail or an older copy); "
                          "run safegrid audit verify"},
                         {},
                         "chain " + std::to_string(c.town_id) + " entry " + std::to_string(c.last_id) + ": " + what});
        };
        for (const auto& [town_id, mark] : marks) {
            SG_ASSIGN_OR_RETURN(auto hash, repo.EntryHash(town_id, mark->last_id));
            if (!hash) return behind(*mark, "missing");
            if (*hash != mark->last_hash) return behind(*mark, "different hash");
            auto head = by_town.find(town_id);
            if (head == by_town.end() || head->second.last_id < mark->last_id) return behind(*mark, "head behind");
        }
        std::vector<AuditCheckpointChain> out;
        for (const auto& [town_id, head] : by_town) {
            if (head.last_id <= 0) continue;  // a head row without entries yet
            auto mark = marks.find(town_id);
            const int64_t from_id = mark == marks.end() ? 0 : mark->second->last_id;
            const int64_t from_count = mark == marks.end() ? 0 : mark->second->entries;
            SG_ASSIGN_OR_RETURN(int64_t added, repo.CountChain(town_id, from_id, head.last_id));
            out.push_back({town_id, head.last_id, head.last_hash, from_count + added});
        }
        return out;
    });
}

}  // namespace safegrid::services
