#include "http/json/body.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/stream_parser.hpp>
#include <charconv>
#include <cmath>

#include "core/text/trim.hpp"
#include "core/text/utf8.hpp"
#include "core/time.hpp"

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

// Deeper documents are never legitimate here, and a recursive walk over one could exhaust the stack.
constexpr size_t kMaxDepth = 32;
constexpr size_t kMaxArrayItems = 1000;
constexpr size_t kMaxArrayItemLength = 1000;  // code points per string inside a string array
constexpr int64_t kMaxPage = 1'000'000'000;   // keeps (page - 1) * page_size far from overflow
constexpr int64_t kMaxPageSize = 200;
constexpr int64_t kDefaultPageSize = 20;

const Text kRequired{"必填", "is required"};
const Text kNotString{"必须是字符串", "must be a string"};
const Text kNotInteger{"必须是整数", "must be an integer"};
const Text kNotNumber{"必须是数字", "must be a number"};
const Text kNotBool{"必须是 true 或 false", "must be true or false"};
const Text kNotArray{"必须是数组", "must be an array"};
const Text kItemNotString{"每一项都必须是字符串", "every item must be a string"};
const Text kItemNotInteger{"每一项都必须是整数", "every item must be an integer"};
const Text kEmpty{"不能为空", "must not be empty"};
const Text kBadUtf8{"不是有效的 UTF-8 文本", "is not valid UTF-8 text"};
const Text kControl{"含有不允许的控制字符", "contains a control character"};
const Text kBadTime{"必须是 RFC 3339 时间，如 2026-01-31T08:00:00Z",
                    "must be an RFC 3339 time such as 2026-01-31T08:00:00Z"};

Error MalformedJson(Text message, std::string internal) {
    return Error{Code::kMalformed, "malformed_json", std::move(message), {}, std::move(internal)};
}

std::string LowerTrim(std::string_view s) {
    std::string out(TrimWhitespace(s));
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// application/json, optionally with charset=utf-8; any other charset would mean non-UTF-8 bytes.
bool IsJsonContentType(const std::optional<std::string>& header) {
    if (!header) return false;
    std::string_view rest = *header;
    size_t semi = rest.find(';');
    if (LowerTrim(rest.substr(0, semi)) != "application/json") return false;
    while (semi != std::string_view::npos) {
        rest.remove_prefix(semi + 1);
        semi = rest.find(';');
        std::string param = LowerTrim(rest.substr(0, semi));
        if (param.rfind("charset=", 0) != 0) continue;
        std::string charset = param.substr(8);
        if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"')
            charset = charset.substr(1, charset.size() - 2);
        if (charset != "utf-8" && charset != "utf8") return false;
    }
    return true;
}

enum class TextProblem { kNone, kBadUtf8, kControl };

// Counts code points; rejects malformed UTF-8 (overlongs, surrogates, > U+10FFFF) and control
// characters other than \n and \t (C0, DEL and C1), which have no place in user-entered text.
TextProblem CheckText(std::string_view s, size_t& code_points) {
    code_points = 0;
    size_t i = 0;
    while (i < s.size()) {
        size_t len = 0;
        const std::optional<char32_t> decoded = DecodeUtf8(s, i, len);  // the one UTF-8 rule (core/text)
        if (!decoded) return TextProblem::kBadUtf8;
        const char32_t cp = *decoded;
        if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) return TextProblem::kControl;
        ++code_points;
        i += len;
    }
    return TextProblem::kNone;
}

// JSON's own white space (RFC 8259 "ws"): deliberately not the text trim rule, because a body of
// only U+3000 is not empty JSON but a syntax error that the parser reports as such.
bool IsBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// JSON numbers → int64 when they denote one exactly (3 and 3.0 yes; 3.5, 1e300 no).
std::optional<int64_t> AsInt(const bj::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) {
        if (v.get_uint64() > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
        return static_cast<int64_t>(v.get_uint64());
    }
    if (v.is_double()) {
        double d = v.get_double();
        // 2^63 is exactly representable; anything at or beyond it does not fit.
        if (!std::isfinite(d) || std::trunc(d) != d || d < -9223372036854775808.0 || d >= 9223372036854775808.0) {
            return std::nullopt;
        }
        return static_cast<int64_t>(d);
    }
    return std::nullopt;
}

Text RangeText(int64_t min, int64_t max) {
    if (min != INT64_MIN && max != INT64_MAX) {
        return {fmt::format("必须在 {} 到 {} 之间", min, max), fmt::format("must be between {} and {}", min, max)};
    }
    if (min != INT64_MIN) return {fmt::format("不能小于 {}", min), fmt::format("must be at least {}", min)};
    return {fmt::format("不能大于 {}", max), fmt::format("must be at most {}", max)};
}

// "12", "-3" → value; "" → absent; anything else ("1.5", " 1", "+1", "1e3", overflow) → nullopt + bad.
std::optional<int64_t> ParseDecimal(std::string_view s, bool& bad) {
    bad = false;
    int64_t value = 0;
    if (s.empty()) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) {
        bad = true;
        return std::nullopt;
    }
    return value;
}

}  // namespace

Result<bj::object> ParseObject(const Request& request) {
    if (!IsJsonContentType(request.Header("content-type"))) {
        return UnsupportedMedia(
            {"请求体必须是 application/json（UTF-8）", "The body must be application/json (UTF-8)"});
    }
    if (IsBlank(request.body)) return Fail(MalformedJson({"请求体为空", "The request body is empty"}, "empty body"));
    bj::parse_options options;
    options.max_depth = kMaxDepth;
    bj::stream_parser parser({}, options);
    boost::system::error_code ec;
    size_t consumed = parser.write(request.body.data(), request.body.size(), ec);
    if (!ec) parser.finish(ec);
    if (ec) {
        return Fail(MalformedJson({"请求体不是有效的 JSON", "The body is not valid JSON"},
                                  fmt::format("{} at byte {}", ec.message(), consumed)));
    }
    bj::value value = parser.release();
    if (!value.is_object()) {
        return Fail(MalformedJson({"请求体必须是 JSON 对象", "The body must be a JSON object"},
                                  "top-level value is not an object"));
    }
    return std::move(value.as_object());
}

std::optional<std::string> FieldReader::String(const char* key, StringRule rule) {
    const bj::value* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (rule.required) AddError(key, kRequired);
        return std::nullopt;
    }
    if (!v->is_string()) {
        AddError(key, kNotString);
        return std::nullopt;
    }
    std::string_view s(v->get_string().data(), v->get_string().size());
    size_t code_points = 0;
    switch (CheckText(s, code_points)) {
        case TextProblem::kBadUtf8:
            AddError(key, kBadUtf8);
            return std::nullopt;
        case TextProblem::kControl:
            AddError(key, kControl);
            return std::nullopt;
        case TextProblem::kNone:
            break;
    }
    if (!rule.allow_empty && TrimWhitespace(s).empty()) {
        AddError(key, kEmpty);
        return std::nullopt;
    }
    if (code_points > rule.max_len) {
        AddError(key, {fmt::format("最多 {} 个字符", rule.max_len),
                       fmt::format("must be at most {} characters", rule.max_len)});
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<int64_t> FieldReader::Int(const char* key, IntRule rule) {
    const bj::value* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (rule.required) AddError(key, kRequired);
        return std::nullopt;
    }
    auto value = AsInt(*v);
    if (!value) {
        // A whole number too big for int64 is out of range, not of the wrong type.
        bool whole = v->is_uint64() || (v->is_double() && std::isfinite(v->get_double()) &&
                                        std::trunc(v->get_double()) == v->get_double());
        AddError(key, whole ? RangeText(rule.min, rule.max) : kNotInteger);
        return std::nullopt;
    }
    if (*value < rule.min || *value > rule.max) {
        AddError(key, RangeText(rule.min, rule.max));
        return std::nullopt;
    }
    return value;
}

std::optional<double> FieldReader::Double(const char* key, DoubleRule rule) {
    const bj::value* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (rule.required) AddError(key, kRequired);
        return std::nullopt;
    }
    if (!v->is_number()) {
        AddError(key, kNotNumber);
        return std::nullopt;
    }
    double d = v->to_number<double>();
    if (!std::isfinite(d) || d < rule.min || d > rule.max) {
        AddError(key, {fmt::format("必须在 {} 到 {} 之间", rule.min, rule.max),
                       fmt::format("must be between {} and {}", rule.min, rule.max)});
        return std::nullopt;
    }
    return d;
}

std::optional<bool> FieldReader::Bool(const char* key, bool required) {
    const bj::value* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (required) AddError(key, kRequired);
        return std::nullopt;
    }
    if (!v->is_bool()) {
        AddError(key, kNotBool);
        return std::nullopt;
    }
    return v->get_bool();
}

std::optional<std::vector<std::string>> FieldReader::StringArray(const char* key, bool required) {
    const bj::value* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (required) AddError(key, kRequired);
        return std::nullopt;
    }
    if (!v->is_array()) {
        AddError(key, kNotArray);
        return std::nullopt;
    }
    const bj::array& array = v->get_array();
    if (array.size() > kMaxArrayItems) {
        AddError(key, {fmt::format("最多 {} 项", kMaxArrayItems),
                       fmt::format("must have at most {} items", kMaxArrayItems)});
        return std::nullopt;
    }
    std::vector<std::string> out;
    out.reserve(array.size());
    for (const bj::value& item : array) {
        if (!item.is_string()) {
            AddError(key, kItemNotString);
            return std::nullopt;
        }
        std::string_view s(item.get_string().data(), item.get_string().size());
        size_t code_points = 0;
        TextProblem problem = CheckText(s, code_points);
        if (problem != TextProblem::kNone) {
            AddError(key, problem == TextProblem::kBadUtf8 ? kBadUtf8 : kControl);
            return std::nullopt;
        }
        if (code_points > kMaxArrayItemLength) {
            AddError(key, {fmt::format("每项最多 {} 个字符", kMaxArrayItemLength),
                           fmt::format("items must be at most {} characters", kMaxArrayItemLength)});
            return std::nullopt;
        }
        out.emplace_back(s);
    }
    return out;
}

std::optional<std::vector<int64_t>> FieldReader::IntArray(const char* key, bool required) {
    const bj::value* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (required) AddError(key, kRequired);
        return std::nullopt;
    }
    if (!v->is_array()) {
        AddError(key, kNotArray);
        return std::nullopt;
    }
    const bj::array& array = v->get_array();
    if (array.size() > kMaxArrayItems) {
        AddError(key, {fmt::format("最多 {} 项", kMaxArrayItems),
                       fmt::format("must have at most {} items", kMaxArrayItems)});
        return std::nullopt;
    }
    std::vector<int64_t> out;
    out.reserve(array.size());
    for (const bj::value& item : array) {
        auto value = AsInt(item);
        if (!value) {
            AddError(key, kItemNotInteger);
            return std::nullopt;
        }
        out.push_back(*value);
    }
    return out;
}

std::optional<int64_t> FieldReader::Time(const char* key, bool required) {
    auto text = String(key, {.required = required, .max_len = 64});
    if (!text) return std::nullopt;
    auto parsed = ParseRfc3339(*text, /*date_end_of_day_cn=*/true);
    if (!parsed) {
        AddError(key, kBadTime);
        return std::nullopt;
    }
    return parsed;
}

bool FieldReader::Has(const char* key) const { return object_.contains(key); }

bool FieldReader::IsExplicitNull(const char* key) const {
    const bj::value* v = object_.if_contains(key);
    return v != nullptr && v->is_null();
}

Status FieldReader::Finish() const {
    if (validation_.Ok()) return {};
    return validation_.Fail();
}

Result<Page> ParsePage(const Request& request) {
    // Both parameters are checked before failing, so the client learns every problem at once.
    Validation validation;
    Page page;
    bool bad = false;
    auto number = ParseDecimal(request.Query("page").value_or(""), bad);
    if (bad || (number && (*number < 1 || *number > kMaxPage))) {
        validation.Add("page", {fmt::format("必须是 1 到 {} 之间的整数", kMaxPage),
                                fmt::format("must be an integer from 1 to {}", kMaxPage)});
    } else if (number) {
        page.page = *number;
    }
    auto size = ParseDecimal(request.Query("page_size").value_or(""), bad);
    if (bad || (size && (*size < 1 || *size > kMaxPageSize))) {
        validation.Add("page_size", {fmt::format("必须是 1 到 {} 之间的整数", kMaxPageSize),
                                     fmt::format("must be an integer from 1 to {}", kMaxPageSize)});
    } else {
        page.size = size.value_or(kDefaultPageSize);
    }
    if (!validation.Ok()) return validation.Fail();
    return page;
}

Result<std::optional<int64_t>> QueryInt(const Request& request, const char* name) {
    // "?region_id=" is how forms send "no filter": empty reads as absent.
    bool bad = false;
    auto value = ParseDecimal(request.Query(name).value_or(""), bad);
    if (bad) return Invalid(name, kNotInteger);
    return value;
}

Result<std::optional<bool>> QueryBool(const Request& request, const char* name) {
    auto text = request.Query(name);
    if (!text || text->empty()) return std::optional<bool>();
    if (*text == "true" || *text == "1") return std::optional<bool>(true);
    if (*text == "false" || *text == "0") return std::optional<bool>(false);
    return Invalid(name, {"必须是 true 或 false", "must be true or false"});
}

bj::object ListBody(bj::array items, int64_t total, const Page& page) {
    bj::object body(items.storage());
    body["items"] = std::move(items);
    body["total"] = total;
    body["page"] = page.page;
    body["page_size"] = page.size;
    return body;
}

Result<int64_t> PathId(const Request& request, const char* name) {
    auto it = request.path_params.find(name);
    if (it == request.path_params.end()) return NotFound();
    const std::string& s = it->second;
    // Digits only: "+5", " 5", "5.0", "0x5" and "-5" name no row.
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return NotFound();
    bool bad = false;
    auto value = ParseDecimal(s, bad);
    if (bad || !value || *value < 1) return NotFound();
    return *value;
}

}  // namespace safegrid::http::json
