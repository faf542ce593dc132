#include "http/handlers/imports.hpp"

#include <algorithm>
#include <cctype>

#include "http/handlers/hazard_documents.hpp"
#include "http/json/body.hpp"
#include "http/json/inspection_json.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

// The media type without parameters, lower-cased.
std::string MediaType(const std::optional<std::string>& header) {
    std::string s = header.value_or("");
    s = s.substr(0, s.find(';'));
    s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }), s.end());
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool IsSpreadsheetType(const std::string& type) {
    static const char* const kTypes[] = {"text/csv",
                                         "text/plain",
                                         "application/csv",
                                         "application/vnd.ms-excel",
                                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                         "application/octet-stream"};
    return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

// The checks every import request shares; the service call is the only difference.
template <class Service>
Response Import(Service& service, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    const std::string type = MediaType(r.Header("content-type"));
    if (!IsSpreadsheetType(type)) {
        return Fail(
            UnsupportedMedia({"请上传 CSV（UTF-8 或 GBK）或 .xlsx 文件", "Upload a CSV (UTF-8 or GBK) or .xlsx file"})
                .value(),
            r);
    }
    if (r.body.size() > services::kMaxImportUploadBytes) {
        return Fail(
            TooLarge({"文件超过 10 MiB，请分批导入", "The file is larger than 10 MiB; import it in parts"}).value(), r);
    }
    auto dry_run = json::QueryBool(r, "dry_run");
    if (!dry_run) return Fail(dry_run.error(), r);
    auto town_id = json::QueryInt(r, "town_id");
    if (!town_id) return Fail(town_id.error(), r);
    services::ImportOptions options;
    options.dry_run = dry_run->value_or(false);
    options.mapping_json = r.Query("mapping").value_or("");
    options.content_hint = type;
    // Only an admin chooses the town; everyone else imports into their own.
    if (*town_id && r.principal->role == Role::kAdmin) options.town_id = *town_id;
    auto report = service.Import(&*r.principal, r.body, options);
    if (!report) return Fail(report.error(), r);
    return Json(200, json::ImportReportJson(*report, r.locale));
}

// The fill-in workbook; named in Chinese for the clerk's downloads folder, ASCII for old clients.
template <class Service>
Response Template(Service& service, Request& r, const std::string& ascii_name, const std::string& utf8_name) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto bytes = service.Template(*r.principal);
    if (!bytes) return Fail(bytes.error(), r);
    Response out;
    out.status = 200;
    out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    out.body = std::move(*bytes);
    out.headers.emplace_back("Content-Disposition", ContentDisposition(ascii_name, utf8_name));
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
}

}  // namespace

void RegisterImportRoutes(Router& router, services::EnterpriseImportService& enterprises,
                          services::HazardImportService& hazards) {
    router.Add(Method::kPost, "/api/v1/import/enterprises",
               [&enterprises](Request& r) { return Import(enterprises, r); });
    router.Add(Method::kPost, "/api/v1/import/hazards", [&hazards](Request& r) { return Import(hazards, r); });
    router.Add(Method::kGet, "/api/v1/import/enterprises/template.xlsx", [&enterprises](Request& r) {
        return Template(enterprises, r, "enterprise-import-template.xlsx", "企业导入模板.xlsx");
    });
    router.Add(Method::kGet, "/api/v1/import/hazards/template.xlsx", [&hazards](Request& r) {
        return Template(hazards, r, "hazard-import-template.xlsx", "隐患导入模板.xlsx");
    });
}

}  // namespace safegrid::http
