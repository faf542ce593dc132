#include "http/handlers/hazard_documents.hpp"

#include <cctype>
#include <string_view>

#include "http/handlers/hazards.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response File(services::DocumentFile file) {
    Response out;
    out.status = 200;
    out.content_type = std::move(file.content_type);
    out.body = std::move(file.bytes);
    out.headers.emplace_back("Content-Disposition", ContentDisposition(file.filename, file.filename_utf8));
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
}

Response Notice(services::HazardDocumentService& documents, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto file = documents.Notice(*r.principal, *id);
    if (!file) return Fail(file.error(), r);
    return File(std::move(*file));
}

Response Export(services::HazardDocumentService& documents, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto filter = HazardFilterFromQuery(r);
    if (!filter) return Fail(filter.error(), r);
    auto file = documents.Export(*r.principal, std::move(*filter));
    if (!file) return Fail(file.error(), r);
    return File(std::move(*file));
}

}  // namespace

std::string ContentDisposition(const std::string& ascii_name, const std::string& utf8_name) {
    static const char* kHex = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : utf8_name) {
        // RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else percent-encoded.
        if (std::isalnum(c) != 0 ||
            std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 0xF];
        }
    }
    std::string plain;
    for (char c : ascii_name) plain += (c == '"' || c == '\\' || static_cast<unsigned char>(c) >= 0x80) ? '_' : c;
    return "attachment; filename=\"" + plain + "\"; filename*=UTF-8''" + encoded;
}

void RegisterHazardDocumentRoutes(Router& router, services::HazardDocumentService& documents) {
    router.Add(Method::kGet, "/api/v1/hazards/export.xlsx", [&documents](Request& r) { return Export(documents, r); });
    router.Add(Method::kGet, "/api/v1/hazards/{id}/notice.pdf",
               [&documents](Request& r) { return Notice(documents, r); });
}

}  // namespace safegrid::http
