#include "services/device_service.hpp"

#include <gtest/gtest.h>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

class DeviceServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        devices_ = std::make_unique<DeviceService>(w_->store->shared(), w_->clock, *w_->audit);
    }

    static DeviceInput Gb(int64_t enterprise, const std::string& serial, int64_t address) {
        DeviceInput in;
        in.enterprise_id = enterprise;
        in.kind = "fire_panel";
        in.serial = serial;
        in.protocol = "gb26875";
        in.unit_address = std::optional<int64_t>(address);
        return in;
    }
    static DeviceInput Mqtt(int64_t enterprise, const std::string& serial) {
        DeviceInput in;
        in.enterprise_id = enterprise;
        in.kind = "smoke_detector";
        in.serial = serial;
        in.protocol = "mqtt";
        return in;
    }

    int64_t Make(const DeviceInput& in) {
        auto d = devices_->Create(nullptr, in);
        EXPECT_TRUE(d) << (d ? "" : d.error().id + " " + d.error().internal);
        return d ? d->device.id : 0;
    }

    static bool Names(const Result<DeviceView>& r, const std::string& field) {
        return !r && r.error().code == Code::kValidation && r.error().fields.contains(field);
    }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<DeviceService> devices_;
};

TEST_P(DeviceServiceTest, TheTownRegistersADeviceThatTakesTheEnterprisePathAndIsAudited) {
    auto d = devices_->Create(&w_->town_officer, Gb(w_->ent1a, " UITD-0001 ", 0x0000123456789ABC));
    ASSERT_TRUE(d) << d.error().id;
    EXPECT_EQ(d->device.serial, "UITD-0001");  // trimmed
    EXPECT_EQ(d->device.path.town_id, w_->town);
    EXPECT_EQ(d->device.path.village_id, w_->village1);
    EXPECT_EQ(d->device.path.grid_id, w_->grid1a);
    EXPECT_EQ(d->device.unit_address, 0x0000123456789ABC);
    EXPECT_EQ(d->device.state, "normal");
    EXPECT_FALSE(d->device.online);
    EXPECT_FALSE(d->device.last_seen_at);
    EXPECT_EQ(d->device.version, 1);
    EXPECT_EQ(d->enterprise_name, "慈溪市宏达服饰有限公司");
    EXPECT_EQ(w_->AuditCount("device"), 1);
}

TEST_P(DeviceServiceTest, OnlyStaffOfTheEnterpriseRegionRegisterAndOthersGet404Or403) {
    EXPECT_EQ(devices_->Create(&w_->other_town_officer, Mqtt(w_->ent1a, "A")).error().code, Code::kNotFound);
    EXPECT_EQ(devices_->Create(&w_->other_village_officer, Mqtt(w_->ent1a, "A")).error().code, Code::kNotFound);
    EXPECT_EQ(devices_->Create(&w_->town_officer, Mqtt(999999, "A")).error().code, Code::kNotFound);
    EXPECT_EQ(devices_->Create(&w_->inspector, Mqtt(w_->ent1a, "A")).error().code, Code::kForbidden);
    EXPECT_EQ(devices_->Create(&w_->enterprise_user, Mqtt(w_->ent1a, "A")).error().code, Code::kForbidden);
    EXPECT_TRUE(devices_->Create(&w_->village_officer, Mqtt(w_->ent1a, "A")));
    EXPECT_TRUE(devices_->Create(&w_->admin, Mqtt(w_->ent_other, "B")));
    EXPECT_EQ(w_->AuditCount("device"), 2);  // refused writes leave nothing
}

TEST_P(DeviceServiceTest, BadInputIs422NamingTheField) {
    auto kind = Mqtt(w_->ent1a, "S1");
    kind.kind = "sprinkler";
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, kind), "kind"));
    auto protocol = Mqtt(w_->ent1a, "S1");
    protocol.protocol = "modbus";
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, protocol), "protocol"));
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, Mqtt(w_->ent1a, "   ")), "serial"));
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, Mqtt(w_->ent1a, std::string(65, 'x'))), "serial"));
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, Mqtt(w_->ent1a, "a/b")), "serial"));
    EXPECT_TRUE(devices_->Create(&w_->town_officer, Mqtt(w_->ent1a, std::string(64, 'x'))));
    auto no_address = Gb(w_->ent1a, "G1", 1);
    no_address.unit_address.reset();
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, no_address), "unit_address"));
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, Gb(w_->ent1a, "G1", int64_t{1} << 48)), "unit_address"));
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, Gb(w_->ent1a, "G1", -1)), "unit_address"));
    EXPECT_TRUE(devices_->Create(&w_->town_officer, Gb(w_->ent1a, "G1", (int64_t{1} << 48) - 1)));
    auto mqtt_address = Mqtt(w_->ent1a, "M1");
    mqtt_address.unit_address = std::optional<int64_t>(5);
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, mqtt_address), "unit_address"));
    auto building = Mqtt(w_->ent1a, "M2");
    building.building_id = std::optional<int64_t>(999999);
    EXPECT_TRUE(Names(devices_->Create(&w_->town_officer, building), "building_id"));
    EXPECT_EQ(w_->AuditCount("device"), 2);
}

TEST_P(DeviceServiceTest, DuplicatesAre409WithTheirOwnIds) {
    Make(Gb(w_->ent1a, "UITD-1", 42));
    Make(Mqtt(w_->ent1a, "SMK-1"));
    auto serial = devices_->Create(&w_->town_officer, Gb(w_->ent1b, "UITD-1", 43));
    ASSERT_FALSE(serial);
    EXPECT_EQ(serial.error().code, Code::kConflict);
    EXPECT_EQ(serial.error().id, "device_serial_taken");
    auto address = devices_->Create(&w_->town_officer, Gb(w_->ent1b, "UITD-2", 42));
    ASSERT_FALSE(address);
    EXPECT_EQ(address.error().id, "device_unit_address_taken");
    EXPECT_EQ(devices_->Create(&w_->town_officer, Mqtt(w_->ent1b, "SMK-1")).error().id, "device_serial_taken");
    // The same serial under the other protocol is another device.
    EXPECT_TRUE(devices_->Create(&w_->town_officer, Mqtt(w_->ent1b, "UITD-1")));
}

TEST_P(DeviceServiceTest, ListsFollowScopeAndFilterOnlineAndEnterprise) {
    const int64_t a = Make(Mqtt(w_->ent1a, "A"));
    const int64_t b = Make(Mqtt(w_->ent1b, "B"));
    Make(Mqtt(w_->ent2a, "C"));
    Make(Mqtt(w_->ent_other, "D"));
    w_->store->Exec("UPDATE devices SET online = 1, last_seen_at = 100 WHERE id = ?", {a});
    auto ids = [&](const Principal& who, DeviceListQuery q) {
        std::vector<int64_t> out;
        auto page = devices_->List(who, q);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        if (page) {
            for (const auto& v : page->first) out.push_back(v.device.id);
        }
        return out;
    };
    EXPECT_EQ(ids(w_->town_officer, {}).size(), 3u);
    EXPECT_EQ(ids(w_->village_officer, {}), (std::vector<int64_t>{a, b}));
    EXPECT_EQ(ids(w_->inspector, {}), (std::vector<int64_t>{a}));
    EXPECT_EQ(ids(w_->enterprise_user, {}), (std::vector<int64_t>{a}));
    EXPECT_EQ(ids(w_->admin, {}).size(), 4u);
    EXPECT_EQ(ids(w_->village_officer, {.online = true}), (std::vector<int64_t>{a}));
    EXPECT_EQ(ids(w_->village_officer, {.online = false}), (std::vector<int64_t>{b}));
    EXPECT_EQ(ids(w_->town_officer, {.enterprise_id = w_->ent1b}), (std::vector<int64_t>{b}));
    EXPECT_EQ(devices_->List(w_->village_officer, {.enterprise_id = w_->ent_other}).error().code, Code::kNotFound);
    EXPECT_EQ(devices_->List(w_->enterprise_user, {.enterprise_id = w_->ent1b}).error().code, Code::kNotFound);
    auto paged = devices_->List(w_->admin, {.offset = 1, .limit = 2});
    ASSERT_TRUE(paged);
    EXPECT_EQ(paged->first.size(), 2u);
    EXPECT_EQ(paged->second, 4);
}

TEST_P(DeviceServiceTest, GetShowsStateAndComponentsAndOutsideScopeIs404) {
    const int64_t id = Make(Gb(w_->ent1a, "UITD-9", 9));
    ASSERT_TRUE(w_->store->shared()->Transact(true, [&](storage::Connection& conn) -> Status {
        storage::DeviceRepository repo(conn);
        SG_TRY(repo.UpsertComponent({id, 1, 2, 40, 0x01020304, "fire", 200}));
        SG_TRY(repo.UpsertComponent({id, 1, 2, 0, 0, "normal", 150}));
        return repo.UpsertComponent({id, 1, 2, 40, 0x01020304, "normal", 300});  // replaces, not adds
    }));
    auto view = devices_->Get(w_->inspector, id);
    ASSERT_TRUE(view) << view.error().id;
    ASSERT_EQ(view->components.size(), 2u);
    EXPECT_EQ(view->components[0].component_type, 0);
    EXPECT_EQ(view->components[1].component_address, 0x01020304);
    EXPECT_EQ(view->components[1].state, "normal");
    EXPECT_EQ(view->components[1].last_seen_at, 300);
    EXPECT_TRUE(devices_->Get(w_->enterprise_user, id));
    EXPECT_EQ(devices_->Get(w_->other_enterprise_user, id).error().code, Code::kNotFound);
    EXPECT_EQ(devices_->Get(w_->other_inspector, id).error().code, Code::kNotFound);
    EXPECT_EQ(devices_->Get(w_->other_town_officer, id).error().code, Code::kNotFound);
    EXPECT_EQ(devices_->Get(w_->town_officer, id + 1000).error().code, Code::kNotFound);
}

TEST_P(DeviceServiceTest, PatchChecksTheVersionMovesTheScopeWithTheEnterpriseAndIsAudited) {
    const int64_t id = Make(Gb(w_->ent1a, "UITD-5", 5));
    DeviceInput patch;
    patch.kind = "electrical_fire";
    patch.enterprise_id = w_->ent2a;
    patch.unit_address = std::optional<int64_t>(6);
    EXPECT_TRUE(Names(devices_->Update(&w_->town_officer, id, std::nullopt, patch), "version"));
    EXPECT_EQ(devices_->Update(&w_->village_officer, id, 1, patch).error().code, Code::kNotFound);  // 倡隆村 not theirs
    auto moved = devices_->Update(&w_->town_officer, id, 1, patch);
    ASSERT_TRUE(moved) << moved.error().id;
    EXPECT_EQ(moved->device.version, 2);
    EXPECT_EQ(moved->device.kind, "electrical_fire");
    EXPECT_EQ(moved->device.enterprise_id, w_->ent2a);
    EXPECT_EQ(moved->device.path.village_id, w_->village2);
    EXPECT_EQ(moved->device.path.grid_id, w_->grid2a);
    EXPECT_EQ(moved->device.unit_address, 6);
    EXPECT_EQ(devices_->Get(w_->village_officer, id).error().code, Code::kNotFound);
    EXPECT_TRUE(devices_->Get(w_->other_village_officer, id));
    EXPECT_EQ(devices_->Update(&w_->town_officer, id, 1, patch).error().id, StaleVersion().value().id);
    DeviceInput other_town;
    other_town.enterprise_id = w_->ent_other;
    EXPECT_TRUE(Names(devices_->Update(&w_->admin, id, 2, other_town), "enterprise_id"));
    DeviceInput to_mqtt;
    to_mqtt.protocol = "mqtt";  // keeps its address: refused, mqtt devices have none
    EXPECT_TRUE(Names(devices_->Update(&w_->town_officer, id, 2, to_mqtt), "unit_address"));
    Make(Gb(w_->ent1a, "UITD-7", 7));
    DeviceInput taken;
    taken.unit_address = std::optional<int64_t>(7);
    EXPECT_EQ(devices_->Update(&w_->town_officer, id, 2, taken).error().id, "device_unit_address_taken");
    EXPECT_EQ(w_->AuditCount("device"), 3);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'device' AND action = 'update'", {}),
              1);
}

TEST_P(DeviceServiceTest, TheGatewayFindsAUnitByAddressAndAnMqttDeviceBySerial) {
    const int64_t unit = Make(Gb(w_->ent1a, "SAME", 0xA1B2C3D4E5F6));
    const int64_t sensor = Make(Mqtt(w_->ent1b, "SAME"));
    ASSERT_TRUE(w_->store->shared()->Transact(false, [&](storage::Connection& conn) -> Status {
        storage::DeviceRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto by_address, repo.FindByUnitAddress(0xA1B2C3D4E5F6));
        EXPECT_TRUE(by_address && by_address->id == unit);
        SG_ASSIGN_OR_RETURN(auto by_serial, repo.FindMqttBySerial("SAME"));
        EXPECT_TRUE(by_serial && by_serial->id == sensor);
        SG_ASSIGN_OR_RETURN(auto none, repo.FindByUnitAddress(1));
        EXPECT_FALSE(none);
        SG_ASSIGN_OR_RETURN(auto no_serial, repo.FindMqttBySerial("OTHER"));
        EXPECT_FALSE(no_serial);
        return {};
    }));
}

INSTANTIATE_TEST_SUITE_P(Stores, DeviceServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
