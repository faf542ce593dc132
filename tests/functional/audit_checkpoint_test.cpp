// The audit checkpoint of CONTRACT.md `audit verify`, with the real binary: `serve` writes it in its
// data dir within its interval and at SIGTERM; `audit verify --data-dir` finds a deleted tail and
// an older copy of the database put back; `backup`/`restore` carry it so an honest restore passes.
#include "services/audit_checkpoint.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "storage/db.hpp"
#include "support/audit_tamper.hpp"
#include "support/http_client.hpp"
#include "support/pg_fixture.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::testing {
namespace fs = std::filesystem;
namespace {

class AuditCheckpoint : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = "sqlite:" + dir_.File("town.db");
        data_ = dir_.File("data");
        auto seeded = RunSafegrid({"seed-demo", "--db", db_, "--enterprises", "5", "--hazards", "0", "--seed", "5"});
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    }

    int64_t QueryInt(const std::string& sql) {
        auto db = storage::OpenDatabase(db_);
        if (!db) return -1;
        auto rows = (*db)->Read([&](storage::Connection& c) { return c.Query(sql); });
        return rows && !rows->rows.empty() ? rows->rows[0].Int(0) : -1;
    }
    int64_t LastAuditId() { return QueryInt("SELECT MAX(id) FROM audit_log"); }

    // The highest entry id the checkpoint in the data dir names; -1 when there is none.
    int64_t CheckpointReach() {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(data_, ec)) {
            const std::string name = e.path().filename().string();
            if (!name.starts_with("audit-") || !name.ends_with(".checkpoint")) continue;
            std::ifstream in(e.path());
            std::stringstream ss;
            ss << in.rdbuf();
            auto cp = services::ParseAuditCheckpoint(ss.str());
            if (!cp) return -1;
            int64_t reach = 0;
            for (const auto& c : cp->chains) reach = std::max(reach, c.last_id);
            return reach;
        }
        return -1;
    }

    // The checkpoint file's inode (0 when there is none): every write is a rename of a new file, so a
    // new inode means a new write, whatever entries it names.
    ino_t CheckpointInode() {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(data_, ec)) {
            const std::string name = e.path().filename().string();
            if (!name.starts_with("audit-") || !name.ends_with(".checkpoint")) continue;
            struct stat st {};
            if (::stat(e.path().c_str(), &st) == 0) return st.st_ino;
        }
        return 0;
    }

    bool WaitForNewCheckpoint(ino_t before, std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            const ino_t now = CheckpointInode();
            if (now != 0 && now != before) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    bool WaitForCheckpointReach(int64_t id, std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (CheckpointReach() >= id) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    // Starts serve with a checkpoint interval, logs in once (an audited change) and stops with SIGTERM.
    void ServeLoginAndStop(const char* interval = "60") {
        ::setenv("SAFEGRID_AUDIT_CHECKPOINT_SECONDS", interval, 1);
        const ino_t before = CheckpointInode();
        ServerProcess server({"--db", db_, "--data-dir", data_});
        const bool started = server.Start();
        ::unsetenv("SAFEGRID_AUDIT_CHECKPOINT_SECONDS");
        ASSERT_TRUE(started) << server.Log();
        // The start-up checkpoint first, so the login below can only reach a later one. (Not "reaches
        // the last entry": the scheduler's first jobs may append entries just after that write.)
        ASSERT_TRUE(WaitForNewCheckpoint(before, std::chrono::seconds(30))) << server.Log();
        HttpClient client("127.0.0.1", server.port());
        ASSERT_EQ(client.Login("town").status, 200);
        EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
    }

    // An attacker with the database: triggers off, the last entry of its chain gone, the head moved
    // back so the chain agrees with itself.
    void DeleteLastEntry() {
        auto db = storage::OpenDatabase(db_);
        ASSERT_TRUE(db);
        test::AllowAuditTampering(**db);
        auto done = (*db)->Transact(true, [](storage::Connection& c) -> Status {
            SG_ASSIGN_OR_RETURN(auto last, c.Query("SELECT id, town_id FROM audit_log ORDER BY id DESC LIMIT 1"));
            const int64_t id = last.rows.at(0).Int(0);
            const int64_t town = last.rows.at(0).Int(1);
            const storage::Value del[] = {id};
            SG_TRY(c.Execute("DELETE FROM audit_log WHERE id = ?", del));
            const storage::Value head[] = {town, town};
            SG_TRY(
                c.Execute("UPDATE audit_heads SET (last_id, last_hash) = (SELECT id, hash FROM audit_log WHERE "
                          "town_id = ? ORDER BY id DESC LIMIT 1) WHERE town_id = ?",
                          head));
            return {};
        });
        ASSERT_TRUE(done) << done.error().internal;
    }

    CommandResult Verify() { return RunSafegrid({"audit", "verify", "--db", db_, "--data-dir", data_}); }

    test::TempDir dir_;
    std::string db_;
    std::string data_;
};

TEST_F(AuditCheckpoint, ServeWritesItWithinItsInterval) {
    ::setenv("SAFEGRID_AUDIT_CHECKPOINT_SECONDS", "1", 1);
    ServerProcess server({"--db", db_, "--data-dir", data_});
    const bool started = server.Start();
    ::unsetenv("SAFEGRID_AUDIT_CHECKPOINT_SECONDS");
    ASSERT_TRUE(started) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    ASSERT_EQ(client.Login("town").status, 200);
    const int64_t login = LastAuditId();
    // Written while the server runs (generous bound for a loaded machine; the interval is 1 s).
    EXPECT_TRUE(WaitForCheckpointReach(login, std::chrono::seconds(30))) << CheckpointReach();
    EXPECT_TRUE(server.Running());
    struct stat st {};
    ASSERT_EQ(::stat((fs::path(data_) / "audit.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(AuditCheckpoint, ServeWritesItAtSigterm) {
    ServeLoginAndStop("60");  // the periodic write ran at start, before the login
    EXPECT_EQ(CheckpointReach(), LastAuditId());
    auto ok = Verify();
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    EXPECT_NE(ok.output.find("checkpoint"), std::string::npos) << ok.output;
}

TEST_F(AuditCheckpoint, VerifyFindsADeletedTail) {
    ServeLoginAndStop();
    const int64_t last = LastAuditId();
    DeleteLastEntry();
    // The chain alone agrees with itself...
    auto alone = RunSafegrid({"audit", "verify", "--db", db_, "--data-dir", dir_.File("empty")});
    EXPECT_EQ(alone.exit_code, 0) << alone.output;
    EXPECT_NE(alone.output.find("no audit checkpoint"), std::string::npos) << alone.output;
    // ...the checkpoint does not.
    auto broken = Verify();
    EXPECT_EQ(broken.exit_code, 1) << broken.output;
    EXPECT_NE(broken.output.find("BROKEN at entry " + std::to_string(last)), std::string::npos) << broken.output;
    // And a server started on it keeps the old checkpoint rather than blessing the shorter chain.
    ServerProcess server({"--db", db_, "--data-dir", data_});
    ASSERT_TRUE(server.Start()) << server.Log();
    server.Stop(SIGTERM);
    EXPECT_EQ(CheckpointReach(), last);
    EXPECT_NE(server.Log().find("AUDIT CHECKPOINT NOT WRITTEN"), std::string::npos) << server.Log();
    EXPECT_EQ(Verify().exit_code, 1);
}

TEST_F(AuditCheckpoint, VerifyFailsOnATamperedSignature) {
    ServeLoginAndStop();
    for (const auto& e : fs::directory_iterator(data_)) {
        if (e.path().extension() != ".checkpoint") continue;
        std::ifstream in(e.path());
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        const auto at = text.find("\"signature\":\"") + 13;
        text[at] = text[at] == '0' ? '1' : '0';
        in.close();
        std::ofstream(e.path(), std::ios::trunc) << text;
    }
    auto v = Verify();
    EXPECT_EQ(v.exit_code, 1) << v.output;
    EXPECT_NE(v.output.find("REJECTED"), std::string::npos) << v.output;
}

TEST_F(AuditCheckpoint, AnOlderCopyIsCaughtAndAnHonestRestorePasses) {
    const std::string old_backup = dir_.File("old.db");
    auto made = RunSafegrid({"backup", "--db", db_, "--data-dir", data_, old_backup});
    ASSERT_EQ(made.exit_code, 0) << made.output;
    ASSERT_TRUE(fs::exists(old_backup + ".checkpoint"));
    ServeLoginAndStop();  // the live store moves on past the backup
    const std::string bare = dir_.File("bare.db");
    fs::copy_file(old_backup, bare);  // the same old data, without its checkpoint

    // Someone with the files puts the old copy back.
    const std::string path = db_.substr(std::string("sqlite:").size());
    for (const char* side : {"-wal", "-shm"}) fs::remove(path + side);
    fs::copy_file(old_backup, path, fs::copy_options::overwrite_existing);
    auto caught = Verify();
    EXPECT_EQ(caught.exit_code, 1) << caught.output;

    // Restoring a backup without its checkpoint over a store that has one needs the operator's word.
    auto refused = RunSafegrid({"restore", bare, "--db", db_, "--data-dir", data_});
    EXPECT_NE(refused.exit_code, 0) << refused.output;
    EXPECT_NE(refused.output.find("--without-checkpoint"), std::string::npos) << refused.output;

    // The honest restore carries the backup's checkpoint and is itself recorded.
    auto restored = RunSafegrid({"restore", old_backup, "--db", db_, "--data-dir", data_});
    ASSERT_EQ(restored.exit_code, 0) << restored.output;
    auto ok = Verify();
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'database' AND action = 'restore' AND "
                       "actor_name = 'system' AND after_json LIKE '%old.db%'"),
              1);
    EXPECT_EQ(CheckpointReach(), LastAuditId());

    // A forged backup checkpoint is refused before anything is touched.
    {
        std::ofstream(old_backup + ".checkpoint", std::ios::app) << " ";
        std::string text;
        {
            std::ifstream in(old_backup + ".checkpoint");
            std::stringstream ss;
            ss << in.rdbuf();
            text = ss.str();
        }
        const auto at = text.find("\"entries\":") + 10;
        text.insert(at, "1");
        std::ofstream(old_backup + ".checkpoint", std::ios::trunc) << text;
    }
    auto forged = RunSafegrid({"restore", old_backup, "--db", db_, "--data-dir", data_});
    EXPECT_NE(forged.exit_code, 0) << forged.output;
    EXPECT_EQ(Verify().exit_code, 0);

    // The operator's explicit word for a backup without a checkpoint: passes, and says so in the log.
    auto explicit_restore = RunSafegrid({"restore", bare, "--db", db_, "--data-dir", data_, "--without-checkpoint"});
    ASSERT_EQ(explicit_restore.exit_code, 0) << explicit_restore.output;
    EXPECT_EQ(Verify().exit_code, 0);
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_log WHERE action = 'restore' AND after_json LIKE "
                       "'%\"without_checkpoint\":true%'"),
              1);
}

// The same promises on PostgreSQL: the backup (pg_dump) carries its checkpoint, an older copy put
// back without the data dir's key is caught, and the honest restore passes.
TEST(AuditCheckpointPostgres, AnOlderCopyIsCaughtAndAnHonestRestorePasses) {
    auto pg = test::PgTestDatabase::CreateOrSkip();
    if (!pg) GTEST_SKIP() << test::PgTestDatabase::kSkipReason;
    test::TempDir dir;
    const std::string url = pg->url();
    const std::string data = dir.File("data");
    auto add_user = [&](const std::string& name) {
        return RunSafegrid({"user", "add", name, "--role", "admin", "--password-stdin", "--db", url}, "pass-1234\n");
    };
    ASSERT_EQ(add_user("alice").exit_code, 0);
    const std::string backup = dir.File("old.pgdump");
    auto made = RunSafegrid({"backup", "--db", url, "--data-dir", data, backup});
    ASSERT_EQ(made.exit_code, 0) << made.output;
    ASSERT_TRUE(fs::exists(backup + ".checkpoint"));
    ASSERT_EQ(add_user("bob").exit_code, 0);
    {
        ServerProcess server({"--db", url, "--data-dir", data});  // its checkpoint names bob's entry
        ASSERT_TRUE(server.Start()) << server.Log();
        EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
    }
    ASSERT_EQ(RunSafegrid({"audit", "verify", "--db", url, "--data-dir", data}).exit_code, 0);

    // Someone without the key puts the old dump back (their own data dir, no checkpoint).
    auto sneaky =
        RunSafegrid({"restore", backup, "--db", url, "--data-dir", dir.File("elsewhere"), "--without-checkpoint"});
    ASSERT_NE(sneaky.exit_code, 0) << "the backup's checkpoint must not verify with another key: " << sneaky.output;
    fs::remove(backup + ".checkpoint");
    sneaky = RunSafegrid({"restore", backup, "--db", url, "--data-dir", dir.File("elsewhere"), "--without-checkpoint"});
    ASSERT_EQ(sneaky.exit_code, 0) << sneaky.output;
    auto caught = RunSafegrid({"audit", "verify", "--db", url, "--data-dir", data});
    EXPECT_EQ(caught.exit_code, 1) << caught.output;
    EXPECT_NE(caught.output.find("BROKEN"), std::string::npos) << caught.output;

    // The honest restore, with a fresh backup and its checkpoint, passes again.
    const std::string fresh = dir.File("fresh.pgdump");
    ASSERT_EQ(RunSafegrid({"backup", "--db", url, "--data-dir", dir.File("elsewhere"), fresh}).exit_code, 0);
    auto honest = RunSafegrid({"restore", fresh, "--db", url, "--data-dir", dir.File("elsewhere")});
    ASSERT_EQ(honest.exit_code, 0) << honest.output;
    auto ok = RunSafegrid({"audit", "verify", "--db", url, "--data-dir", dir.File("elsewhere")});
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

}  // namespace
}  // namespace safegrid::testing
