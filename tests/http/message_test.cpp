#include "http/message.hpp"

#include <gtest/gtest.h>

namespace safegrid::http {
namespace {

TEST(ParseTarget, DecodesPathAndQueryInOrder) {
    Request r;
    ASSERT_TRUE(ParseTarget("/api/v1/enterprises?q=%E5%8C%A0+%E5%A0%B0&page=2&tag=dust&tag=key_unit", r));
    EXPECT_EQ(r.path, "/api/v1/enterprises");
    ASSERT_EQ(r.query.size(), 4u);
    EXPECT_EQ(r.query[0].first, "q");
    EXPECT_EQ(r.query[0].second, "匠 堰");
    EXPECT_EQ(r.Query("page"), "2");
    EXPECT_EQ(r.Query("tag"), "dust");  // the first occurrence wins
    EXPECT_EQ(r.Query("missing"), std::nullopt);
}

TEST(ParseTarget, KeepsEmptyValuesAndSkipsEmptyPairs) {
    Request r;
    ASSERT_TRUE(ParseTarget("/x?region_id=&&flag&a=b=c", r));
    ASSERT_EQ(r.query.size(), 3u);
    EXPECT_EQ(r.Query("region_id"), "");
    EXPECT_EQ(r.Query("flag"), "");
    EXPECT_EQ(r.Query("a"), "b=c");
}

TEST(ParseTarget, PlusIsLiteralInPathButSpaceInQuery) {
    Request r;
    ASSERT_TRUE(ParseTarget("/a+b/%20?x=a+b%2B", r));
    EXPECT_EQ(r.path, "/a+b/ ");
    EXPECT_EQ(r.Query("x"), "a b+");
}

TEST(ParseTarget, AcceptsAbsoluteForm) {
    Request r;
    ASSERT_TRUE(ParseTarget("http://example.org:8080/api/v1/me?x=1", r));
    EXPECT_EQ(r.path, "/api/v1/me");
    EXPECT_EQ(r.Query("x"), "1");
    Request root;
    ASSERT_TRUE(ParseTarget("HTTP://example.org", root));
    EXPECT_EQ(root.path, "/");
    Request query_only;
    ASSERT_TRUE(ParseTarget("http://example.org?y=2", query_only));
    EXPECT_EQ(query_only.path, "/");
    EXPECT_EQ(query_only.Query("y"), "2");
}

TEST(ParseTarget, RejectsWhatNoClientSends) {
    for (const char* bad : {"", "*", "api/v1", "/%", "/%4", "/%zz", "/a%00b", "/?x=%0", "/?x=%00", "/?%G1=1"}) {
        Request r;
        EXPECT_FALSE(ParseTarget(bad, r)) << bad;
    }
}

TEST(ParseTarget, DecodesDotSegmentsSoStaticFilesCanRejectThem) {
    Request r;
    ASSERT_TRUE(ParseTarget("/%2e%2e/%2E%2E/etc/passwd", r));
    EXPECT_EQ(r.path, "/../../etc/passwd");
}

TEST(ParseTarget, BoundsTheNumberOfQueryParameters) {
    std::string target = "/x?";
    for (int i = 0; i < 300; ++i) target += "a=1&";
    Request r;
    EXPECT_FALSE(ParseTarget(target, r));
}

TEST(PercentDecode, HandlesEveryHexCase) {
    EXPECT_EQ(PercentDecode("%41%6a%6A", false), "Ajj");
    EXPECT_EQ(PercentDecode("a+b", false), "a+b");
    EXPECT_EQ(PercentDecode("a+b", true), "a b");
    EXPECT_EQ(PercentDecode("%", true), std::nullopt);
}

TEST(Request, HeaderLooksUpLowerCaseNames) {
    Request r;
    r.headers["content-type"] = "application/json";
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("accept"), std::nullopt);
}

TEST(Json, SerializesWithStatusAndJsonContentType) {
    Response r = Json(201, boost::json::object{{"id", 7}});
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.body, R"({"id":7})");
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
}

}  // namespace
}  // namespace safegrid::http
