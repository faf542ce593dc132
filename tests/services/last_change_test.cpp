#include "services/last_change.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace safegrid::services {
namespace {

std::vector<std::string> Names(const std::vector<FieldChange>& changes) {
    std::vector<std::string> out;
    for (const auto& c : changes) out.push_back(c.field);
    return out;
}

TEST(ChangedFields, NamesOnlyTheFieldsThatDifferAndNeverTheVersion) {
    auto before = boost::json::parse(R"({"name":"甲","tags":["dust"],"lat":null,"version":1,"gone":1})");
    auto after = boost::json::parse(R"({"name":"乙","tags":["dust"],"lat":30.1,"version":2,"new":"x"})");
    auto changes = ChangedFields(before, after);
    EXPECT_EQ(Names(changes), (std::vector<std::string>{"name", "lat", "new", "gone"}));
    EXPECT_EQ(changes[0].before, "甲");
    EXPECT_EQ(changes[0].after, "乙");
    EXPECT_TRUE(changes[1].before.is_null());
    EXPECT_TRUE(changes[3].after.is_null());
}

TEST(ChangedFields, ACreateListsEveryFieldAgainstNull) {
    auto changes = ChangedFields(nullptr, boost::json::parse(R"({"name":"甲","version":1})"));
    ASSERT_EQ(Names(changes), (std::vector<std::string>{"name"}));
    EXPECT_TRUE(changes[0].before.is_null());
}

}  // namespace
}  // namespace safegrid::services
