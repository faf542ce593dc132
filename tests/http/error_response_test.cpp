#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/message.hpp"

namespace safegrid::http {
namespace {

TEST(HttpStatus, MapsEveryCode) {
    const std::pair<Code, int> table[] = {
        {Code::kMalformed, 400},   {Code::kUnauthenticated, 401},  {Code::kForbidden, 403},
        {Code::kNotFound, 404},    {Code::kMethodNotAllowed, 405}, {Code::kConflict, 409},
        {Code::kTooLarge, 413},    {Code::kUnsupportedMedia, 415}, {Code::kValidation, 422},
        {Code::kRateLimited, 429}, {Code::kInternal, 500},         {Code::kUnavailable, 503},
    };
    for (auto [code, status] : table) {
        EXPECT_EQ(HttpStatus(code), status) << CodeName(code);
        Error e;
        e.code = code;
        EXPECT_EQ(ErrorResponse(e, Locale::kZh).status, status) << CodeName(code);
    }
}

TEST(ErrorResponse, HasTheContractShapeInTheChosenLanguage) {
    Error e = Invalid("name", {"必填", "is required"}).value();
    Response zh = ErrorResponse(e, Locale::kZh);
    EXPECT_EQ(zh.status, 422);
    EXPECT_EQ(zh.content_type, "application/json; charset=utf-8");
    auto body = boost::json::parse(zh.body).as_object();
    EXPECT_EQ(body.at("error").at("code"), "validation_failed");
    EXPECT_EQ(body.at("error").at("message"), "输入有误，请检查标注的字段");
    EXPECT_EQ(body.at("error").at("fields").at("name"), "必填");
    auto en = boost::json::parse(ErrorResponse(e, Locale::kEn).body).as_object();
    EXPECT_EQ(en.at("error").at("message"), "Some fields are invalid");
    EXPECT_EQ(en.at("error").at("fields").at("name"), "is required");
}

TEST(ErrorResponse, FieldsIsAlwaysAnObject) {
    auto body = boost::json::parse(ErrorResponse(NotFound().value(), Locale::kEn).body).as_object();
    ASSERT_TRUE(body.at("error").at("fields").is_object());
    EXPECT_TRUE(body.at("error").at("fields").as_object().empty());
    EXPECT_EQ(body.at("error").at("code"), "not_found");
}

TEST(ErrorResponse, FallsBackToTheCodeNameAndTheOtherLanguage) {
    Error e;
    e.code = Code::kConflict;
    e.message = {"冲突", ""};
    auto body = boost::json::parse(ErrorResponse(e, Locale::kEn).body).as_object();
    EXPECT_EQ(body.at("error").at("code"), "conflict");
    EXPECT_EQ(body.at("error").at("message"), "冲突");
}

TEST(ErrorResponse, NeverLeaksTheInternalText) {
    Response r = ErrorResponse(Internal("SELECT secret FROM users").value(), Locale::kEn);
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(ErrorResponse, RateLimitedCarriesRetryAfter) {
    Response r = ErrorResponse(RateLimited().value(), Locale::kZh);
    EXPECT_EQ(r.status, 429);
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0].first, "Retry-After");
    EXPECT_GT(std::stoi(r.headers[0].second), 0);
    EXPECT_TRUE(ErrorResponse(Forbidden().value(), Locale::kZh).headers.empty());
}

TEST(ErrorResponse, UnavailableSaysWhenToRetryInHeaderAndBody) {
    Response r = ErrorResponse(Unavailable("postgres 57P01: terminating connection").value(), Locale::kEn);
    EXPECT_EQ(r.status, 503);
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0].first, "Retry-After");
    const int seconds = std::stoi(r.headers[0].second);
    EXPECT_GT(seconds, 0);
    auto body = boost::json::parse(r.body).as_object();
    EXPECT_EQ(body.at("error").at("code"), "unavailable");
    EXPECT_EQ(body.at("error").at("retry_after").as_int64(), seconds);
    EXPECT_EQ(r.body.find("57P01"), std::string::npos);
}

}  // namespace
}  // namespace safegrid::http
