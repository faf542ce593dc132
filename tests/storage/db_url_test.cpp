// The tricky cases of database URLs (storage/db_url.hpp) and of the test fixture's URL rewriting.
#include "storage/db_url.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/pg_fixture.hpp"

namespace safegrid::storage_test {
namespace {

using storage::detail::ParseDbUrl;

TEST(DbUrl, Ipv6HostsKeepTheirBracketsAndPort) {
    auto v6 = ParseDbUrl("postgresql://u:pw@[::1]:5432/d?sslmode=disable");
    ASSERT_TRUE(v6) << v6.error().message.en;
    EXPECT_EQ(v6->password, "pw");
    EXPECT_EQ(v6->redacted, "postgresql://u@[::1]:5432/d?sslmode=disable");
    EXPECT_TRUE(ParseDbUrl("postgresql://u@[2001:db8::1]/d"));
    EXPECT_TRUE(ParseDbUrl("postgresql://u@[::1]:5432,[::2]:5433/d"));
}

TEST(DbUrl, PercentEncodedUserinfoIsDecodedOnceAndRedactedExactly) {
    // A user whose name holds '@' and a password holding ':', '/', '+' and '%2B'.
    auto a = ParseDbUrl("postgresql://ops%40town:p%3Aw%2F+x%2B@db.local/safegrid");
    ASSERT_TRUE(a) << a.error().message.en;
    EXPECT_EQ(a->password, "p:w/+x+");  // '+' is a plus in userinfo, never a space
    EXPECT_EQ(a->redacted, "postgresql://ops%40town@db.local/safegrid");
    auto q = ParseDbUrl("postgresql://u@h/d?pass%77ord=a%2Bb&application_name=x");
    ASSERT_TRUE(q) << q.error().message.en;
    EXPECT_EQ(q->password, "a+b");
    EXPECT_EQ(q->redacted, "postgresql://u@h/d?application_name=x");
}

TEST(DbUrl, AmbiguousOrInvalidUrlsAreRefusedNotGuessed) {
    for (const char* bad : {
             "postgresql://u:p@ss@h/d",
             "postgresql://u:p@ss@h",       // raw '@': libpq would connect to host "ss@h", we'd print "h"
             "postgresql://u@[1::2::3]/d",  // not an IPv6 address
             "postgresql://u@[::1]x/d",     // junk after the literal
             "postgresql://u@[::1]:5432,[zz]/d",
             "postgresql://u:%00@h/d",  // NUL would cut the password short
             "postgresql://u@h/d%00",
             "postgresql://u@h/d?application_name=%zz",
             "postgresql://u@h/d?application_name=a%2",
             "postgresql://u@h/d#x",
         }) {
        auto r = ParseDbUrl(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Code::kMalformed) << bad;
        EXPECT_EQ(r.error().id, "malformed_db_url") << bad;
    }
}

TEST(PgTestDatabase, WithDatabaseReplacesOnlyTheDatabaseName) {
    using test::PgTestDatabase;
    EXPECT_EQ(PgTestDatabase::WithDatabase("postgresql://postgres@127.0.0.1:34272/safegrid_test", "t_1"),
              "postgresql://postgres@127.0.0.1:34272/t_1");
    EXPECT_EQ(PgTestDatabase::WithDatabase("postgresql://postgres@127.0.0.1:34272", "t_1"),
              "postgresql://postgres@127.0.0.1:34272/t_1");
    EXPECT_EQ(PgTestDatabase::WithDatabase("postgresql://u@h?sslmode=disable", "t_1"),
              "postgresql://u@h/t_1?sslmode=disable");
    EXPECT_EQ(PgTestDatabase::WithDatabase("postgresql://u:p%2Fq%3F@[::1]:5432/db?options=-c%20a%3D/b", "t_1"),
              "postgresql://u:p%2Fq%3F@[::1]:5432/t_1?options=-c%20a%3D/b");
}

}  // namespace
}  // namespace safegrid::storage_test
