#include "app/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.hpp"

namespace safegrid::app {
namespace {

TEST(ResolveThreads, SqliteGetsOneWorkerPerCoreAndPostgresOverlapsItsWaits) {
    Config sqlite;
    const ThreadPlan two = ResolveThreads(sqlite, 2);
    EXPECT_EQ(two.io_threads, 1);
    EXPECT_EQ(two.worker_threads, 2);
    EXPECT_EQ(two.db_pool_size, 2);
    const ThreadPlan eight = ResolveThreads(sqlite, 8);
    EXPECT_EQ(eight.io_threads, 4);
    EXPECT_EQ(eight.worker_threads, 8);

    Config postgres;
    postgres.db = "postgresql://safegrid@db/safegrid";
    const ThreadPlan pg = ResolveThreads(postgres, 2);
    EXPECT_EQ(pg.worker_threads, 8);
    EXPECT_EQ(pg.db_pool_size, 8);
}

TEST(ResolveThreads, UnknownCoreCountStillRunsAndSetValuesWin) {
    Config config;
    const ThreadPlan unknown = ResolveThreads(config, 0);  // hardware_concurrency() may answer 0
    EXPECT_EQ(unknown.io_threads, 1);
    EXPECT_EQ(unknown.worker_threads, 2);
    config.io_threads = 3;
    config.worker_threads = 5;
    config.db_pool_size = 7;
    const ThreadPlan set = ResolveThreads(config, 16);
    EXPECT_EQ(set.io_threads, 3);
    EXPECT_EQ(set.worker_threads, 5);
    EXPECT_EQ(set.db_pool_size, 7);
}

TEST(LoadConfigFile, AlarmLadderKeysDefaultToFiveAndFifteenMinutesAndADay) {
    Config defaults;
    EXPECT_EQ(defaults.alarm_escalate_village_after_s, 300);
    EXPECT_EQ(defaults.alarm_escalate_town_after_s, 900);
    EXPECT_EQ(defaults.alarm_escalate_fault_after_s, 86400);
    test::TempDir dir;
    const std::string path = (dir.path() / "safegrid.json").string();
    std::ofstream(path) << R"({"alarm.escalate_village_after_s": 120, "alarm.escalate_town_after_s": 600,
                               "alarm.escalate_fault_after_s": 3600})";
    Config config;
    ASSERT_TRUE(LoadConfigFile(path, config));
    EXPECT_EQ(config.alarm_escalate_village_after_s, 120);
    EXPECT_EQ(config.alarm_escalate_town_after_s, 600);
    EXPECT_EQ(config.alarm_escalate_fault_after_s, 3600);
    // The town must come after the village.
    std::ofstream(path) << R"({"alarm.escalate_village_after_s": 900, "alarm.escalate_town_after_s": 300})";
    Config wrong;
    auto loaded = LoadConfigFile(path, wrong);
    ASSERT_FALSE(loaded);
    EXPECT_TRUE(loaded.error().fields.count("alarm.escalate_town_after_s"));
}

TEST(LoadConfigFile, RetentionKeysDefaultToThirtyDaysAndADayAndAreRead) {
    Config defaults;
    EXPECT_EQ(defaults.idempotency_retention_days, 30);
    EXPECT_EQ(defaults.public_upload_orphan_hours, 24);
    EXPECT_EQ(defaults.staff_upload_orphan_days, 30);
    test::TempDir dir;
    const std::string path = (dir.path() / "safegrid.json").string();
    std::ofstream(path) << R"({"idempotency_retention_days": 45, "public_upload_orphan_hours": 6,
                               "staff_upload_orphan_days": 60})";
    Config config;
    ASSERT_TRUE(LoadConfigFile(path, config));
    EXPECT_EQ(config.idempotency_retention_days, 45);
    EXPECT_EQ(config.public_upload_orphan_hours, 6);
    EXPECT_EQ(config.staff_upload_orphan_days, 60);
    std::ofstream(path) << R"({"idempotency_retention_days": 0})";
    Config zero;
    EXPECT_FALSE(LoadConfigFile(path, zero));
}

TEST(LoadConfigFile, TheGatewayIsOffByDefaultAndRawFramesAreKeptNinetyDays) {
    Config defaults;
    EXPECT_EQ(defaults.device_inbox_retention_days, 90);
    EXPECT_TRUE(defaults.gb26875_listen.empty());
    test::TempDir dir;
    const std::string path = (dir.path() / "safegrid.json").string();
    std::ofstream(path) << R"({"device_inbox.retention_days": 30, "gb26875_listen": "0.0.0.0:9300"})";
    Config config;
    ASSERT_TRUE(LoadConfigFile(path, config));
    EXPECT_EQ(config.device_inbox_retention_days, 30);
    EXPECT_EQ(config.gb26875_listen, "0.0.0.0:9300");
    std::ofstream(path) << R"({"device_inbox.retention_days": 0})";
    Config zero;
    auto refused = LoadConfigFile(path, zero);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().fields.count("device_inbox.retention_days"));
}

}  // namespace
}  // namespace safegrid::app

namespace safegrid::app {
namespace {

Status LoadText(const std::string& json, Config& config) {
    const auto path = std::filesystem::temp_directory_path() / ("sg_config_" + std::to_string(::getpid()) + ".json");
    std::ofstream(path) << json;
    Status status = LoadConfigFile(path.string(), config);
    std::filesystem::remove(path);
    return status;
}

TEST(LoadConfigFile, ReadsTrustedProxiesAndConnectionCaps) {
    Config config;
    EXPECT_TRUE(config.trusted_proxies.empty());
    EXPECT_EQ(config.max_connections_per_address, 64);
    ASSERT_TRUE(LoadText(R"({"trusted_proxies": ["127.0.0.1", "10.0.0.0/8"], "max_connections": 2000,
                             "max_connections_per_address": 32})",
                         config));
    EXPECT_EQ(config.trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8"}));
    EXPECT_EQ(config.max_connections, 2000);
    EXPECT_EQ(config.max_connections_per_address, 32);
    Config bad;
    EXPECT_FALSE(LoadText(R"({"trusted_proxies": "10.0.0.1"})", bad));
    EXPECT_FALSE(LoadText(R"({"trusted_proxies": [1]})", bad));
    EXPECT_FALSE(LoadText(R"({"max_connections_per_address": 0})", bad));
}

TEST(LoadConfigFile, ReadsTheTlsFilesAndTheEnvironmentWinsOverTheFile) {
    Config defaults;
    EXPECT_TRUE(defaults.tls_cert.empty());
    EXPECT_TRUE(defaults.tls_key.empty());
    Config config;
    ASSERT_TRUE(
        LoadText(R"({"tls_cert": "/etc/safegrid/tls/cert.pem", "tls_key": "/etc/safegrid/tls/key.pem"})", config));
    EXPECT_EQ(config.tls_cert, "/etc/safegrid/tls/cert.pem");
    EXPECT_EQ(config.tls_key, "/etc/safegrid/tls/key.pem");
    setenv("SAFEGRID_TLS_CERT", "/run/cert.pem", 1);
    setenv("SAFEGRID_TLS_KEY", "/run/key.pem", 1);
    ApplyEnvironment(config);
    unsetenv("SAFEGRID_TLS_CERT");
    unsetenv("SAFEGRID_TLS_KEY");
    EXPECT_EQ(config.tls_cert, "/run/cert.pem");
    EXPECT_EQ(config.tls_key, "/run/key.pem");
    Config bad;
    EXPECT_FALSE(LoadText(R"({"tls_cert": true})", bad));
}

TEST(PublicUrl, IsReadFromTheFileAndTheEnvironment) {
    Config config;
    ASSERT_TRUE(LoadText(R"({"public_url": "https://aq.kuangyan.gov.cn/"})", config));
    EXPECT_EQ(config.public_url, "https://aq.kuangyan.gov.cn/");
    setenv("SAFEGRID_PUBLIC_URL", "http://10.1.2.3:8080", 1);
    ApplyEnvironment(config);
    unsetenv("SAFEGRID_PUBLIC_URL");
    EXPECT_EQ(config.public_url, "http://10.1.2.3:8080");
    Config bad;
    EXPECT_FALSE(LoadText(R"({"public_url": 8080})", bad));
}

TEST(PublicUrl, DefaultsToTheListenAddress) {
    Config config;
    EXPECT_EQ(*ResolvePublicUrl(config), "http://127.0.0.1:8080");
    config.listen = "0.0.0.0:9000";
    EXPECT_EQ(*ResolvePublicUrl(config), "http://127.0.0.1:9000");
    config.listen = "[::1]:8443";
    config.tls_cert = "/etc/safegrid/cert.pem";
    EXPECT_EQ(*ResolvePublicUrl(config), "https://[::1]:8443");
    config.listen = "192.168.1.20:8080";
    config.tls_cert.clear();
    EXPECT_EQ(*ResolvePublicUrl(config), "http://192.168.1.20:8080");
}

TEST(PublicUrl, TakesWholeHttpUrlsAndRefusesTheRest) {
    Config config;
    for (auto [given, want] :
         std::vector<std::pair<std::string, std::string>>{{"https://aq.kuangyan.gov.cn/", "https://aq.kuangyan.gov.cn"},
                                                          {"http://192.168.1.20:8080", "http://192.168.1.20:8080"},
                                                          {"https://gov.cn/safegrid/", "https://gov.cn/safegrid"},
                                                          {"HTTPS://[2001:db8::1]:443", "HTTPS://[2001:db8::1]:443"}}) {
        config.public_url = given;
        auto url = ResolvePublicUrl(config);
        ASSERT_TRUE(url) << given;
        EXPECT_EQ(*url, want);
    }
    for (const char* bad :
         {"aq.kuangyan.gov.cn", "ftp://aq.kuangyan.gov.cn", "https://", "https://user@x.cn", "https://x.cn/?a=1",
          "https://x.cn/#top", "http://x.cn:99999", "http://x.cn:8x/", "/report", "javascript:alert(1)"}) {
        config.public_url = bad;
        auto url = ResolvePublicUrl(config);
        ASSERT_FALSE(url) << bad;
        EXPECT_EQ(url.error().code, Code::kValidation) << bad;
        EXPECT_TRUE(url.error().fields.count("public_url")) << bad;
    }
}

}  // namespace
}  // namespace safegrid::app
