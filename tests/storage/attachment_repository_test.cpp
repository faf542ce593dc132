#include "storage/repositories/attachment_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class AttachmentRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    template <class F>
    auto InTx(F&& f) {
        return store_->db().Transact(true, [&](Connection& c) { return f(AttachmentRepository(c)); });
    }

    int64_t Add(std::optional<int64_t> uploader, int64_t town = 0) {
        AttachmentRecord a;
        a.town_id = town;
        a.sha256 = std::string(64, 'a');
        a.size = 3;
        a.content_type = "image/png";
        a.uploader_id = uploader;
        a.uploader_ip = "198.51.100.7";
        a.created_at = 1000;
        auto id = InTx([&](AttachmentRepository r) { return r.Insert(a); });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        return id ? *id : 0;
    }

    std::unique_ptr<test::TestStore> store_;
};

TEST_P(AttachmentRepositoryTest, InsertsAndReadsEveryColumn) {
    AttachmentRecord a;
    a.town_id = 7;
    a.sha256 = std::string(64, 'f');
    a.size = 12345;
    a.content_type = "image/jpeg";
    a.uploader_id = 42;
    a.uploader_ip = "2001:db8::1";
    a.taken_at = 1795951874;
    a.lat = 30.175;
    a.lng = 121.26;
    a.created_at = 1795951900;
    auto id = InTx([&](AttachmentRepository r) { return r.Insert(a); });
    ASSERT_TRUE(id);
    auto found = InTx([&](AttachmentRepository r) { return r.FindById(*id); });
    ASSERT_TRUE(found && *found);
    const AttachmentRecord& b = **found;
    EXPECT_EQ(b.id, *id);
    EXPECT_EQ(b.town_id, 7);
    EXPECT_EQ(b.sha256, a.sha256);
    EXPECT_EQ(b.size, 12345);
    EXPECT_EQ(b.content_type, "image/jpeg");
    EXPECT_EQ(b.uploader_id, 42);
    EXPECT_EQ(b.uploader_ip, "2001:db8::1");
    EXPECT_EQ(b.taken_at, 1795951874);
    EXPECT_DOUBLE_EQ(*b.lat, 30.175);
    EXPECT_DOUBLE_EQ(*b.lng, 121.26);
    EXPECT_EQ(b.created_at, 1795951900);
    EXPECT_FALSE(*InTx([](AttachmentRepository r) { return r.FindById(999999); }));
}

TEST_P(AttachmentRepositoryTest, UsesListsTheLinks) {
    const int64_t id = Add(1, 3);
    EXPECT_TRUE(InTx([&](AttachmentRepository r) { return r.Uses(id); })->empty());
    store_->Exec(
        "INSERT INTO attachment_links (attachment_id, town_id, entity, entity_id, role) VALUES "
        "(?, 3, 'inspection', 5, 'evidence'), (?, 3, 'hazard', 9, 'before')",
        {id, id});
    auto uses = InTx([&](AttachmentRepository r) { return r.Uses(id); });
    ASSERT_TRUE(uses);
    ASSERT_EQ(uses->size(), 2u);
    EXPECT_EQ((*uses)[0].entity, "hazard");
    EXPECT_EQ((*uses)[0].entity_id, 9);
    EXPECT_EQ((*uses)[0].role, "before");
    EXPECT_EQ((*uses)[1].entity, "inspection");
}

TEST_P(AttachmentRepositoryTest, ClaimTakesOnlyUnclaimedUnlinkedPublicUploadsOnce) {
    const int64_t free1 = Add(std::nullopt);
    const int64_t free2 = Add(std::nullopt);
    const int64_t staff = Add(5, 3);
    const int64_t linked = Add(std::nullopt);
    store_->Exec("INSERT INTO attachment_links (attachment_id, town_id, entity, entity_id) VALUES (?, 0, 'hazard', 1)",
                 {linked});
    EXPECT_EQ(*InTx([&](AttachmentRepository r) { return r.ClaimPublic({free1, free2, free1}, 3); }), 2);
    EXPECT_EQ(store_->QueryInt("SELECT town_id FROM attachments WHERE id = ?", {free1}), 3);
    // Claimed already, a staff upload, a linked one, a missing one: nothing moves.
    EXPECT_EQ(*InTx([&](AttachmentRepository r) { return r.ClaimPublic({free1}, 4); }), 0);
    EXPECT_EQ(*InTx([&](AttachmentRepository r) { return r.ClaimPublic({staff, linked, 999999}, 4); }), 0);
    EXPECT_EQ(*InTx([&](AttachmentRepository r) { return r.ClaimPublic({}, 4); }), 0);
    EXPECT_EQ(store_->QueryInt("SELECT town_id FROM attachments WHERE id = ?", {free1}), 3);
}

INSTANTIATE_TEST_SUITE_P(Stores, AttachmentRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
