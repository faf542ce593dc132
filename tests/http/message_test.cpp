#include "http/message.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST(ParseTarget, EncodedPlusIsAPlusAndPlusIsASpaceInKeysAndValues) {
    Request r;
    ASSERT_TRUE(ParseTarget("/x?q=1%2B1+%3D+2&a%2Bb=c+d&e+f=%2b", r));
    ASSERT_EQ(r.query.size(), 3u);
    EXPECT_EQ(r.Query("q"), "1+1 = 2");
    EXPECT_EQ(r.Query("a+b"), "c d");
    EXPECT_EQ(r.Query("e f"), "+");
}

TEST(ParseTarget, RepeatedKeysAreAllKeptInOrderAndTheFirstWins) {
    Request r;
    ASSERT_TRUE(ParseTarget("/x?page=1&tag=a&page=9&tag=b&page", r));
    EXPECT_EQ(r.Query("page"), "1");
    std::vector<std::string> pages;
    for (const auto& [k, v] : r.query) {
        if (k == "page") pages.push_back(v);
    }
    EXPECT_EQ(pages, (std::vector<std::string>{"1", "9", ""}));
}

TEST(ParseTarget, EncodedNulIsRefusedInPathKeysAndValues) {
    for (const char* bad : {"/a%00", "/x?a%00=1", "/x?a=1%00", "/x?a=%00&b=2", "http://h/x?%00"}) {
        Request r;
        EXPECT_FALSE(ParseTarget(bad, r)) << bad;
    }
}

TEST(ParseTarget, InvalidEscapesAnywhereAreRefused) {
    for (const char* bad : {"/%g0", "/a%2", "/x?a%=1", "/x?a=%2", "/x?a=%%", "/x?a=1&b=%zz", "http://h/%zz"}) {
        Request r;
        EXPECT_FALSE(ParseTarget(bad, r)) << bad;
    }
}

TEST(ParseTarget, RefusesControlCharactersAndRawSpaces) {
    for (const char* bad : {"/a b", "/a\x01", "/a\x7f", "/x?q=a b", "/x?q=a\tb", "/x?q=\r\n"}) {
        Request r;
        EXPECT_FALSE(ParseTarget(bad, r)) << testing::PrintToString(std::string(bad));
    }
}

TEST(ParseTarget, AcceptsCharactersBrowsersAndAxiosLeaveUnencoded) {
    // Browsers send "|{}^`" and raw UTF-8 typed in the address bar; axios leaves "[]" unencoded.
    Request r;
    ASSERT_TRUE(ParseTarget("/x?q=[a]|{b}^`\"&ids[]=1&name=匡堰", r));
    EXPECT_EQ(r.Query("q"), "[a]|{b}^`\"");
    EXPECT_EQ(r.Query("ids[]"), "1");
    EXPECT_EQ(r.Query("name"), "匡堰");
    Request path;
    ASSERT_TRUE(ParseTarget("/匡堰/a|b", path));
    EXPECT_EQ(path.path, "/匡堰/a|b");
}

TEST(ParseTarget, AbsoluteFormNeedsAValidAuthority) {
    Request ok;
    ASSERT_TRUE(ParseTarget("http://[::1]:8080/api/v1/me?x=%2B", ok));
    EXPECT_EQ(ok.path, "/api/v1/me");
    EXPECT_EQ(ok.Query("x"), "+");
    for (const char* bad : {"http://[zz]/x", "http://[::1/x", "http://h:8o/x", "http://h%zz/x", "http://a@b@c/x"}) {
        Request r;
        EXPECT_FALSE(ParseTarget(bad, r)) << bad;
    }
}

TEST(ParseTarget, AFragmentIsNotPartOfThePathOrQuery) {
    Request r;
    ASSERT_TRUE(ParseTarget("/a%23b/c?x=1%232#frag?y=2", r));
    EXPECT_EQ(r.path, "/a#b/c");
    ASSERT_EQ(r.query.size(), 1u);
    EXPECT_EQ(r.Query("x"), "1#2");
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
