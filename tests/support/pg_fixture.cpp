#include "support/pg_fixture.hpp"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
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
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        ADD_FAILURE() << "SAFEGRID_PG_URL is not a URL (the message leaves it out: it may hold a password)";
        return url;
    }
    boost::urls::url with(*parsed);
    with.set_encoded_path("/" + dbname);  // dbname is lower-case hex: nothing to escape
    return std::string(with.buffer());
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
