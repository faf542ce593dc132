// A whole application (every service and route, no socket) over a test store whose statements
// are logged: the base of the tests that drive the API and then read what SQL it ran
// (SingleTownQueries, ReadOnlyWalk). Each test seeds its own world in Seed().
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "app/application.hpp"
#include "app/system_clock.hpp"
#include "http/handlers/auth.hpp"
#include "http/server.hpp"
#include "services/seed/seed_demo.hpp"
#include "support/sql_log.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace safegrid::test {

class LoggedApp : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        store_ = TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        log_ = std::make_shared<SqlLog>();
        db_ = std::make_shared<RecordingDatabase>(store_->shared(), log_);
        config_.data_dir = dir_.File("data");
        auto built = app::BuildServices(db_, config_, clock_);
        ASSERT_TRUE(built) << built.error().internal;
        s_ = std::move(*built);
        ASSERT_NO_FATAL_FAILURE(Seed());
        app::RegisterRoutes(router_, *s_, config_);
        hooks_.authenticate = http::MakeAuthenticateHook(*s_->auth);
    }

    // Writes the test's world through s_ (statements are logged but not yet recorded).
    virtual void Seed() = 0;

    app::SystemClock clock_;
    TempDir dir_;
    std::unique_ptr<TestStore> store_;
    std::shared_ptr<SqlLog> log_;
    std::shared_ptr<RecordingDatabase> db_;
    app::Config config_;
    std::unique_ptr<app::Services> s_;
    services::seed::SeedSummary town_;
    http::Router router_;
    http::Hooks hooks_;
};

}  // namespace safegrid::test
