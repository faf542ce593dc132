#include "core/error.hpp"

namespace safegrid {

tl::unexpected<Error> Malformed(Text message, std::string id) {
    return Fail({Code::kMalformed, std::move(id), std::move(message), {}, {}});
}
tl::unexpected<Error> Unauthenticated(std::string id) {
    return Fail({Code::kUnauthenticated, std::move(id), {"请先登录", "Please log in"}, {}, {}});
}
tl::unexpected<Error> Forbidden(std::string id) {
    return Fail({Code::kForbidden, std::move(id), {"无权执行此操作", "You are not allowed to do this"}, {}, {}});
}
tl::unexpected<Error> NotFound(std::string id) {
    return Fail({Code::kNotFound, std::move(id), {"未找到", "Not found"}, {}, {}});
}
tl::unexpected<Error> Conflict(std::string id, Text message) {
    return Fail({Code::kConflict, std::move(id), std::move(message), {}, {}});
}
tl::unexpected<Error> StaleVersion() {
    return Conflict("version_conflict",
                    {"数据已被他人修改，请刷新后重试", "The record was changed by someone else; reload and retry"});
}
tl::unexpected<Error> TooLarge(Text message) {
    return Fail({Code::kTooLarge, "payload_too_large", std::move(message), {}, {}});
}
tl::unexpected<Error> UnsupportedMedia(Text message) {
    return Fail({Code::kUnsupportedMedia, "unsupported_media_type", std::move(message), {}, {}});
}
tl::unexpected<Error> RateLimited() {
    return Fail({Code::kRateLimited,
                 "rate_limited",
                 {"请求过于频繁，请稍后再试", "Too many requests; try again later"},
                 {},
                 {}});
}
tl::unexpected<Error> Unavailable(std::string internal) {
    return Fail({Code::kUnavailable,
                 "unavailable",
                 {"服务暂时不可用，请稍后重试", "Service temporarily unavailable; retry shortly"},
                 {},
                 std::move(internal)});
}
tl::unexpected<Error> Internal(std::string internal) {
    return Fail(
        {Code::kInternal, "internal_error", {"服务器内部错误", "Internal server error"}, {}, std::move(internal)});
}
tl::unexpected<Error> Invalid(std::string field, Text why) {
    Validation v;
    v.Add(std::move(field), std::move(why));
    return v.Fail();
}

tl::unexpected<Error> Validation::Fail() const {
    return ::safegrid::Fail({Code::kValidation,
                             "validation_failed",
                             {"输入有误，请检查标注的字段", "Some fields are invalid"},
                             fields_,
                             {}});
}

std::string_view CodeName(Code code) {
    switch (code) {
        case Code::kMalformed:
            return "malformed";
        case Code::kUnauthenticated:
            return "unauthenticated";
        case Code::kForbidden:
            return "forbidden";
        case Code::kNotFound:
            return "not_found";
        case Code::kMethodNotAllowed:
            return "method_not_allowed";
        case Code::kConflict:
            return "conflict";
        case Code::kTooLarge:
            return "too_large";
        case Code::kUnsupportedMedia:
            return "unsupported_media";
        case Code::kValidation:
            return "validation";
        case Code::kRateLimited:
            return "rate_limited";
        case Code::kInternal:
            return "internal";
        case Code::kUnavailable:
            return "unavailable";
    }
    return "unknown";
}

}  // namespace safegrid
