#include "storage/repositories/alarm_repository.hpp"

#include <gtest/gtest.h>

#include "storage/repositories/device_repository.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class AlarmRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_, "村1");
        grid_a_ = store_->AddGrid(town_, village_, "网格a");
        grid_b_ = store_->AddGrid(town_, village_, "网格b");
        ent_a_ = store_->AddEnterprise(town_, village_, grid_a_, "甲");
        ent_b_ = store_->AddEnterprise(town_, village_, grid_b_, "乙");
        device_a_ = AddDevice(ent_a_, grid_a_, "SMK-A");
        device_b_ = AddDevice(ent_b_, grid_b_, "SMK-B");
    }

    template <class F>
    auto Tx(F&& f) {
        return store_->shared()->Transact(true, [&](Connection& conn) { return f(conn); });
    }

    int64_t AddDevice(int64_t enterprise, int64_t grid, const std::string& serial) {
        DeviceRecord d;
        d.path = {town_, village_, grid};
        d.enterprise_id = enterprise;
        d.kind = "smoke_detector";
        d.serial = serial;
        d.protocol = "mqtt";
        auto id = Tx([&](Connection& conn) { return DeviceRepository(conn).Insert(d); });
        EXPECT_TRUE(id);
        return id ? *id : 0;
    }

    AlarmRecord Alarm(int64_t device, int64_t enterprise, int64_t grid, const std::string& kind, UnixSeconds at,
                      const std::string& component = "") {
        AlarmRecord a;
        a.path = {town_, village_, grid};
        a.enterprise_id = enterprise;
        a.device_id = device;
        a.kind = kind;
        a.component_key = component;
        a.source = R"({"protocol":"mqtt"})";
        a.raised_at = a.created_at = a.updated_at = at;
        return a;
    }

    std::optional<int64_t> Insert(const AlarmRecord& a) {
        auto id = Tx([&](Connection& conn) { return AlarmRepository(conn).InsertIfNoneOpen(a); });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        return id ? *id : std::nullopt;
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village_ = 0, grid_a_ = 0, grid_b_ = 0, ent_a_ = 0, ent_b_ = 0, device_a_ = 0, device_b_ = 0;
};

TEST_P(AlarmRepositoryTest, OneOpenAlarmPerDeviceKindAndComponent) {
    auto first = Insert(Alarm(device_a_, ent_a_, grid_a_, "fire", 100));
    ASSERT_TRUE(first);
    EXPECT_FALSE(Insert(Alarm(device_a_, ent_a_, grid_a_, "fire", 110)));  // alarms_open
    EXPECT_TRUE(Insert(Alarm(device_a_, ent_a_, grid_a_, "fault", 110)));
    EXPECT_TRUE(Insert(Alarm(device_a_, ent_a_, grid_a_, "fire", 110, "1.1.40.7")));
    auto found = Tx([&](Connection& conn) { return AlarmRepository(conn).FindById(*first); });
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->device_serial, "SMK-A");
    EXPECT_EQ((*found)->device_kind, "smoke_detector");
    EXPECT_EQ((*found)->enterprise_name, "甲");
    EXPECT_EQ((*found)->status, "active");
    EXPECT_EQ((*found)->version, 1);

    // Clearing the device-level fire only (component ""), then a new fire may be raised.
    auto cleared =
        Tx([&](Connection& conn) { return AlarmRepository(conn).Clear(device_a_, {"fire"}, std::string(), 120); });
    ASSERT_TRUE(cleared);
    EXPECT_EQ(*cleared, std::vector<int64_t>{*first});
    auto still = Tx([&](Connection& conn) { return AlarmRepository(conn).Uncleared(device_a_, "fire", std::nullopt); });
    ASSERT_TRUE(still);
    EXPECT_TRUE(*still);  // the component's fire
    EXPECT_TRUE(Insert(Alarm(device_a_, ent_a_, grid_a_, "fire", 130)));
    // A whole-device clear of both kinds.
    auto all = Tx([&](Connection& conn) {
        return AlarmRepository(conn).Clear(device_a_, {"fire", "fault"}, std::nullopt, 140);
    });
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 3U);
    auto open = Tx([&](Connection& conn) { return AlarmRepository(conn).OpenOfDevice(device_a_, std::nullopt); });
    ASSERT_TRUE(open);
    EXPECT_TRUE(open->empty());
}

TEST_P(AlarmRepositoryTest, ListFiltersPagesNewestFirstAndUpdatesByVersion) {
    const auto a1 = Insert(Alarm(device_a_, ent_a_, grid_a_, "fire", 100));
    const auto a2 = Insert(Alarm(device_a_, ent_a_, grid_a_, "fault", 300));
    const auto b1 = Insert(Alarm(device_b_, ent_b_, grid_b_, "fire", 200));
    ASSERT_TRUE(a1 && a2 && b1);
    auto list = [&](AlarmQuery q) {
        auto page = Tx([&](Connection& conn) { return AlarmRepository(conn).List(q); });
        EXPECT_TRUE(page);
        std::vector<int64_t> ids;
        if (page)
            for (const auto& a : page->first) ids.push_back(a.id);
        return std::make_pair(ids, page ? page->second : -1);
    };
    EXPECT_EQ(list({}).first, (std::vector<int64_t>{*a2, *b1, *a1}));
    EXPECT_EQ(list({.filters = {PathFilter{PathFilter::Column::kGrid, grid_a_}}}).first,
              (std::vector<int64_t>{*a2, *a1}));
    EXPECT_EQ(list({.enterprise_equals = {ent_b_}}).first, std::vector<int64_t>{*b1});
    EXPECT_EQ(list({.kind = "fire"}).second, 2);
    EXPECT_EQ(list({.device_id = device_a_}).second, 2);
    auto paged = list({.offset = 1, .limit = 1});
    EXPECT_EQ(paged.first, std::vector<int64_t>{*b1});
    EXPECT_EQ(paged.second, 3);

    auto current = Tx([&](Connection& conn) { return AlarmRepository(conn).FindById(*a1); });
    ASSERT_TRUE(current && *current);
    AlarmRecord changed = **current;
    changed.status = "acknowledged";
    changed.acknowledged_at = 150;
    changed.acknowledged_by = 7;
    changed.updated_at = 150;
    auto ok = Tx([&](Connection& conn) { return AlarmRepository(conn).Update(changed, 1); });
    ASSERT_TRUE(ok);
    EXPECT_TRUE(*ok);
    auto stale = Tx([&](Connection& conn) { return AlarmRepository(conn).Update(changed, 1); });
    ASSERT_TRUE(stale);
    EXPECT_FALSE(*stale);
    EXPECT_EQ(list({.status = "acknowledged"}).first, std::vector<int64_t>{*a1});
    // Still open: a second fire of the device is refused.
    EXPECT_FALSE(Insert(Alarm(device_a_, ent_a_, grid_a_, "fire", 400)));
}

INSTANTIATE_TEST_SUITE_P(Stores, AlarmRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
