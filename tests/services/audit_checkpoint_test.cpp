#include "services/audit_checkpoint.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"

namespace safegrid::services {
namespace {

AuditCheckpoint Sample() {
    AuditCheckpoint cp;
    cp.database = "sqlite:/srv/safegrid/safegrid.db";
    cp.written_at = 1795951874;
    cp.chains = {{0, 12, std::string(64, 'a'), 7}, {3, 15, std::string(64, 'b'), 5}};
    return cp;
}

std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void Replace(const std::string& path, const std::string& from, const std::string& to) {
    std::string text = Slurp(path);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << text;
    text.replace(at, from.size(), to);
    std::ofstream(path, std::ios::trunc) << text;
}

TEST(AuditCheckpointFormat, SignsFieldsInAFixedOrder) {
    EXPECT_EQ(AuditCheckpointSigningText(Sample()), R"([1,"sqlite:/srv/safegrid/safegrid.db",1795951874,[[0,12,")" +
                                                        std::string(64, 'a') + R"(",7],[3,15,")" +
                                                        std::string(64, 'b') + R"(",5]]])");
    auto parsed = ParseAuditCheckpoint(AuditCheckpointToJson(Sample()));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(AuditCheckpointSigningText(*parsed), AuditCheckpointSigningText(Sample()));
    for (const char* bad : {"", "[]", "{}", R"({"version":2})", "not json"}) {
        auto e = ParseAuditCheckpoint(bad);
        ASSERT_FALSE(e) << bad;
        EXPECT_EQ(e.error().id, "audit_checkpoint_unreadable");
    }
}

TEST(AuditCheckpointFiles, WritesSignedAndReadsBack) {
    test::TempDir dir;
    AuditCheckpointFiles files(dir.File("data"));  // a data dir that does not exist yet
    const std::string path = files.PathFor(Sample().database);
    auto none = files.Read(path);
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    auto written = files.Write(path, Sample());
    ASSERT_TRUE(written) << written.error().internal;
    EXPECT_EQ(written->signature.size(), 64u);
    auto back = files.Read(path);
    ASSERT_TRUE(back) << back.error().internal;
    ASSERT_TRUE(back->has_value());
    EXPECT_EQ(AuditCheckpointSigningText(**back), AuditCheckpointSigningText(Sample()));
    EXPECT_EQ((*back)->signature, written->signature);
    // No temporary file is left behind.
    for (const auto& e : std::filesystem::directory_iterator(dir.File("data"))) {
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    }
}

TEST(AuditCheckpointFiles, TheKeyIsMadeOnceAndReadableByTheOwnerOnly) {
    test::TempDir dir;
    AuditCheckpointFiles files(dir.path().string());
    auto missing = files.Key(false);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().id, "audit_key_missing");
    auto key = files.Key(true);
    ASSERT_TRUE(key) << key.error().internal;
    EXPECT_EQ(key->size(), 32u);
    auto again = files.Key(true);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *key);
    struct stat st {};
    ASSERT_EQ(::stat(files.KeyPath().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AuditCheckpointFiles, AnEditedCheckpointFailsItsSignature) {
    test::TempDir dir;
    AuditCheckpointFiles files(dir.path().string());
    const std::string path = files.PathFor("x");
    ASSERT_TRUE(files.Write(path, Sample()));
    // Someone moves the checkpoint back to match a shortened chain.
    Replace(path, R"("last_id":15)", R"("last_id":14)");
    auto edited = files.Read(path);
    ASSERT_FALSE(edited);
    EXPECT_EQ(edited.error().id, "audit_checkpoint_signature");

    ASSERT_TRUE(files.Write(path, Sample()));
    const std::string sig = files.Read(path).value()->signature;
    Replace(path, sig, std::string(64, '0'));
    auto forged = files.Read(path);
    ASSERT_FALSE(forged);
    EXPECT_EQ(forged.error().id, "audit_checkpoint_signature");
}

TEST(AuditCheckpointFiles, ACheckpointSignedWithAnotherKeyOrNoKeyFails) {
    test::TempDir mine, theirs;
    AuditCheckpointFiles my_files(mine.path().string());
    AuditCheckpointFiles their_files(theirs.path().string());
    const std::string path = their_files.PathFor("x");
    ASSERT_TRUE(their_files.Write(path, Sample()));
    ASSERT_TRUE(my_files.Key(true));
    auto foreign = my_files.Read(path);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().id, "audit_checkpoint_signature");

    std::filesystem::remove(their_files.KeyPath());
    auto keyless = their_files.Read(path);
    ASSERT_FALSE(keyless);
    EXPECT_EQ(keyless.error().id, "audit_checkpoint_signature");
}

TEST(AuditCheckpointFiles, EachDatabaseHasItsOwnFile) {
    AuditCheckpointFiles files("/srv/data");
    EXPECT_NE(files.PathFor("sqlite:/a.db"), files.PathFor("sqlite:/b.db"));
    EXPECT_EQ(files.PathFor("sqlite:/a.db"), files.PathFor("sqlite:/a.db"));
    EXPECT_TRUE(files.PathFor("sqlite:/a.db").starts_with("/srv/data/audit-"));
}

}  // namespace
}  // namespace safegrid::services
