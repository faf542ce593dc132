#include "http/json/body.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace safegrid::http::json {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json") {
    Request r;
    r.method = Method::kPost;
    if (!content_type.empty()) r.headers["content-type"] = content_type;
    r.body = std::move(body);
    return r;
}

boost::json::object Obj(const char* text) { return boost::json::parse(text).as_object(); }

std::string FieldError(const FieldReader& in, const std::string& field, bool en = true) {
    auto status = in.Finish();
    if (status) return "";
    auto it = status.error().fields.find(field);
    if (it == status.error().fields.end()) return "";
    return en ? it->second.en : it->second.zh;
}

TEST(ParseObject, AcceptsJsonWithOrWithoutCharset) {
    for (const char* type :
         {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\""}) {
        auto obj = ParseObject(JsonRequest(R"({"a":1})", type));
        ASSERT_TRUE(obj) << type;
        EXPECT_EQ(obj->at("a"), 1);
    }
}

TEST(ParseObject, OtherMediaTypesAre415) {
    for (const char* type : {"", "text/plain", "application/jsonx", "application/x-www-form-urlencoded",
                             "application/json; charset=gbk", "multipart/form-data; boundary=x"}) {
        auto obj = ParseObject(JsonRequest(R"({"a":1})", type));
        ASSERT_FALSE(obj) << type;
        EXPECT_EQ(obj.error().code, Code::kUnsupportedMedia) << type;
        EXPECT_EQ(obj.error().id, "unsupported_media_type");
    }
}

TEST(ParseObject, EmptyBodyIs400) {
    for (const char* body : {"", "   \n"}) {
        auto obj = ParseObject(JsonRequest(body));
        ASSERT_FALSE(obj);
        EXPECT_EQ(obj.error().code, Code::kMalformed);
        EXPECT_EQ(obj.error().id, "malformed_json");
    }
}

TEST(ParseObject, InvalidJsonIs400WithThePosition) {
    auto obj = ParseObject(JsonRequest(R"({"a": 1,})"));
    ASSERT_FALSE(obj);
    EXPECT_EQ(obj.error().code, Code::kMalformed);
    EXPECT_EQ(obj.error().id, "malformed_json");
    EXPECT_NE(obj.error().internal.find("at byte"), std::string::npos);
    for (const char* bad :
         {"{", "{\"a\":tru}", "{}{}", "{} x", "{\"a\":\"\\x\"}", "\xef\xbb\xbf{}", "{'a':1}", "{\"a\":NaN}"}) {
        auto r = ParseObject(JsonRequest(bad));
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Code::kMalformed) << bad;
    }
}

TEST(ParseObject, NonObjectIs400) {
    for (const char* body : {"[]", "1", "\"x\"", "null", "true"}) {
        auto obj = ParseObject(JsonRequest(body));
        ASSERT_FALSE(obj) << body;
        EXPECT_EQ(obj.error().id, "malformed_json");
    }
}

TEST(ParseObject, DeepNestingIsRejectedNotRecursedInto) {
    std::string ok = "{\"a\":" + std::string(30, '[') + std::string(30, ']') + "}";
    EXPECT_TRUE(ParseObject(JsonRequest(ok)));
    std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    auto r = ParseObject(JsonRequest(deep));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kMalformed);
}

TEST(ParseObject, InvalidUtf8Is400) {
    auto r = ParseObject(JsonRequest("{\"a\":\"\xff\xfe\"}"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kMalformed);
}

TEST(ParseObject, HugeNumbersNeverCrash) {
    for (const char* body : {R"({"n":1e999999})", R"({"n":-1e400})", R"({"n":123456789012345678901234567890})",
                             R"({"n":0.000000000000000000000000000000000000001e-999})"}) {
        auto r = ParseObject(JsonRequest(body));
        if (r) {
            FieldReader in(*r);
            in.Int("n");
            in.Double("n");
            (void)in.Finish();  // any answer is fine; not crashing is the point
        } else {
            EXPECT_EQ(r.error().code, Code::kMalformed) << body;
        }
    }
}

TEST(FieldReader, ReadsEveryType) {
    auto obj = Obj(R"({"s":"匠堰镇","i":42,"f":3.0,"d":1.5,"b":true,"ss":["dust","key_unit"],"ii":[1,2.0],
                      "t":"2026-01-31T08:00:00Z","day":"2026-01-31"})");
    FieldReader in(obj);
    EXPECT_EQ(in.String("s"), "匠堰镇");
    EXPECT_EQ(in.Int("i"), 42);
    EXPECT_EQ(in.Int("f"), 3);  // a whole double is an integer
    EXPECT_EQ(in.Double("d"), 1.5);
    EXPECT_EQ(in.Double("i"), 42.0);
    EXPECT_EQ(in.Bool("b"), true);
    EXPECT_EQ(in.StringArray("ss"), (std::vector<std::string>{"dust", "key_unit"}));
    EXPECT_EQ(in.IntArray("ii"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(in.Time("t"), 1769846400);
    EXPECT_EQ(in.Time("day"), 1769875199);  // 23:59:59 China time that day
    EXPECT_TRUE(in.Finish());
}

TEST(FieldReader, AbsentAndNullAreNulloptAndOnlyRequiredFails) {
    auto obj = Obj(R"({"n":null})");
    FieldReader in(obj);
    EXPECT_EQ(in.String("missing"), std::nullopt);
    EXPECT_EQ(in.Int("n"), std::nullopt);
    EXPECT_TRUE(in.Finish());
    EXPECT_TRUE(in.Has("n"));
    EXPECT_TRUE(in.IsExplicitNull("n"));
    EXPECT_FALSE(in.Has("missing"));
    EXPECT_FALSE(in.IsExplicitNull("missing"));
    in.String("name", {.required = true});
    in.Int("n", {.required = true});
    auto status = in.Finish();
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, Code::kValidation);
    EXPECT_EQ(status.error().id, "validation_failed");
    EXPECT_EQ(status.error().fields.size(), 2u);
    EXPECT_EQ(FieldError(in, "name", false), "必填");
    EXPECT_EQ(FieldError(in, "n"), "is required");
}

TEST(FieldReader, WrongTypesAre422WithBilingualMessages) {
    auto obj = Obj(R"({"s":1,"i":"1","d":"x","b":"true","ss":"dust","ii":[1,"2"],"ss2":[1],"t":5,"frac":1.5})");
    FieldReader in(obj);
    in.String("s");
    in.Int("i");
    in.Double("d");
    in.Bool("b");
    in.StringArray("ss");
    in.IntArray("ii");
    in.StringArray("ss2");
    in.Time("t");
    in.Int("frac");
    EXPECT_EQ(FieldError(in, "s", false), "必须是字符串");
    EXPECT_EQ(FieldError(in, "s"), "must be a string");
    EXPECT_EQ(FieldError(in, "i"), "must be an integer");
    EXPECT_EQ(FieldError(in, "d"), "must be a number");
    EXPECT_EQ(FieldError(in, "b"), "must be true or false");
    EXPECT_EQ(FieldError(in, "ss"), "must be an array");
    EXPECT_EQ(FieldError(in, "ii"), "every item must be an integer");
    EXPECT_EQ(FieldError(in, "ss2"), "every item must be a string");
    EXPECT_EQ(FieldError(in, "t"), "must be a string");
    EXPECT_EQ(FieldError(in, "frac"), "must be an integer");
}

TEST(FieldReader, StringRulesCountCodePoints) {
    auto obj = Obj(R"({"zh":"安全生产","empty":"","blank":"  ","ideographic":"\u3000\u00a0","long":"abcdef"})");
    FieldReader in(obj);
    EXPECT_EQ(in.String("zh", {.max_len = 4}), "安全生产");  // 4 code points, 12 bytes
    EXPECT_EQ(in.String("empty", {.allow_empty = true}), "");
    EXPECT_TRUE(in.Finish());
    in.String("empty");
    in.String("blank");
    in.String("ideographic");  // U+3000 and U+00A0 are blank by the one trim rule (core/text/trim.hpp)
    in.String("long", {.max_len = 5});
    EXPECT_EQ(FieldError(in, "empty"), "must not be empty");
    EXPECT_EQ(FieldError(in, "blank"), "must not be empty");
    EXPECT_EQ(FieldError(in, "ideographic"), "must not be empty");
    EXPECT_EQ(FieldError(in, "long"), "must be at most 5 characters");
    EXPECT_EQ(FieldError(in, "long", false), "最多 5 个字符");
}

TEST(FieldReader, ControlCharactersOtherThanNewlineAndTabAreRejected) {
    auto obj = Obj(
        R"({"ok":"line1\nline2\tend","nul":"a\u0000b","esc":"\u001b[31m","cr":"a\rb","del":"\u007f","c1":"\u0085"})");
    FieldReader in(obj);
    EXPECT_EQ(in.String("ok"), "line1\nline2\tend");
    for (const char* key : {"nul", "esc", "cr", "del", "c1"}) {
        EXPECT_EQ(in.String(key), std::nullopt) << key;
        EXPECT_EQ(FieldError(in, key), "contains a control character") << key;
    }
}

TEST(FieldReader, InvalidUtf8InAStringIsRejected) {
    // Boost.JSON already refuses raw invalid bytes; objects built in code can still carry them.
    boost::json::object obj;
    obj["bad"] = "\xc0\xaf";            // overlong '/'
    obj["surrogate"] = "\xed\xa0\x80";  // U+D800
    obj["cut"] = "\xe5\xae";
    obj["tags"] = boost::json::array{"ok", "\xff"};
    FieldReader in(obj);
    in.String("bad");
    in.String("surrogate");
    in.String("cut");
    in.StringArray("tags");
    EXPECT_EQ(FieldError(in, "bad"), "is not valid UTF-8 text");
    EXPECT_EQ(FieldError(in, "surrogate"), "is not valid UTF-8 text");
    EXPECT_EQ(FieldError(in, "cut"), "is not valid UTF-8 text");
    EXPECT_EQ(FieldError(in, "tags"), "is not valid UTF-8 text");
}

TEST(FieldReader, IntRangesAndHugeValues) {
    auto obj = Obj(R"({"neg":-1,"big":1001,"u":18446744073709551615,"huge":1e300,"ok":5})");
    FieldReader in(obj);
    EXPECT_EQ(in.Int("ok", {.min = 0, .max = 10}), 5);
    in.Int("neg", {.min = 0});
    in.Int("big", {.min = 0, .max = 1000});
    in.Int("u");
    in.Int("huge", {.max = 100});
    EXPECT_EQ(FieldError(in, "neg"), "must be at least 0");
    EXPECT_EQ(FieldError(in, "big"), "must be between 0 and 1000");
    EXPECT_EQ(FieldError(in, "u"), "must be at most 9223372036854775807");
    EXPECT_EQ(FieldError(in, "huge"), "must be at most 100");
}

TEST(FieldReader, DoubleRange) {
    auto obj = Obj(R"({"lat":91.5,"lng":120.1})");
    FieldReader in(obj);
    EXPECT_EQ(in.Double("lng", {.min = -180, .max = 180}), 120.1);
    EXPECT_EQ(in.Double("lat", {.min = -90, .max = 90}), std::nullopt);
    EXPECT_EQ(FieldError(in, "lat"), "must be between -90 and 90");
}

TEST(FieldReader, BadTimesAre422) {
    auto obj = Obj(R"({"t":"tomorrow","u":"2026-13-01T00:00:00Z"})");
    FieldReader in(obj);
    in.Time("t");
    in.Time("u");
    EXPECT_NE(FieldError(in, "t").find("RFC 3339"), std::string::npos);
    EXPECT_NE(FieldError(in, "u").find("RFC 3339"), std::string::npos);
}

TEST(FieldReader, ArraysAreBounded) {
    boost::json::array many(1001, 1);
    boost::json::object obj{{"ids", many}};
    FieldReader in(obj);
    EXPECT_EQ(in.IntArray("ids"), std::nullopt);
    EXPECT_EQ(FieldError(in, "ids"), "must have at most 1000 items");
}

TEST(FieldReader, AddErrorJoinsTheOthers) {
    auto obj = Obj(R"({})");
    FieldReader in(obj);
    in.AddError("credit_code", {"校验位错误", "wrong check character"});
    EXPECT_EQ(FieldError(in, "credit_code"), "wrong check character");
}

Request WithQuery(std::vector<std::pair<std::string, std::string>> query) {
    Request r;
    r.query = std::move(query);
    return r;
}

TEST(ParsePage, DefaultsAndBounds) {
    auto page = ParsePage(WithQuery({}));
    ASSERT_TRUE(page);
    EXPECT_EQ(page->page, 1);
    EXPECT_EQ(page->size, 20);
    EXPECT_EQ(page->Offset(), 0);
    auto p3 = ParsePage(WithQuery({{"page", "3"}, {"page_size", "200"}}));
    ASSERT_TRUE(p3);
    EXPECT_EQ(p3->Offset(), 400);
    auto empty = ParsePage(WithQuery({{"page", ""}, {"page_size", ""}}));
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->size, 20);
}

TEST(ParsePage, BadValuesAre422NamingEachParameter) {
    for (auto [page, size] : std::vector<std::pair<std::string, std::string>>{
             {"0", "201"}, {"-1", "0"}, {"x", "1.5"}, {"99999999999999999999", " 20"}, {"1e3", "+5"}}) {
        auto r = ParsePage(WithQuery({{"page", page}, {"page_size", size}}));
        ASSERT_FALSE(r) << page << " " << size;
        EXPECT_EQ(r.error().code, Code::kValidation);
        EXPECT_EQ(r.error().fields.count("page"), 1u) << page;
        EXPECT_EQ(r.error().fields.count("page_size"), 1u) << size;
    }
    auto huge = ParsePage(WithQuery({{"page", "9223372036854775807"}}));
    EXPECT_FALSE(huge);  // would overflow the offset
}

TEST(QueryInt, ParsesAndRejects) {
    EXPECT_EQ(*QueryInt(WithQuery({{"region_id", "12"}}), "region_id"), 12);
    EXPECT_EQ(*QueryInt(WithQuery({{"region_id", "-3"}}), "region_id"), -3);
    EXPECT_EQ(*QueryInt(WithQuery({{"region_id", ""}}), "region_id"), std::nullopt);
    EXPECT_EQ(*QueryInt(WithQuery({}), "region_id"), std::nullopt);
    for (const char* bad : {"abc", "1.0", "0x10", "12a", "99999999999999999999"}) {
        auto r = QueryInt(WithQuery({{"region_id", bad}}), "region_id");
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Code::kValidation);
        EXPECT_EQ(r.error().fields.count("region_id"), 1u);
    }
}

TEST(QueryBool, AcceptsTheFourSpellings) {
    EXPECT_EQ(*QueryBool(WithQuery({{"overdue", "true"}}), "overdue"), true);
    EXPECT_EQ(*QueryBool(WithQuery({{"overdue", "1"}}), "overdue"), true);
    EXPECT_EQ(*QueryBool(WithQuery({{"overdue", "false"}}), "overdue"), false);
    EXPECT_EQ(*QueryBool(WithQuery({{"overdue", "0"}}), "overdue"), false);
    EXPECT_EQ(*QueryBool(WithQuery({{"overdue", ""}}), "overdue"), std::nullopt);
    EXPECT_EQ(*QueryBool(WithQuery({}), "overdue"), std::nullopt);
    for (const char* bad : {"yes", "TRUE", "2"})
        EXPECT_FALSE(QueryBool(WithQuery({{"overdue", bad}}), "overdue")) << bad;
}

TEST(ListBody, HasTheContractShape) {
    auto body = ListBody(boost::json::array{1, 2}, 42, Page{3, 2});
    EXPECT_EQ(boost::json::serialize(body), R"({"items":[1,2],"total":42,"page":3,"page_size":2})");
}

TEST(PathId, OnlyPositiveCanonicalIntegersExist) {
    Request r;
    r.path_params["id"] = "17";
    EXPECT_EQ(*PathId(r), 17);
    r.path_params["hazard_id"] = "5";
    EXPECT_EQ(*PathId(r, "hazard_id"), 5);
    for (const char* bad : {"0", "-1", "+1", "1.0", "abc", "", " 1", "99999999999999999999", "1e3"}) {
        r.path_params["id"] = bad;
        auto id = PathId(r);
        ASSERT_FALSE(id) << bad;
        EXPECT_EQ(id.error().code, Code::kNotFound) << bad;
    }
    Request none;
    EXPECT_FALSE(PathId(none));
}

}  // namespace
}  // namespace safegrid::http::json
