// The hazard world (hazard_world.hpp) with real user rows behind its principals, so notifications
// find their recipients, and the notification service installed as HazardService::on_event.
// Shared by the notification, deadline job, webhook and scheduler tests (services and HTTP).
//
// Users (id = the world's principal ids, so actors are excluded as they are in production):
//   2 town officer (匡堰镇), 3 village officer (高家村), 4 inspector (grid 1a), 5 enterprise (ent1a),
//   6 other town's officer, 7 village officer of 倡隆村, 8 inspector of grid 1b, 9 enterprise ent1b,
//   10 a second user of ent1a, 11 an inspector of grid 2a who is 高家村's responsible person
//   (regions.responsible_user_id), 12 a disabled village officer of 高家村.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/hazard_world.hpp"
#include "services/notification_service.hpp"

namespace safegrid::test {

class NotificationWorld {
  public:
    static std::unique_ptr<NotificationWorld> Make(Backend backend, services::NotificationOptions options = {}) {
        auto h = HazardWorld::Make(backend);
        if (!h) return nullptr;
        std::unique_ptr<NotificationWorld> w(new NotificationWorld(std::move(h), options));
        w->AddUsers();
        return ::testing::Test::HasFailure() ? nullptr : std::move(w);
    }

    // Fresh service objects on the same store (a restart).
    void Restart(services::NotificationOptions options = {}) {
        hw->hazards =
            std::make_unique<services::HazardService>(store().shared(), clock(), *hw->r->audit, *hw->r->enterprises);
        notifications = std::make_unique<services::NotificationService>(store().shared(), clock(), options);
        Install();
    }

    // How many notifications of `kind` (any kind when empty) user `user` has about `hazard` (any when 0).
    int64_t Count(int64_t user, const std::string& kind = "", int64_t hazard = 0) {
        return store().QueryInt(
            "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND (? = '' OR kind = ?) AND (? = 0 OR hazard_id = "
            "?)",
            {user, kind, kind, hazard, hazard});
    }
    int64_t CountKind(const std::string& kind) {
        return store().QueryInt("SELECT COUNT(*) FROM notifications WHERE kind = ?", {kind});
    }
    int64_t Total() { return store().QueryInt("SELECT COUNT(*) FROM notifications"); }

    TestStore& store() { return hw->store(); }
    FakeClock& clock() { return hw->r->clock; }
    RegistryWorld& r() { return *hw->r; }

    std::unique_ptr<HazardWorld> hw;
    std::unique_ptr<services::NotificationService> notifications;

  private:
    NotificationWorld(std::unique_ptr<HazardWorld> h, services::NotificationOptions options) : hw(std::move(h)) {
        notifications = std::make_unique<services::NotificationService>(store().shared(), clock(), options);
        Install();
    }

    void Install() {
        hw->hazards->on_event = [n = notifications.get()](storage::Connection& conn,
                                                          const services::HazardEventInfo& info) {
            return n->OnHazardEvent(conn, info);
        };
    }

    void User(int64_t id, const std::string& role, std::optional<int64_t> region, std::optional<int64_t> enterprise,
              int64_t town, bool disabled = false) {
        store().Exec(
            "INSERT INTO users (id, username, password_hash, role, region_id, enterprise_id, town_id, display_name, "
            "phone, disabled, created_at, updated_at) VALUES (?, ?, 'x', ?, ?, ?, ?, '', ?, ?, 0, 0)",
            {id, role + std::to_string(id), role, storage::Nullable(region), storage::Nullable(enterprise), town,
             "1380000" + std::to_string(1000 + id), int64_t{disabled ? 1 : 0}});
    }

    void AddUsers() {
        RegistryWorld& w = *hw->r;
        User(1, "admin", std::nullopt, std::nullopt, 0);
        User(2, "town", w.town, std::nullopt, w.town);
        User(3, "village", w.village1, std::nullopt, w.town);
        User(4, "inspector", w.grid1a, std::nullopt, w.town);
        User(5, "enterprise", std::nullopt, w.ent1a, w.town);
        User(6, "town", w.other_town, std::nullopt, w.other_town);
        User(7, "village", w.village2, std::nullopt, w.town);
        User(8, "inspector", w.grid1b, std::nullopt, w.town);
        User(9, "enterprise", std::nullopt, w.ent1b, w.town);
        User(10, "enterprise", std::nullopt, w.ent1a, w.town);
        User(11, "inspector", w.grid2a, std::nullopt, w.town);
        User(12, "village", w.village1, std::nullopt, w.town, true);
        store().Exec("UPDATE regions SET responsible_user_id = 11 WHERE id = ?", {w.village1});
    }
};

}  // namespace safegrid::test
