// GET /api/v1/hazards at the service: several statuses and "open", the keyword over the
// enterprise's name, the deadline order, each within the caller's scope.
#include <gtest/gtest.h>

#include "services/hazard_service.hpp"
#include "services/hazard_world.hpp"

namespace safegrid::services {
namespace {

using test::HazardWorld;

class HazardListTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = HazardWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    std::vector<int64_t> Ids(const Principal& who, HazardFilter f) {
        auto page = w_->hazards->List(who, f);
        EXPECT_TRUE(page) << (page ? "" : page.error().id);
        std::vector<int64_t> out;
        if (!page) return out;
        for (const auto& v : page->items) out.push_back(v.hazard.id);
        EXPECT_EQ(page->total, static_cast<int64_t>(out.size()));
        return out;
    }
    void ExpectInvalid(const Principal& who, HazardFilter f, const std::string& field) {
        auto page = w_->hazards->List(who, f);
        ASSERT_FALSE(page) << field;
        EXPECT_EQ(page.error().code, Code::kValidation);
        EXPECT_TRUE(page.error().fields.count(field)) << field;
    }

    std::unique_ptr<HazardWorld> w_;
};

TEST_P(HazardListTest, StatusListsAndOpenStayInsideTheScope) {
    auto& r = *w_->r;
    const int64_t reported = w_->Create(r.enterprise_user, r.ent1a);  // grid 1a, reported
    const int64_t rectifying = w_->Create(r.inspector, r.ent1a);      // grid 1a
    const int64_t closed = w_->Create(r.village_officer, r.ent1b);    // grid 1b
    ASSERT_TRUE(w_->Act(r.other_enterprise_user, closed, "submit", "已整改"));
    ASSERT_TRUE(w_->Act(r.village_officer, closed, "approve"));
    const int64_t other_village = w_->Create(r.town_officer, r.ent2a);  // village 2
    const int64_t public_report = w_->PublicReport(r.town);

    HazardFilter open;
    open.status = "open";
    EXPECT_EQ(Ids(r.town_officer, open), (std::vector<int64_t>{public_report, other_village, rectifying, reported}));
    EXPECT_EQ(Ids(r.village_officer, open), (std::vector<int64_t>{rectifying, reported}));
    EXPECT_EQ(Ids(r.inspector, open), (std::vector<int64_t>{rectifying, reported}));
    EXPECT_EQ(Ids(r.other_enterprise_user, open), std::vector<int64_t>{});
    HazardFilter two;
    two.status = "closed,reported";
    EXPECT_EQ(Ids(r.village_officer, two), (std::vector<int64_t>{closed, reported}));
    EXPECT_EQ(Ids(r.other_enterprise_user, two), (std::vector<int64_t>{closed}));
    HazardFilter one;  // one status works as it always did
    one.status = "rectifying";
    EXPECT_EQ(Ids(r.town_officer, one), (std::vector<int64_t>{other_village, rectifying}));

    HazardFilter bad;
    bad.status = "open,closed";
    ExpectInvalid(r.town_officer, bad, "status");
    bad.status = "rectifying,overdue";
    ExpectInvalid(r.town_officer, bad, "status");
}

TEST_P(HazardListTest, KeywordFindsEnterpriseNamesOnlyWithinTheScope) {
    auto& r = *w_->r;
    const int64_t own = w_->Create(r.inspector, r.ent1a);       // 慈溪市宏达服饰有限公司
    const int64_t other = w_->Create(r.town_officer, r.ent2a);  // 慈溪市永盛针织厂, village 2
    HazardFilter f;
    f.q = "永盛";
    EXPECT_EQ(Ids(r.town_officer, f), (std::vector<int64_t>{other}));
    EXPECT_EQ(Ids(r.village_officer, f), std::vector<int64_t>{});
    EXPECT_EQ(Ids(r.enterprise_user, f), std::vector<int64_t>{});
    f.q = "宏达服饰";
    EXPECT_EQ(Ids(r.enterprise_user, f), (std::vector<int64_t>{own}));
    EXPECT_EQ(Ids(r.inspector, f), (std::vector<int64_t>{own}));
    f.q = "慈溪市";
    EXPECT_EQ(Ids(r.inspector, f), (std::vector<int64_t>{own}));
    EXPECT_EQ(Ids(r.town_officer, f), (std::vector<int64_t>{other, own}));

    f.q = std::string(101, 'a');
    ExpectInvalid(r.town_officer, f, "q");
    f.q = std::string(100, 'a');
    EXPECT_EQ(Ids(r.town_officer, f), std::vector<int64_t>{});
}

TEST_P(HazardListTest, OverdueListSortsByDeadlineMostOverdueFirst) {
    auto& r = *w_->r;
    const UnixSeconds now = r.clock.Now();
    const int64_t sooner = w_->Create(r.village_officer, r.ent1b, "general", now + 1 * 86400);
    const int64_t later = w_->Create(r.village_officer, r.ent1a, "general", now + 3 * 86400);
    const int64_t latest = w_->Create(r.village_officer, r.ent1a, "general", now + 9 * 86400);
    r.clock.Advance(5 * 86400);  // sooner and later are overdue now
    HazardFilter overdue;
    overdue.overdue = true;
    EXPECT_EQ(Ids(r.village_officer, overdue), (std::vector<int64_t>{later, sooner}));
    overdue.sort = "due_at";
    EXPECT_EQ(Ids(r.village_officer, overdue), (std::vector<int64_t>{sooner, later}));
    EXPECT_EQ(Ids(r.inspector, overdue), (std::vector<int64_t>{later}));  // grid 1a only
    HazardFilter all;
    all.sort = "-due_at";
    EXPECT_EQ(Ids(r.village_officer, all), (std::vector<int64_t>{latest, later, sooner}));
    all.sort = "created_at";
    EXPECT_EQ(Ids(r.village_officer, all), (std::vector<int64_t>{sooner, later, latest}));
    all.sort = "-created_at";
    EXPECT_EQ(Ids(r.village_officer, all), (std::vector<int64_t>{latest, later, sooner}));
    all.sort = "title";
    ExpectInvalid(r.village_officer, all, "sort");
    all.sort = "due";
    ExpectInvalid(r.village_officer, all, "sort");
}

INSTANTIATE_TEST_SUITE_P(Stores, HazardListTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
