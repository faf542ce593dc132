// A throw-away PostgreSQL database per test.
//
// Tests that need PostgreSQL read the server URL from SAFEGRID_PG_URL (scripts/pg-test.sh
// starts a real server and prints it) and skip when it is unset:
//
//   auto pg = PgTestDatabase::CreateOrSkip();   // inside a TEST body or SetUp()
//   if (!pg) GTEST_SKIP() << PgTestDatabase::kSkipReason;
//   auto db = storage::OpenDatabase(pg->url());
//
// Each PgTestDatabase is a fresh `CREATE DATABASE t_<random>`, dropped (WITH FORCE, so open
// pools do not block it) when the object is destroyed.
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace safegrid::test {

class PgTestDatabase {
  public:
    static constexpr const char* kSkipReason = "SAFEGRID_PG_URL is not set (start one: scripts/pg-test.sh start)";

    // The server URL from the environment, if any.
    static std::optional<std::string> ServerUrl();
    // Null when SAFEGRID_PG_URL is unset. Fails the calling test (ADD_FAILURE) and returns
    // null when the server is set but unusable, so a broken server never looks like a skip.
    static std::unique_ptr<PgTestDatabase> CreateOrSkip();

    ~PgTestDatabase();
    PgTestDatabase(const PgTestDatabase&) = delete;
    PgTestDatabase& operator=(const PgTestDatabase&) = delete;

    [[nodiscard]] const std::string& url() const { return url_; }
    [[nodiscard]] const std::string& name() const { return name_; }

    // `url` with its database (path) part replaced by `dbname`.
    static std::string WithDatabase(const std::string& url, const std::string& dbname);

  private:
    PgTestDatabase(std::string server_url, std::string name, std::string url)
        : server_url_(std::move(server_url)), name_(std::move(name)), url_(std::move(url)) {}

    std::string server_url_;
    std::string name_;
    std::string url_;
};

}  // namespace safegrid::test
