#include "platform/logging.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace safegrid::platform {
namespace {

TEST(Logging, WritesUtcIsoLinesToStderrAtTheChosenLevel) {
    ::testing::internal::CaptureStderr();
    SetupLogging("info");
    spdlog::debug("hidden");
    spdlog::info("visible {}", 42);
    spdlog::default_logger()->flush();
    const std::string out = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(out.find("hidden"), std::string::npos);
    const std::regex line(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info visible 42\n$)");
    EXPECT_TRUE(std::regex_match(out, line)) << out;
}

TEST(Logging, UnknownLevelFallsBackToInfoWithAWarning) {
    ::testing::internal::CaptureStderr();
    SetupLogging("loud");
    spdlog::default_logger()->flush();
    const std::string out = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(out.find("warning unknown log level 'loud'"), std::string::npos) << out;
    EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::info);
    SetupLogging("error");
    EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::err);
    SetupLogging("info");
}

}  // namespace
}  // namespace safegrid::platform
