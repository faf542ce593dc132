// The town's time zone and the notice font are deployment keys (docs/deploy.md): read from the
// config file and the environment, and checked when the services open, so a typo or a missing font
// stops the start-up instead of printing dates a day off or notices without text.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "app/application.hpp"
#include "app/config.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::app {
namespace {

TEST(DocumentConfig, DefaultsAreShanghaiAndDebiansMicroHei) {
    const Config config;
    EXPECT_EQ(config.time_zone, "Asia/Shanghai");
    EXPECT_EQ(config.cjk_font, "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
}

TEST(DocumentConfig, ReadFromTheFileAndTheEnvironment) {
    test::TempDir dir;
    const std::string path = dir.File("safegrid.json");
    std::ofstream(path) << R"({"time_zone": "UTC+08:00", "cjk_font": "/srv/fonts/uming.ttc"})";
    Config config;
    ASSERT_TRUE(LoadConfigFile(path, config));
    EXPECT_EQ(config.time_zone, "UTC+08:00");
    EXPECT_EQ(config.cjk_font, "/srv/fonts/uming.ttc");
    ::setenv("SAFEGRID_TIME_ZONE", "PRC", 1);
    ::setenv("SAFEGRID_CJK_FONT", "/opt/font.ttf", 1);
    ApplyEnvironment(config);
    ::unsetenv("SAFEGRID_TIME_ZONE");
    ::unsetenv("SAFEGRID_CJK_FONT");
    EXPECT_EQ(config.time_zone, "PRC");
    EXPECT_EQ(config.cjk_font, "/opt/font.ttf");
}

TEST(DocumentConfig, ABadZoneOrAMissingFontStopsTheStartUp) {
    test::TempDir dir;
    SystemClock clock;
    Config config;
    config.db = "sqlite:" + dir.File("zone.db");
    config.time_zone = "Asia/Shangai";
    auto bad_zone = OpenServices(config, clock);
    ASSERT_FALSE(bad_zone);
    EXPECT_EQ(bad_zone.error().id, "bad_time_zone");

    config.time_zone = "Asia/Shanghai";
    config.cjk_font = dir.File("no-such-font.ttc");
    auto no_font = OpenServices(config, clock);
    ASSERT_FALSE(no_font);
    EXPECT_EQ(no_font.error().id, "pdf_font_missing");
    EXPECT_NE(no_font.error().internal.find("fonts-wqy-microhei"), std::string::npos) << no_font.error().internal;
}

}  // namespace
}  // namespace safegrid::app

namespace safegrid::app {
namespace {

// Issue 12 point 5: the industry names are data, found like the checklists (data/ of the source
// tree), or where the deployer's config says; a missing table leaves the codes, never a failed start.
TEST(IndustryConfig, TheTableIsInDataByDefaultAndTheConfigMovesIt) {
    Config config;
    EXPECT_EQ(IndustryTablePath(config), DataDir() + "/industries/gb4754_2017.csv");
    EXPECT_TRUE(std::ifstream(IndustryTablePath(config)).good()) << IndustryTablePath(config);
    test::TempDir dir;
    const std::string path = (dir.path() / "safegrid.json").string();
    std::ofstream(path) << R"({"industry_table": "/srv/safegrid/industries.csv"})";
    ASSERT_TRUE(LoadConfigFile(path, config));
    EXPECT_EQ(IndustryTablePath(config), "/srv/safegrid/industries.csv");
}

}  // namespace
}  // namespace safegrid::app
