#include "support/pg_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "platform/crypto.hpp"
#include "storage/db.hpp"

namespace safegrid::test {

std::optional<std::string> PgTestDatabase::ServerUrl() {
    const char* url = std::getenv("SAFEGRID_PG_URL");
    if (!url || !*url) return std::nullopt;
    return std::string(url);
}

std::string PgTestDatabase::WithDatabase(const std::string& url, const std::string& dbname) {
    const size_t scheme = url.find("://");
    const size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
    const size_t query = url.find('?', authority);
    const size_t slash = url.find('/', authority);
    const size_t path_end = query == std::string::npos ? url.size() : query;
    const size_t path_start = (slash == std::string::npos || slash > path_end) ? path_end : slash;
    return url.substr(0, path_start) + "/" + dbname + url.substr(path_end);
}

std::unique_ptr<PgTestDatabase> PgTestDatabase::CreateOrSkip() {
    auto server = ServerUrl();
    if (!server) return nullptr;
    // Lower-case hex only: the name needs no quoting.
    const std::string name = "t_" + platform::HexEncode(platform::RandomBytes(8));
    storage::DbOptions options;
    options.pool_size = 1;
    auto admin = storage::OpenDatabase(*server, options);
    if (!admin) {
        ADD_FAILURE() << "cannot connect to SAFEGRID_PG_URL: " << admin.error().internal;
        return nullptr;
    }
    // CREATE DATABASE refuses to run inside a transaction: ExecScript runs it on its own.
    auto lease = (*admin)->Acquire();
    if (!lease) {
        ADD_FAILURE() << "cannot connect to SAFEGRID_PG_URL: " << lease.error().internal;
        return nullptr;
    }
    if (auto made = (*lease)->ExecScript("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"); !made) {
        ADD_FAILURE() << "CREATE DATABASE failed: " << made.error().internal;
        return nullptr;
    }
    return std::unique_ptr<PgTestDatabase>(new PgTestDatabase(*server, name, WithDatabase(*server, name)));
}

PgTestDatabase::~PgTestDatabase() {
    storage::DbOptions options;
    options.pool_size = 1;
    auto admin = storage::OpenDatabase(server_url_, options);
    if (!admin) return;  // the server is gone; nothing to clean
    if (auto lease = (*admin)->Acquire()) {
        (void)(*lease)->ExecScript("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
}

}  // namespace safegrid::test
