// The registry world with devices, the inbox, the live event log, the alarm processor and the
// alarm service, for the alarm tests (services and HTTP): three devices (a GB/T 26875.3 panel and an
// MQTT detector of 宏达服饰 in grid 1a, a detector of 永盛针织 in grid 2a).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/alarm_processor.hpp"
#include "services/alarm_service.hpp"
#include "services/device_inbox.hpp"
#include "services/device_service.hpp"
#include "services/hazard_service.hpp"
#include "services/live_events.hpp"
#include "services/registry_world.hpp"

namespace safegrid::test {

class AlarmWorld {
  public:
    static std::unique_ptr<AlarmWorld> Make(Backend backend) {
        auto registry = RegistryWorld::Make(backend);
        if (!registry) return nullptr;
        std::unique_ptr<AlarmWorld> w(new AlarmWorld(*registry));
        w->owned_ = std::move(registry);
        if (!w->Populate()) return nullptr;
        return w;
    }
    // On a registry world someone else owns (the HTTP tests' RegistryHttp).
    // with_devices false: the services only (the demo seed test brings its own devices).
    static std::unique_ptr<AlarmWorld> On(RegistryWorld& registry, bool with_devices = true) {
        std::unique_ptr<AlarmWorld> w(new AlarmWorld(registry));
        if (with_devices && !w->Populate()) return nullptr;
        return w;
    }

    // Appends one message; true when stored (false: a duplicate).
    bool Send(int64_t device, const std::string& key, const std::string& signals,
              const std::string& protocol = "mqtt") {
        const std::vector<services::InboxMessage> batch = {{device, protocol, key, r->clock.Now(), signals, "raw"}};
        auto out = inbox->Append(batch);
        EXPECT_TRUE(out) << (out ? "" : out.error().internal);
        return out && out->front() == services::InboxOutcome::kStored;
    }
    std::string Fire(const std::string& component = "") const { return Event("fire", component); }
    std::string Clear(const std::string& component = "") const { return Event("clear", component); }
    std::string Event(const std::string& event, const std::string& component = "") const {
        std::string s = R"([{"event":")" + event + R"(","at":)" + std::to_string(r->clock.Now());
        if (!component.empty()) s += R"(,"component":)" + component;
        return s + "}]";
    }
    int64_t Drain() {
        auto n = processor->Drain();
        EXPECT_TRUE(n) << (n ? "" : n.error().internal);
        return n ? *n : -1;
    }
    int64_t Count(const std::string& where, std::initializer_list<storage::Value> params = {}) {
        return r->store->QueryInt("SELECT COUNT(*) FROM alarms WHERE " + where, params);
    }
    int64_t Events(const std::string& type) {
        return r->store->QueryInt("SELECT COUNT(*) FROM live_events WHERE type = ?", {type});
    }
    int64_t LastAlarm() { return r->store->QueryInt("SELECT COALESCE(MAX(id), 0) FROM alarms"); }

    std::unique_ptr<RegistryWorld> owned_;  // first: destroyed after the services that use it
    RegistryWorld* r = nullptr;
    std::unique_ptr<services::DeviceService> devices;
    std::unique_ptr<services::DeviceInbox> inbox;
    std::unique_ptr<services::LiveEvents> events;
    std::unique_ptr<services::AlarmProcessor> processor;
    std::unique_ptr<services::HazardService> hazards;
    std::unique_ptr<services::AlarmService> alarms;
    int64_t panel = 0, detector = 0, other_detector = 0;

  private:
    explicit AlarmWorld(RegistryWorld& registry) : r(&registry) {
        auto db = r->store->shared();
        devices = std::make_unique<services::DeviceService>(db, r->clock, *r->audit);
        inbox = std::make_unique<services::DeviceInbox>(db, r->clock);
        events = std::make_unique<services::LiveEvents>(r->clock);
        processor = std::make_unique<services::AlarmProcessor>(db, r->clock, *inbox, *events);
        hazards = std::make_unique<services::HazardService>(db, r->clock, *r->audit, *r->enterprises);
        alarms = std::make_unique<services::AlarmService>(db, r->clock, *r->audit, *events, *hazards);
    }

    int64_t AddDevice(int64_t enterprise, const std::string& kind, const std::string& serial,
                      const std::string& protocol, std::optional<int64_t> unit) {
        services::DeviceInput in;
        in.enterprise_id = enterprise;
        in.kind = kind;
        in.serial = serial;
        in.protocol = protocol;
        if (unit) in.unit_address = unit;
        auto d = devices->Create(nullptr, in);
        EXPECT_TRUE(d) << serial << ": " << (d ? "" : d.error().id + " " + d.error().internal);
        return d ? d->device.id : 0;
    }

    bool Populate() {
        panel = AddDevice(r->ent1a, "fire_panel", "UITD-1", "gb26875", 5);
        detector = AddDevice(r->ent1a, "smoke_detector", "SMK-1", "mqtt", std::nullopt);
        other_detector = AddDevice(r->ent2a, "smoke_detector", "SMK-2", "mqtt", std::nullopt);
        return !::testing::Test::HasFailure();
    }
};

}  // namespace safegrid::test
