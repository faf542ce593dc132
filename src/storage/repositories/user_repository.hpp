// SQL for the users table (0001_identity_audit.sql), plus the two small reads of other
// developers' tables that identity needs: a region's kind and town, an enterprise's town.
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

struct UserRecord {
    int64_t id = 0;
    std::string username;
    std::string password_hash;  // argon2id string; never leaves the services layer
    std::string role;           // "admin" | "town" | "village" | "inspector" | "enterprise"
    std::optional<int64_t> region_id;
    std::optional<int64_t> enterprise_id;
    int64_t town_id = 0;  // 0 for admins
    std::string display_name;
    std::string phone;
    bool disabled = false;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    int64_t version = 1;
    // Whether the password is the demo password, decided when it was set; nullopt for accounts
    // made before migration 0009 until `serve` has checked them (see UserService::DemoPasswordAccounts).
    std::optional<bool> demo_password;
    std::optional<int64_t> password_changed_at;
};

struct RegionInfo {
    std::string kind;  // "county" | "town" | "village" | "grid"
    int64_t town_id = 0;
    std::vector<int64_t> towns;  // a county's towns (regions of kind town under it); empty otherwise
};

class UserRepository {
  public:
    explicit UserRepository(Connection& conn) : conn_(conn) {}

    // Inserts `user` (its id is ignored) and returns the new id.
    // A taken username (any case) fails with kConflict from the adapter.
    Result<int64_t> Insert(const UserRecord& user);
    Result<std::optional<UserRecord>> FindById(int64_t id);
    // Case-insensitive: usernames are unique regardless of case.
    Result<std::optional<UserRecord>> FindByUsername(std::string_view username);

    struct ListQuery {
        std::optional<int64_t> town_id;  // null → every user
        int64_t offset = 0;
        int64_t limit = 20;
    };
    // Ordered by id; returns the page and the total matching.
    Result<std::pair<std::vector<UserRecord>, int64_t>> List(const ListQuery& query);

    // Sets a new password hash; bumps version and updated_at. False when no such user.
    Result<bool> UpdatePassword(int64_t id, std::string_view password_hash, bool demo_password, int64_t at);
    // Sets `disabled` when the row is still at `expected_version`; bumps version and updated_at.
    // False when no such user or the version moved on.
    Result<bool> SetDisabled(int64_t id, bool disabled, int64_t expected_version, int64_t at);
    // Records what a check of an old account's hash found (no version bump: nothing a user changed).
    Status SetDemoPassword(int64_t id, bool demo_password);
    // Accounts whose demo_password is unknown (made before migration 0009), and those known to have it.
    Result<std::vector<UserRecord>> WithUnknownDemoPassword();
    Result<std::vector<UserRecord>> WithDemoPassword();

    // store_meta: whether `safegrid seed-demo` made this a demo store, and recording that it did.
    Result<bool> IsDemoStore();
    Status MarkDemoStore();

    // regions(id, kind, town_id, ...) of 0002_registry.sql; nullopt when no such region.
    Result<std::optional<RegionInfo>> FindRegion(int64_t region_id);
    Result<std::optional<std::string>> RegionName(int64_t region_id);
    // enterprises(id, town_id, ...); nullopt when no such enterprise.
    Result<std::optional<int64_t>> EnterpriseTown(int64_t enterprise_id);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
