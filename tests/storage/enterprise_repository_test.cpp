#include "storage/repositories/enterprise_repository.hpp"

#include <gtest/gtest.h>

#include "core/enterprise/credit_code.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class EnterpriseRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_);
        grid_ = store_->AddGrid(town_, village_);
        other_grid_ = store_->AddGrid(town_, village_);
    }

    template <class F>
    auto Tx(F&& fn) {
        return store_->db().Transact(true, [&](Connection& c) { return fn(EnterpriseRepository(c)); });
    }

    Enterprise Make(const std::string& name, const std::string& address, int n, int64_t grid) {
        Enterprise e;
        e.path = {town_, village_, grid};
        e.name = name;
        e.address = address;
        char body[16];
        std::snprintf(body, sizeof body, "MA%06d", n);
        e.credit_code = *MakeCreditCodeFrom("91", "330282", body);
        e.created_at = e.updated_at = 5;
        return e;
    }

    int64_t Add(Enterprise e) {
        auto id = Tx([&](EnterpriseRepository repo) { return repo.Insert(e); });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        return id ? *id : 0;
    }

    std::vector<int64_t> Search(const std::string& q, std::vector<PathFilter> filters = {}) {
        EnterpriseQuery query;
        query.q = q;
        query.filters = std::move(filters);
        query.limit = 1000;
        auto page = Tx([&](EnterpriseRepository repo) { return repo.List(query); });
        EXPECT_TRUE(page) << (page ? "" : page.error().internal);
        std::vector<int64_t> ids;
        if (page) {
            for (const auto& e : page->first) ids.push_back(e.id);
            EXPECT_EQ(page->second, static_cast<int64_t>(ids.size()));
        }
        return ids;
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village_ = 0, grid_ = 0, other_grid_ = 0;
};

TEST_P(EnterpriseRepositoryTest, RoundTripsEveryColumn) {
    Enterprise e = Make("慈溪市宏达服饰有限公司", "高家村1号", 1, grid_);
    e.industry_code = "C1810";
    e.employees = 12;
    e.tags = *TagSet::FromNames({"dust", "key_unit"});
    e.lat = 30.1234567;
    e.lng = 121.7654321;
    e.contact_name = "王伟";
    e.contact_phone = "13800000000";
    e.risk_level = RiskLevel::kYellow;
    int64_t id = Add(e);
    auto back = Tx([&](EnterpriseRepository repo) { return repo.FindById(id); });
    ASSERT_TRUE(back && *back);
    const Enterprise& r = **back;
    EXPECT_EQ(r.path.grid_id, grid_);
    EXPECT_EQ(r.name, e.name);
    EXPECT_EQ(r.credit_code, e.credit_code);
    EXPECT_EQ(r.industry_code, "C1810");
    EXPECT_EQ(r.employees, 12);
    EXPECT_EQ(r.tags, e.tags);
    EXPECT_DOUBLE_EQ(*r.lat, 30.1234567);
    EXPECT_DOUBLE_EQ(*r.lng, 121.7654321);
    EXPECT_EQ(r.risk_level, RiskLevel::kYellow);
    EXPECT_FALSE(r.building_id);
    EXPECT_EQ(r.version, 1);
    auto by_code = Tx([&](EnterpriseRepository repo) { return repo.FindIdByCreditCode(town_, e.credit_code); });
    EXPECT_EQ(*by_code, id);
}

TEST_P(EnterpriseRepositoryTest, TheStoreRejectsADuplicateCodeInATown) {
    Add(Make("甲", "", 1, grid_));
    Enterprise dup = Make("乙", "", 1, other_grid_);
    auto id = Tx([&](EnterpriseRepository repo) { return repo.Insert(dup); });
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, Code::kConflict);
}

TEST_P(EnterpriseRepositoryTest, SearchUsesTheIndexAndTheFallbackAlike) {
    int64_t a = Add(Make("慈溪市宏达服饰有限公司", "浙江省慈溪市匡堰镇高家村东路1号", 1, grid_));
    int64_t b = Add(Make("慈溪市锦绣制衣厂", "浙江省慈溪市匡堰镇倡隆村西路2号", 2, grid_));
    int64_t c = Add(Make("Acme 100% Cotton", "倡隆村", 3, other_grid_));
    EXPECT_EQ(Search("宏达服饰"), (std::vector<int64_t>{a}));
    EXPECT_EQ(Search("锦绣"), (std::vector<int64_t>{b}));
    EXPECT_EQ(Search("倡隆村"), (std::vector<int64_t>{b, c}));
    EXPECT_EQ(Search("倡隆"), (std::vector<int64_t>{b, c}));
    EXPECT_EQ(Search("倡隆村", {PathFilter::Subtree(RegionKind::kGrid, grid_)}), (std::vector<int64_t>{b}));
    EXPECT_EQ(Search("acme"), (std::vector<int64_t>{c}));  // Latin letters ignore case
    EXPECT_EQ(Search("ac"), (std::vector<int64_t>{c}));
    EXPECT_EQ(Search("100%"), (std::vector<int64_t>{c}));
    EXPECT_EQ(Search("0%"), (std::vector<int64_t>{c}));
    EXPECT_EQ(Search("%"), (std::vector<int64_t>{c}));  // a literal percent sign, not "anything"
    EXPECT_TRUE(Search("_").empty());
    EXPECT_TRUE(Search("0_ C").empty());
    EXPECT_TRUE(Search("\"").empty());
    EXPECT_TRUE(Search("NEAR(a b)").empty());
    EXPECT_TRUE(Search("\\").empty());
    EXPECT_EQ(Search("ma000002"), (std::vector<int64_t>{b}));  // credit code, any case
}

TEST_P(EnterpriseRepositoryTest, TheIndexFollowsUpdatesAndDeletes) {
    int64_t a = Add(Make("慈溪市宏达服饰有限公司", "高家村", 1, grid_));
    auto e = *Tx([&](EnterpriseRepository repo) { return repo.FindById(a); });
    e->name = "慈溪市云裳服饰有限公司";
    e->updated_at = 9;
    EXPECT_EQ(Tx([&](EnterpriseRepository repo) { return repo.Update(*e, 1); }), true);
    EXPECT_EQ(Tx([&](EnterpriseRepository repo) { return repo.Update(*e, 1); }), false);
    EXPECT_TRUE(Search("宏达服饰").empty());
    EXPECT_TRUE(Search("宏达").empty());
    EXPECT_EQ(Search("云裳服饰"), (std::vector<int64_t>{a}));
    EXPECT_EQ(Search("云裳"), (std::vector<int64_t>{a}));
    EXPECT_EQ(Search("裳"), (std::vector<int64_t>{a}));
    store_->Exec("DELETE FROM enterprises WHERE id = ?", {a});
    EXPECT_TRUE(Search("云裳服饰").empty());
    EXPECT_TRUE(Search("云裳").empty());
    if (GetParam() == test::Backend::kSqlite) {
        // The external-content FTS indexes agree with their table.
        store_->Exec("INSERT INTO enterprises_fts (enterprises_fts, rank) VALUES ('integrity-check', 1)");
        store_->Exec("INSERT INTO enterprises_chars (enterprises_chars, rank) VALUES ('integrity-check', 1)");
    }
}

TEST_P(EnterpriseRepositoryTest, ShortSearchesFindExactlyTheRowsHoldingThoseCharactersInARow) {
    // Names and addresses drawn from a small alphabet, so every one- and two-character query below
    // hits some rows and misses others; the answer must equal a plain substring scan.
    const std::vector<std::string> alphabet = {"宏", "达", "服", "饰", "村", "A", "b", "7", "-"};
    std::vector<Enterprise> made;
    std::vector<int64_t> ids;
    for (int n = 0; n < 24; ++n) {
        std::string name, address;
        for (int k = 0; k < 4; ++k) name += alphabet[(n * 7 + k * k * 3 + k) % alphabet.size()];
        for (int k = 0; k < 3; ++k) address += alphabet[(n * 5 + k * 2 + 1) % alphabet.size()];
        made.push_back(Make(name, address, n + 10, n % 2 ? grid_ : other_grid_));
        ids.push_back(Add(made.back()));
    }
    auto lower = [](std::string text) {
        for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        return text;
    };
    std::vector<std::string> queries = alphabet;
    for (const auto& x : alphabet)
        for (const auto& y : alphabet) queries.push_back(x + y);
    queries.push_back("a");  // ASCII letters ignore case at any length
    queries.push_back("B7");
    for (const std::string& q : queries) {
        std::vector<int64_t> expected;
        for (size_t i = 0; i < made.size(); ++i) {
            const std::string hay = lower(made[i].name + "\x1f" + made[i].address + "\x1f" + made[i].credit_code);
            if (hay.find(lower(q)) != std::string::npos) expected.push_back(ids[i]);
        }
        EXPECT_EQ(Search(q), expected) << "query " << q;
    }
}

TEST_P(EnterpriseRepositoryTest, FiltersByTagRiskAndBuildingAndPages) {
    Enterprise e1 = Make("甲", "", 1, grid_);
    e1.tags = *TagSet::FromNames({"dust"});
    e1.risk_level = RiskLevel::kYellow;
    Enterprise e2 = Make("乙", "", 2, grid_);
    e2.tags = *TagSet::FromNames({"confined_space", "group_rented"});
    e2.building_id = 77;
    int64_t a = Add(e1);
    int64_t b = Add(e2);
    for (int i = 0; i < 5; ++i) Add(Make("丙" + std::to_string(i), "", 10 + i, other_grid_));
    auto list = [&](EnterpriseQuery q) {
        auto page = Tx([&](EnterpriseRepository repo) { return repo.List(q); });
        EXPECT_TRUE(page);
        std::vector<int64_t> ids;
        for (const auto& e : page->first) ids.push_back(e.id);
        return std::make_pair(ids, page->second);
    };
    EnterpriseQuery q;
    q.tag = Tag::kDust;
    EXPECT_EQ(list(q).first, (std::vector<int64_t>{a}));
    q.tag = Tag::kGroupRented;
    EXPECT_EQ(list(q).first, (std::vector<int64_t>{b}));
    q.tag = Tag::kKeyUnit;
    EXPECT_TRUE(list(q).first.empty());
    EnterpriseQuery r;
    r.risk_level = RiskLevel::kYellow;
    EXPECT_EQ(list(r).first, (std::vector<int64_t>{a}));
    EnterpriseQuery bld;
    bld.building_id = 77;
    EXPECT_EQ(list(bld).first, (std::vector<int64_t>{b}));
    EnterpriseQuery paged;
    paged.offset = 2;
    paged.limit = 3;
    auto [ids, total] = list(paged);
    EXPECT_EQ(ids.size(), 3u);
    EXPECT_EQ(total, 7);
    ASSERT_TRUE(Tx([&](EnterpriseRepository repo) { return repo.SetRiskLevel(b, RiskLevel::kRed); }));
    EnterpriseQuery red;
    red.risk_level = RiskLevel::kRed;
    EXPECT_EQ(list(red).first, (std::vector<int64_t>{b}));
}

TEST_P(EnterpriseRepositoryTest, CountersAgreeWithCountingThroughInsertsMovesRegradesAndDeletes) {
    // The list's total by place and colour comes from enterprise_counts; the same query with a tag
    // filter that every row matches still counts enterprises row by row. Both must always agree.
    auto totals = [&](std::vector<PathFilter> filters, std::optional<RiskLevel> risk) {
        EnterpriseQuery by_counters;
        by_counters.filters = filters;
        by_counters.risk_level = risk;
        EnterpriseQuery by_rows = by_counters;
        by_rows.building_id = 5;  // every row below sits in building 5: forces COUNT(*)
        auto a = Tx([&](EnterpriseRepository repo) { return repo.List(by_counters); });
        auto b = Tx([&](EnterpriseRepository repo) { return repo.List(by_rows); });
        EXPECT_TRUE(a && b);
        EXPECT_EQ(a->second, b->second);
        return a->second;
    };
    auto make = [&](int n, int64_t grid) {
        Enterprise e = Make("企业" + std::to_string(n), "", n, grid);
        e.building_id = 5;
        return e;
    };
    std::vector<int64_t> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(Add(make(i, i < 4 ? grid_ : other_grid_)));
    const auto town = PathFilter::Subtree(RegionKind::kTown, town_);
    const auto village = PathFilter::Subtree(RegionKind::kVillage, village_);
    const auto grid = PathFilter::Subtree(RegionKind::kGrid, grid_);
    const auto other = PathFilter::Subtree(RegionKind::kGrid, other_grid_);
    EXPECT_EQ(totals({town}, std::nullopt), 6);
    EXPECT_EQ(totals({town, village}, std::nullopt), 6);
    EXPECT_EQ(totals({town, grid}, std::nullopt), 4);
    EXPECT_EQ(totals({other}, std::nullopt), 2);
    EXPECT_EQ(totals({PathFilter::Nothing()}, std::nullopt), 0);

    // Move one enterprise to the other grid (a PATCH of grid_id), re-grade two, delete one.
    auto moved = *Tx([&](EnterpriseRepository repo) { return repo.FindById(ids[0]); });
    moved->path.grid_id = other_grid_;
    ASSERT_EQ(Tx([&](EnterpriseRepository repo) { return repo.Update(*moved, 1); }), true);
    ASSERT_TRUE(Tx([&](EnterpriseRepository repo) { return repo.SetRiskLevel(ids[1], RiskLevel::kRed); }));
    ASSERT_TRUE(Tx([&](EnterpriseRepository repo) { return repo.SetRiskLevel(ids[5], RiskLevel::kRed); }));
    ASSERT_TRUE(Tx([&](EnterpriseRepository repo) { return repo.SetRiskLevel(ids[5], RiskLevel::kRed); }));
    store_->Exec("DELETE FROM enterprises WHERE id = ?", {ids[2]});
    EXPECT_EQ(totals({town}, std::nullopt), 5);
    EXPECT_EQ(totals({grid}, std::nullopt), 2);
    EXPECT_EQ(totals({other}, std::nullopt), 3);
    EXPECT_EQ(totals({town}, RiskLevel::kRed), 2);
    EXPECT_EQ(totals({grid}, RiskLevel::kRed), 1);
    EXPECT_EQ(totals({town}, RiskLevel::kBlue), 3);
    // One enterprise's own scope (the enterprise role) is answered row by row.
    EXPECT_EQ(totals({town, PathFilter::Id(ids[1])}, std::nullopt), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, EnterpriseRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
