#include "services/enterprise_service.hpp"

#include <gtest/gtest.h>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

class EnterpriseServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    std::vector<int64_t> ListIds(const Principal& who, EnterpriseListQuery q, int64_t* total = nullptr) {
        auto listed = w_->enterprises->List(who, q);
        EXPECT_TRUE(listed) << (listed ? "" : listed.error().id);
        std::vector<int64_t> ids;
        if (!listed) return ids;
        for (const auto& e : listed->first) ids.push_back(e.id);
        if (total) *total = listed->second;
        return ids;
    }

    std::unique_ptr<RegistryWorld> w_;
};

TEST_P(EnterpriseServiceTest, CreateStoresTheRecordWithItsPathAndGrade) {
    auto in = w_->Input(w_->grid1b, "  慈溪市瑞丰童装厂 ", 10);
    in.credit_code = "  " + in.credit_code;
    in.tags = {"hazardous_chemicals", "three_in_one"};
    in.lat = 30.17;
    in.lng = 121.33;
    in.employees = 15;
    auto e = w_->enterprises->Create(&w_->village_officer, in);
    ASSERT_TRUE(e) << e.error().id;
    EXPECT_EQ(e->name, "慈溪市瑞丰童装厂");
    EXPECT_EQ(e->path.town_id, w_->town);
    EXPECT_EQ(e->path.village_id, w_->village1);
    EXPECT_EQ(e->path.grid_id, w_->grid1b);
    EXPECT_EQ(e->risk_level, RiskLevel::kRed);
    EXPECT_EQ(e->version, 1);
    EXPECT_EQ(e->created_at, w_->clock.Now());
    auto read = w_->enterprises->Get(w_->village_officer, e->id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->tags.Stored(), "three_in_one,hazardous_chemicals");
    EXPECT_EQ(read->lat, 30.17);
    EXPECT_EQ(read->employees, 15);
}

TEST_P(EnterpriseServiceTest, WorldGradesFollowTheInterimRule) {
    EXPECT_EQ(w_->enterprises->Get(w_->admin, w_->ent1a)->risk_level, RiskLevel::kOrange);
    // None of the world's enterprises has a training: each carries no_recent_training (+18).
    EXPECT_EQ(w_->enterprises->Get(w_->admin, w_->ent1b)->risk_level, RiskLevel::kYellow);
    EXPECT_EQ(w_->enterprises->Get(w_->admin, w_->ent2a)->risk_level, RiskLevel::kOrange);
}

TEST_P(EnterpriseServiceTest, CreateRejectsBadFieldsAllAtOnce) {
    auto in = w_->Input(w_->grid1a, "", 11);
    in.credit_code[17] = in.credit_code[17] == '0' ? '1' : '0';
    in.lat = 91;
    in.lng = 0;
    in.employees = -3;
    in.tags = {"fire"};
    in.contact_phone = "call me";
    auto e = w_->enterprises->Create(&w_->town_officer, in);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, Code::kValidation);
    for (const char* f : {"name", "credit_code", "lat", "employees", "tags", "contact_phone"}) {
        EXPECT_TRUE(e.error().fields.count(f)) << f;
    }
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM enterprises"), 4);
}

TEST_P(EnterpriseServiceTest, DuplicateCreditCodeInTheTownIs409) {
    auto in = w_->Input(w_->grid2a, "另一家", 1);  // the code of ent1a
    auto dup = w_->enterprises->Create(&w_->town_officer, in);
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, Code::kConflict);
    EXPECT_EQ(dup.error().id, "already_exists");
    // Lower case is the same code.
    for (char& c : in.credit_code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(w_->enterprises->Create(&w_->town_officer, in).error().id, "already_exists");
    // Another town may hold it (a branch registered elsewhere is another file).
    in.grid_id = w_->other_grid;
    EXPECT_TRUE(w_->enterprises->Create(&w_->admin, in));
}

TEST_P(EnterpriseServiceTest, GridMustBeOneTheCallerManages) {
    struct Case {
        const Principal* who;
        int64_t grid;
        bool ok;
    };
    const RegistryWorld& w = *w_;
    int n = 100;
    for (const Case& c : {Case{&w.inspector, w.grid1a, true}, Case{&w.inspector, w.grid1b, false},
                          Case{&w.village_officer, w.grid1b, true}, Case{&w.village_officer, w.grid2a, false},
                          Case{&w.town_officer, w.grid2a, true}, Case{&w.town_officer, w.other_grid, false},
                          Case{&w.town_officer, w.village1, false}, Case{&w.town_officer, 999999, false},
                          Case{&w.admin, w.other_grid, true}}) {
        auto e = w_->enterprises->Create(c.who, w_->Input(c.grid, "企业" + std::to_string(n), n));
        ++n;
        EXPECT_EQ(e.has_value(), c.ok) << c.who->username << " grid " << c.grid;
        if (!e) {
            EXPECT_EQ(e.error().code, Code::kValidation);
            EXPECT_TRUE(e.error().fields.count("grid_id"));
        }
    }
    auto denied = w_->enterprises->Create(&w_->enterprise_user, w_->Input(w_->grid1a, "x", 200));
    EXPECT_EQ(denied.error().code, Code::kForbidden);
}

TEST_P(EnterpriseServiceTest, BuildingMustBeInTheSameGrid) {
    auto b = w_->buildings->Create(nullptr, {w_->grid1a, "高家村厂房A幢", "", "", "", 3, 1200.0});
    ASSERT_TRUE(b);
    auto in = w_->Input(w_->grid1b, "租户", 300);
    in.building_id = b->building.id;
    auto wrong = w_->enterprises->Create(&w_->town_officer, in);
    ASSERT_FALSE(wrong);
    EXPECT_TRUE(wrong.error().fields.count("building_id"));
    in.grid_id = w_->grid1a;
    auto ok = w_->enterprises->Create(&w_->town_officer, in);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->building_id, b->building.id);
}

TEST_P(EnterpriseServiceTest, ListIsScopedPerRole) {
    const RegistryWorld& w = *w_;
    EXPECT_EQ(ListIds(w.admin, {}), (std::vector<int64_t>{w.ent1a, w.ent1b, w.ent2a, w.ent_other}));
    EXPECT_EQ(ListIds(w.town_officer, {}), (std::vector<int64_t>{w.ent1a, w.ent1b, w.ent2a}));
    EXPECT_EQ(ListIds(w.village_officer, {}), (std::vector<int64_t>{w.ent1a, w.ent1b}));
    EXPECT_EQ(ListIds(w.inspector, {}), (std::vector<int64_t>{w.ent1a}));
    EXPECT_EQ(ListIds(w.enterprise_user, {}), (std::vector<int64_t>{w.ent1a}));
    EXPECT_EQ(ListIds(w.other_town_officer, {}), (std::vector<int64_t>{w.ent_other}));
}

TEST_P(EnterpriseServiceTest, RegionFilterTakesTheSubtreeAndHidesOtherRegions) {
    const RegistryWorld& w = *w_;
    EnterpriseListQuery q;
    q.region_id = w.village1;
    EXPECT_EQ(ListIds(w.town_officer, q), (std::vector<int64_t>{w.ent1a, w.ent1b}));
    q.region_id = w.grid1b;
    EXPECT_EQ(ListIds(w.village_officer, q), (std::vector<int64_t>{w.ent1b}));
    q.region_id = w.town;
    EXPECT_EQ(ListIds(w.admin, q), (std::vector<int64_t>{w.ent1a, w.ent1b, w.ent2a}));
    for (auto [who, region] : {std::pair{&w.village_officer, w.village2}, std::pair{&w.inspector, w.grid1b},
                               std::pair{&w.town_officer, w.other_town}, std::pair{&w.village_officer, w.town},
                               std::pair{&w.admin, int64_t{999999}}}) {
        EnterpriseListQuery out;
        out.region_id = region;
        auto listed = w_->enterprises->List(*who, out);
        ASSERT_FALSE(listed) << who->username;
        EXPECT_EQ(listed.error().code, Code::kNotFound);
    }
}

TEST_P(EnterpriseServiceTest, SearchesChineseSubstringsOfNameAddressAndCode) {
    const RegistryWorld& w = *w_;
    auto search = [&](const std::string& text) {
        EnterpriseListQuery q;
        q.q = text;
        return ListIds(w.admin, q);
    };
    EXPECT_EQ(search("宏达服饰"), (std::vector<int64_t>{w.ent1a}));  // 4 characters: trigram index
    EXPECT_EQ(search("锦绣"), (std::vector<int64_t>{w.ent1b}));      // 2 characters: LIKE fallback
    EXPECT_EQ(search("针"), (std::vector<int64_t>{w.ent2a}));
    EXPECT_EQ(search("高家村3号"), (std::vector<int64_t>{w.ent2a}));  // address
    const std::string code = test::CreditCodeFor(2);
    EXPECT_EQ(search(code.substr(8, 8)), (std::vector<int64_t>{w.ent1b}));
    std::string lower = code.substr(8, 8);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(search(lower), (std::vector<int64_t>{w.ent1b}));
    EXPECT_EQ(search("慈溪市"), (std::vector<int64_t>{w.ent1a, w.ent1b, w.ent2a, w.ent_other}));
    EXPECT_TRUE(search("不存在的企业").empty());
    // Characters special to LIKE or FTS5 are matched literally.
    EXPECT_TRUE(search("%").empty());
    EXPECT_TRUE(search("_").empty());
    EXPECT_TRUE(search("\"宏达").empty());
    EXPECT_TRUE(search("宏达\" OR \"锦绣").empty());
    EXPECT_TRUE(search("a*").empty());
    // Scope still applies to a match.
    EnterpriseListQuery q;
    q.q = "慈溪市";
    EXPECT_EQ(ListIds(w.inspector, q), (std::vector<int64_t>{w.ent1a}));
}

TEST_P(EnterpriseServiceTest, SearchFollowsEdits) {
    EnterprisePatch p;
    p.name = "慈溪市云裳服饰有限公司";
    ASSERT_TRUE(w_->enterprises->Update(&w_->town_officer, w_->ent1b, 1, p));
    EnterpriseListQuery q;
    q.q = "云裳服饰";
    EXPECT_EQ(ListIds(w_->admin, q), (std::vector<int64_t>{w_->ent1b}));
    q.q = "锦绣制衣";
    EXPECT_TRUE(ListIds(w_->admin, q).empty());
}

TEST_P(EnterpriseServiceTest, FiltersByTagAndRiskLevel) {
    const RegistryWorld& w = *w_;
    EnterpriseListQuery q;
    q.tag = "group_rented";
    EXPECT_EQ(ListIds(w.admin, q), (std::vector<int64_t>{w.ent1a}));
    q.tag = "dust";
    EXPECT_EQ(ListIds(w.admin, q), (std::vector<int64_t>{w.ent2a}));
    q.tag.reset();
    // Untrained (+18 each): the plain ones are yellow, the tagged ones orange, none blue.
    q.risk_level = "yellow";
    EXPECT_EQ(ListIds(w.admin, q), (std::vector<int64_t>{w.ent1b, w.ent_other}));
    q.risk_level = "orange";
    EXPECT_EQ(ListIds(w.admin, q), (std::vector<int64_t>{w.ent1a, w.ent2a}));
    q.risk_level = "blue";
    EXPECT_TRUE(ListIds(w.admin, q).empty());
    q.risk_level = "red";
    EXPECT_TRUE(ListIds(w.admin, q).empty());
    EnterpriseListQuery bad;
    bad.tag = "Dust";
    bad.risk_level = "green";
    bad.q = std::string(101, 'x');
    auto listed = w_->enterprises->List(w.admin, bad);
    ASSERT_FALSE(listed);
    for (const char* f : {"tag", "risk_level", "q"}) EXPECT_TRUE(listed.error().fields.count(f)) << f;
}

TEST_P(EnterpriseServiceTest, PagesShareOneTotalAndAStableOrder) {
    for (int i = 0; i < 25; ++i) w_->AddEnterprise(w_->grid2a, "慈溪市分页测试厂" + std::to_string(i), 500 + i);
    EnterpriseListQuery q;
    q.region_id = w_->grid2a;
    q.limit = 10;
    std::vector<int64_t> all;
    for (int page = 0; page < 3; ++page) {
        q.offset = page * 10;
        int64_t total = 0;
        auto ids = ListIds(w_->town_officer, q, &total);
        EXPECT_EQ(total, 26);
        EXPECT_EQ(ids.size(), page < 2 ? 10u : 6u);
        all.insert(all.end(), ids.begin(), ids.end());
    }
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
    EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), 26u);
    q.q = "分页测试";
    q.offset = 20;
    int64_t total = 0;
    EXPECT_EQ(ListIds(w_->town_officer, q, &total).size(), 5u);
    EXPECT_EQ(total, 25);
}

TEST_P(EnterpriseServiceTest, GetAnswers404OutsideScope) {
    const RegistryWorld& w = *w_;
    EXPECT_TRUE(w_->enterprises->Get(w.enterprise_user, w.ent1a));
    for (auto [who, id] : {std::pair{&w.enterprise_user, w.ent1b}, std::pair{&w.inspector, w.ent1b},
                           std::pair{&w.village_officer, w.ent2a}, std::pair{&w.town_officer, w.ent_other},
                           std::pair{&w.admin, int64_t{424242}}}) {
        auto e = w_->enterprises->Get(*who, id);
        ASSERT_FALSE(e) << who->username;
        EXPECT_EQ(e.error().code, Code::kNotFound);
    }
}

TEST_P(EnterpriseServiceTest, UpdateChecksVersionAndRecomputesTheGrade) {
    EnterprisePatch p;
    p.tags = std::vector<std::string>{"hazardous_chemicals", "three_in_one"};
    auto missing = w_->enterprises->Update(&w_->town_officer, w_->ent1b, std::nullopt, p);
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().fields.count("version"));
    EXPECT_EQ(w_->enterprises->Update(&w_->town_officer, w_->ent1b, 5, p).error().code, Code::kConflict);
    auto e = w_->enterprises->Update(&w_->town_officer, w_->ent1b, 1, p);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->risk_level, RiskLevel::kRed);
    EXPECT_EQ(e->version, 2);
    EXPECT_EQ(w_->enterprises->Update(&w_->town_officer, w_->ent1b, 1, p).error().code, Code::kConflict);
    EXPECT_EQ(w_->enterprises->Update(&w_->town_officer, w_->ent_other, 1, p).error().code, Code::kNotFound);
}

TEST_P(EnterpriseServiceTest, RiskLevelIsReadOnly) {
    EnterprisePatch p;
    p.risk_level = "blue";
    auto e = w_->enterprises->Update(&w_->town_officer, w_->ent1a, 1, p);
    ASSERT_FALSE(e);
    EXPECT_TRUE(e.error().fields.count("risk_level"));
    p.risk_level = "orange";  // the current grade, echoed back
    EXPECT_TRUE(w_->enterprises->Update(&w_->town_officer, w_->ent1a, 1, p));
}

TEST_P(EnterpriseServiceTest, EnterpriseEditsOnlyItsContactDetails) {
    EnterprisePatch contact;
    contact.contact_name = "陈静";
    contact.contact_phone = "13512345678";
    contact.address = "匡堰镇高家村8号";
    contact.employees = 30;
    contact.name = " 慈溪市宏达服饰有限公司";  // unchanged after trimming: allowed
    auto e = w_->enterprises->Update(&w_->enterprise_user, w_->ent1a, 1, contact);
    ASSERT_TRUE(e) << e.error().id;
    EXPECT_EQ(e->contact_name, "陈静");
    EXPECT_EQ(e->employees, 30);
    for (auto mutate : std::vector<std::function<void(EnterprisePatch&)>>{
             [](EnterprisePatch& p) { p.name = "新名字"; },
             [](EnterprisePatch& p) { p.tags = std::vector<std::string>{}; },
             [&](EnterprisePatch& p) { p.grid_id = w_->grid1b; },
             [&](EnterprisePatch& p) { p.credit_code = test::CreditCodeFor(77); },
             [](EnterprisePatch& p) { p.lat = 30.0; }}) {
        EnterprisePatch p;
        mutate(p);
        auto denied = w_->enterprises->Update(&w_->enterprise_user, w_->ent1a, 2, p);
        ASSERT_FALSE(denied);
        EXPECT_EQ(denied.error().code, Code::kForbidden);
    }
    EXPECT_EQ(w_->enterprises->Update(&w_->enterprise_user, w_->ent1b, 1, contact).error().code, Code::kNotFound);
}

TEST_P(EnterpriseServiceTest, MovingToAnotherGridFollowsItsPath) {
    EnterprisePatch p;
    p.grid_id = w_->grid2a;
    EXPECT_TRUE(w_->enterprises->Update(&w_->village_officer, w_->ent1b, 1, p).error().fields.count("grid_id"));
    auto moved = w_->enterprises->Update(&w_->town_officer, w_->ent1b, 1, p);
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->path.village_id, w_->village2);
    EXPECT_EQ(moved->path.grid_id, w_->grid2a);
    EXPECT_EQ(w_->enterprises->Get(w_->village_officer, w_->ent1b).error().code, Code::kNotFound);
}

TEST_P(EnterpriseServiceTest, EveryChangeIsAuditedWithBeforeAndAfter) {
    EXPECT_EQ(w_->AuditCount("enterprise"), 4);
    EnterprisePatch p;
    p.contact_phone = "13999999999";
    ASSERT_TRUE(w_->enterprises->Update(&w_->town_officer, w_->ent1b, 1, p));
    auto records = w_->audit->List(w_->admin, {std::string("enterprise"), w_->ent1b, 0, 10});
    ASSERT_TRUE(records);
    ASSERT_EQ(records->first.size(), 2u);
    const auto& update = records->first.front();  // newest first
    EXPECT_EQ(update.action, "update");
    EXPECT_EQ(update.actor_id, w_->town_officer.user_id);
    EXPECT_NE(update.before_json.find("13800000000"), std::string::npos);
    EXPECT_NE(update.after_json.find("13999999999"), std::string::npos);
    EXPECT_EQ(records->first.back().action, "create");
}

TEST_P(EnterpriseServiceTest, CreateManyWritesAllOrNothing) {
    std::vector<EnterpriseInput> rows;
    for (int i = 0; i < 50; ++i)
        rows.push_back(w_->Input(i % 2 ? w_->grid1a : w_->grid2a, "批量企业" + std::to_string(i), 1000 + i));
    auto dry = w_->enterprises->CreateMany(nullptr, rows, true);
    ASSERT_TRUE(dry);
    EXPECT_TRUE(dry->errors.empty());
    EXPECT_FALSE(dry->written);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM enterprises"), 4);

    auto bad = rows;
    bad[7].credit_code = "91330282MA0000000";
    bad[9].credit_code = bad[8].credit_code;       // duplicate inside the batch
    bad[11].credit_code = test::CreditCodeFor(3);  // duplicate of ent2a
    bad[13].grid_id = w_->village1;
    auto failed = w_->enterprises->CreateMany(nullptr, bad, false);
    ASSERT_TRUE(failed);
    EXPECT_FALSE(failed->written);
    ASSERT_EQ(failed->errors.size(), 4u);
    EXPECT_EQ(failed->errors[0].index, 7u);
    EXPECT_TRUE(failed->errors[0].error.fields.count("credit_code"));
    EXPECT_EQ(failed->errors[1].index, 9u);
    EXPECT_EQ(failed->errors[1].error.id, "already_exists");
    EXPECT_EQ(failed->errors[2].index, 11u);
    EXPECT_EQ(failed->errors[3].index, 13u);
    EXPECT_TRUE(failed->errors[3].error.fields.count("grid_id"));
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM enterprises"), 4);
    EXPECT_EQ(w_->AuditCount("enterprise"), 4);

    auto done = w_->enterprises->CreateMany(nullptr, rows, false);
    ASSERT_TRUE(done);
    EXPECT_TRUE(done->written);
    EXPECT_EQ(done->ids.size(), 50u);
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM enterprises"), 54);
    EXPECT_EQ(w_->AuditCount("enterprise"), 54);
    // An inspector's batch is held to its grid like a single create.
    std::vector<EnterpriseInput> mine = {w_->Input(w_->grid1a, "甲", 2001), w_->Input(w_->grid1b, "乙", 2002)};
    auto inspector = w_->enterprises->CreateMany(&w_->inspector, mine, false);
    ASSERT_TRUE(inspector);
    ASSERT_EQ(inspector->errors.size(), 1u);
    EXPECT_EQ(inspector->errors[0].index, 1u);
    EXPECT_EQ(w_->enterprises->CreateMany(&w_->enterprise_user, mine, true).error().code, Code::kForbidden);
}

TEST_P(EnterpriseServiceTest, HazardFactorsRaiseTheStoredGrade) {
    w_->enterprises->SetHazardFactorSource([](storage::Connection&, int64_t, int64_t) -> Result<RiskFactors> {
        RiskFactors f;
        f.open_major_hazards = 1;
        return f;
    });
    auto refreshed = w_->store->db().Transact(
        true, [&](storage::Connection& conn) { return w_->enterprises->RefreshRisk(conn, w_->ent1b, "test"); });
    ASSERT_TRUE(refreshed);
    EXPECT_EQ(w_->enterprises->Get(w_->admin, w_->ent1b)->risk_level, RiskLevel::kRed);
}

INSTANTIATE_TEST_SUITE_P(Stores, EnterpriseServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
