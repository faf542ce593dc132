#include "services/region_service.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

class RegionServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
    }

    static std::set<int64_t> Ids(const std::vector<RegionNode>& forest) {
        std::set<int64_t> out;
        std::function<void(const RegionNode&)> walk = [&](const RegionNode& n) {
            out.insert(n.region.id);
            for (const auto& c : n.children) walk(c);
        };
        for (const auto& n : forest) walk(n);
        return out;
    }

    std::unique_ptr<RegistryWorld> w_;
};

TEST_P(RegionServiceTest, AdminSeesEveryTown) {
    auto tree = w_->regions->Tree(w_->admin);
    ASSERT_TRUE(tree);
    ASSERT_EQ(tree->size(), 2u);
    EXPECT_EQ((*tree)[0].region.id, w_->town);
    EXPECT_EQ((*tree)[1].region.id, w_->other_town);
    ASSERT_EQ((*tree)[0].children.size(), 2u);
    EXPECT_EQ((*tree)[0].children[0].region.id, w_->village1);
    EXPECT_EQ((*tree)[0].children[0].children.size(), 2u);
    EXPECT_EQ((*tree)[0].children[0].children[1].region.id, w_->grid1b);
    EXPECT_EQ((*tree)[0].region.responsible.name, "负责人匡堰镇");
}

TEST_P(RegionServiceTest, TownSeesItsTownTree) {
    auto tree = w_->regions->Tree(w_->town_officer);
    ASSERT_TRUE(tree);
    ASSERT_EQ(tree->size(), 1u);
    EXPECT_EQ((*tree)[0].region.id, w_->town);
    EXPECT_EQ(Ids(*tree),
              (std::set<int64_t>{w_->town, w_->village1, w_->grid1a, w_->grid1b, w_->village2, w_->grid2a}));
}

TEST_P(RegionServiceTest, VillageSeesItsVillageAndGridsOnly) {
    auto tree = w_->regions->Tree(w_->village_officer);
    ASSERT_TRUE(tree);
    ASSERT_EQ(tree->size(), 1u);
    EXPECT_EQ((*tree)[0].region.id, w_->village1);
    EXPECT_EQ((*tree)[0].region.parent_id, w_->town);  // the parent is named, not shown
    EXPECT_EQ(Ids(*tree), (std::set<int64_t>{w_->village1, w_->grid1a, w_->grid1b}));
}

TEST_P(RegionServiceTest, InspectorSeesItsGrid) {
    auto tree = w_->regions->Tree(w_->inspector);
    ASSERT_TRUE(tree);
    EXPECT_EQ(Ids(*tree), (std::set<int64_t>{w_->grid1a}));
}

TEST_P(RegionServiceTest, EnterpriseSeesOnlyTheGridItSitsIn) {
    auto tree = w_->regions->Tree(w_->enterprise_user);
    ASSERT_TRUE(tree);
    ASSERT_EQ(tree->size(), 1u);
    EXPECT_EQ((*tree)[0].region.id, w_->grid1a);
    EXPECT_TRUE((*tree)[0].children.empty());
    EXPECT_TRUE(w_->regions->Get(w_->enterprise_user, w_->grid1a));
    EXPECT_EQ(w_->regions->Get(w_->enterprise_user, w_->village1).error().code, Code::kNotFound);
}

TEST_P(RegionServiceTest, GetAnswers404OutsideScope) {
    struct Case {
        const Principal* who;
        int64_t id;
        bool visible;
    };
    const RegistryWorld& w = *w_;
    for (const Case& c : {Case{&w.admin, w.other_grid, true}, Case{&w.town_officer, w.grid2a, true},
                          Case{&w.town_officer, w.other_town, false}, Case{&w.village_officer, w.grid1b, true},
                          Case{&w.village_officer, w.town, false}, Case{&w.village_officer, w.village2, false},
                          Case{&w.inspector, w.grid1a, true}, Case{&w.inspector, w.grid1b, false},
                          Case{&w.inspector, w.village1, false}, Case{&w.admin, 999999, false}}) {
        auto r = w_->regions->Get(*c.who, c.id);
        EXPECT_EQ(r.has_value(), c.visible) << c.who->username << " " << c.id;
        if (!r) EXPECT_EQ(r.error().code, Code::kNotFound);
    }
}

TEST_P(RegionServiceTest, TownCreatesVillagesAndGridsInsideItsTown) {
    auto v = w_->regions->Create(&w_->town_officer,
                                 {"新村", "village", w_->town, "330282110299", {"李强", "13700000000", {}}});
    ASSERT_TRUE(v) << v.error().id;
    EXPECT_EQ(v->path.town_id, w_->town);
    EXPECT_EQ(v->path.village_id, v->id);
    EXPECT_FALSE(v->path.grid_id);
    auto g = w_->regions->Create(&w_->town_officer, {"新村第一网格", "grid", v->id, "", {}});
    ASSERT_TRUE(g);
    EXPECT_EQ(g->path.village_id, v->id);
    EXPECT_EQ(g->path.grid_id, g->id);
    EXPECT_EQ(g->version, 1);
    // A stored town row carries its own id as town_id.
    EXPECT_EQ(w_->store->QueryInt("SELECT town_id FROM regions WHERE id = ?", {w_->town}), w_->town);
}

TEST_P(RegionServiceTest, CreateChecksRoleParentAndFields) {
    auto expect = [](const Result<Region>& r, Code code, const char* field = nullptr) {
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, code);
        if (field) EXPECT_TRUE(r.error().fields.count(field)) << field;
    };
    expect(w_->regions->Create(&w_->town_officer, {"别镇", "town", std::nullopt, "", {}}), Code::kForbidden);
    expect(w_->regions->Create(&w_->village_officer, {"格", "grid", w_->village1, "", {}}), Code::kForbidden);
    expect(w_->regions->Create(&w_->inspector, {"格", "grid", w_->village1, "", {}}), Code::kForbidden);
    expect(w_->regions->Create(&w_->enterprise_user, {"格", "grid", w_->village1, "", {}}), Code::kForbidden);
    // A parent in another town reads as not found, on the field.
    expect(w_->regions->Create(&w_->town_officer, {"村", "village", w_->other_town, "", {}}), Code::kValidation,
           "parent_id");
    expect(w_->regions->Create(&w_->town_officer, {"村", "village", 987654, "", {}}), Code::kValidation, "parent_id");
    expect(w_->regions->Create(&w_->admin, {"格", "grid", w_->town, "", {}}), Code::kValidation, "parent_id");
    expect(w_->regions->Create(&w_->admin, {"村", "village", std::nullopt, "", {}}), Code::kValidation, "parent_id");
    expect(w_->regions->Create(&w_->admin, {"镇", "town", w_->town, "", {}}), Code::kValidation, "parent_id");
    expect(w_->regions->Create(&w_->admin, {"格", "grid", w_->grid1a, "", {}}), Code::kValidation, "parent_id");
    expect(w_->regions->Create(&w_->admin, {"镇", "province", std::nullopt, "", {}}), Code::kValidation, "kind");
    expect(w_->regions->Create(&w_->admin, {"", "town", std::nullopt, "", {}}), Code::kValidation, "name");
    expect(w_->regions->Create(&w_->admin, {std::string(101, 'x'), "town", std::nullopt, "", {}}), Code::kValidation,
           "name");
    expect(w_->regions->Create(&w_->admin, {"镇", "town", std::nullopt, std::string(33, '1'), {}}), Code::kValidation,
           "code");
    expect(w_->regions->Create(&w_->admin, {"镇", "town", std::nullopt, "", {"", "not a phone", {}}}),
           Code::kValidation, "responsible.phone");
    expect(w_->regions->Create(&w_->admin, {"村", "village", w_->town, "", {"", "", 424242}}), Code::kValidation,
           "responsible.user_id");
    auto admin_town = w_->regions->Create(&w_->admin, {"新镇", "town", std::nullopt, "", {}});
    ASSERT_TRUE(admin_town);
    EXPECT_EQ(admin_town->path.town_id, admin_town->id);
}

TEST_P(RegionServiceTest, UpdateNeedsTheCurrentVersion) {
    RegionPatch patch;
    patch.name = "高家村（新）";
    auto missing = w_->regions->Update(&w_->town_officer, w_->village1, std::nullopt, patch);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Code::kValidation);
    EXPECT_TRUE(missing.error().fields.count("version"));
    auto stale = w_->regions->Update(&w_->town_officer, w_->village1, 2, patch);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, Code::kConflict);
    auto ok = w_->regions->Update(&w_->town_officer, w_->village1, 1, patch);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->name, "高家村（新）");
    EXPECT_EQ(ok->version, 2);
    EXPECT_EQ(w_->regions->Update(&w_->town_officer, w_->village1, 1, patch).error().code, Code::kConflict);
}

TEST_P(RegionServiceTest, UpdateChecksRoleScopeAndReadOnlyFields) {
    RegionPatch patch;
    patch.responsible_name = "赵敏";
    EXPECT_EQ(w_->regions->Update(&w_->village_officer, w_->village1, 1, patch).error().code, Code::kForbidden);
    EXPECT_EQ(w_->regions->Update(&w_->inspector, w_->grid1a, 1, patch).error().code, Code::kForbidden);
    EXPECT_EQ(w_->regions->Update(&w_->town_officer, w_->other_grid, 1, patch).error().code, Code::kNotFound);
    // Out of scope wins over a missing version: nothing is revealed.
    EXPECT_EQ(w_->regions->Update(&w_->town_officer, w_->other_grid, std::nullopt, patch).error().code,
              Code::kNotFound);
    RegionPatch move;
    move.parent_id = w_->village2;
    auto moved = w_->regions->Update(&w_->town_officer, w_->grid1a, 1, move);
    ASSERT_FALSE(moved);
    EXPECT_TRUE(moved.error().fields.count("parent_id"));
    RegionPatch same;  // echoing the current kind and parent is fine
    same.kind = "grid";
    same.parent_id = w_->village1;
    same.responsible_phone = "0574-63210000";
    auto ok = w_->regions->Update(&w_->town_officer, w_->grid1a, 1, same);
    ASSERT_TRUE(ok) << ok.error().id;
    EXPECT_EQ(ok->responsible.phone, "0574-63210000");
    RegionPatch kind;
    kind.kind = "village";
    EXPECT_TRUE(w_->regions->Update(&w_->admin, w_->grid1a, 2, kind).error().fields.count("kind"));
}

TEST_P(RegionServiceTest, EveryChangeIsAudited) {
    const int64_t before = w_->AuditCount("region");
    EXPECT_EQ(before, 9);  // the world's nine regions
    RegionPatch patch;
    patch.code = "330282110201";
    ASSERT_TRUE(w_->regions->Update(&w_->town_officer, w_->village1, 1, patch));
    EXPECT_EQ(w_->AuditCount("region"), before + 1);
    EXPECT_EQ(w_->store->QueryInt("SELECT town_id FROM audit_log WHERE entity = 'region' AND entity_id = ? "
                                  "AND action = 'update'",
                                  {w_->village1}),
              w_->town);
    // A failed change writes nothing.
    EXPECT_FALSE(w_->regions->Update(&w_->town_officer, w_->village1, 1, patch));
    EXPECT_EQ(w_->AuditCount("region"), before + 1);
}

Boundary GridSquare() {
    return Boundary{false,
                    {GeoPolygon{{{121.0, 30.0}, {121.01, 30.0}, {121.01, 30.01}, {121.0, 30.01}, {121.0, 30.0}}}}};
}

TEST_P(RegionServiceTest, ABoundaryIsSetReadAndClearedButNotInTheTree) {
    NewRegion grid{"高家村第三网格", "grid", w_->village1, "", {}};
    grid.boundary = GridSquare();
    auto created = w_->regions->Create(&w_->town_officer, grid);
    ASSERT_TRUE(created) << created.error().id;
    const std::string text =
        R"({"type":"Polygon","coordinates":[[[121,30],[121.01,30],[121.01,30.01],[121,30.01],[121,30]]]})";
    EXPECT_EQ(created->boundary, text);
    auto read = w_->regions->Get(w_->village_officer, created->id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->boundary, text);
    auto tree = w_->regions->Tree(w_->village_officer);
    ASSERT_TRUE(tree);
    for (const auto& g : (*tree)[0].children) EXPECT_FALSE(g.region.boundary) << g.region.id;

    // A patch of another field keeps the boundary; null removes it.
    RegionPatch rename;
    rename.name = "高家村三网格";
    auto renamed = w_->regions->Update(&w_->town_officer, created->id, 1, rename);
    ASSERT_TRUE(renamed);
    EXPECT_EQ(w_->regions->Get(w_->admin, created->id)->boundary, text);
    RegionPatch clear;
    clear.boundary = std::optional<Boundary>();
    ASSERT_TRUE(w_->regions->Update(&w_->town_officer, created->id, 2, clear));
    EXPECT_FALSE(w_->regions->Get(w_->admin, created->id)->boundary);
}

TEST_P(RegionServiceTest, ABadBoundaryIs422OnBoundaryAndWritesNothing) {
    Boundary open = GridSquare();
    open.polygons[0][0].back() = {121.0, 30.001};
    RegionPatch patch;
    patch.boundary = open;
    const int64_t audits = w_->AuditCount("region");
    auto bad = w_->regions->Update(&w_->town_officer, w_->grid1a, 1, patch);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Code::kValidation);
    ASSERT_TRUE(bad.error().fields.count("boundary"));
    EXPECT_NE(bad.error().fields.at("boundary").en.find("closed"), std::string::npos);
    EXPECT_EQ(w_->AuditCount("region"), audits);
    EXPECT_FALSE(w_->regions->Get(w_->admin, w_->grid1a)->boundary);
    NewRegion grid{"网格", "grid", w_->village1, "", {}};
    grid.boundary = Boundary{false, {}};
    auto refused = w_->regions->Create(&w_->town_officer, grid);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().fields.count("boundary"));
    // Only town and admin set one.
    RegionPatch good;
    good.boundary = GridSquare();
    EXPECT_EQ(w_->regions->Update(&w_->village_officer, w_->grid1a, 1, good).error().code, Code::kForbidden);
}

INSTANTIATE_TEST_SUITE_P(Stores, RegionServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
