// Untrusted body bytes → the inspection decoder the POST /api/v1/inspections handler uses
// (NewInspectionFromRequest: Content-Type, JSON, every field including the nested answers), then the
// JSON of a detail built from what was decoded, as the response would carry it. No store.
// Bad input must come back as a client error (400/415/422), never a crash, a sanitizer report or
// an internal error; a decoded body must respect the limits the service relies on.
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/json/inspection_json.hpp"

using namespace safegrid;
using namespace safegrid::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Request request;
    request.method = Method::kPost;
    // The first byte picks a Content-Type, so the media-type check is fuzzed too.
    static const char* kTypes[] = {"application/json", "application/json; charset=utf-8", "text/csv",
                                   "application/json; charset=gbk"};
    if (size > 0) {
        request.headers["content-type"] = kTypes[data[0] % 4];
        ++data;
        --size;
    }
    request.body.assign(reinterpret_cast<const char*>(data), size);
    auto decoded = json::NewInspectionFromRequest(request);
    if (!decoded) {
        const Code code = decoded.error().code;
        if (code != Code::kMalformed && code != Code::kUnsupportedMedia && code != Code::kValidation) std::abort();
        // Every 422 names at least one field, so the client knows what to fix.
        if (code == Code::kValidation && decoded.error().fields.empty()) std::abort();
        (void)ErrorResponse(decoded.error(), Locale::kEn);
        return 0;
    }
    // Required: the template's code or its integer id (checklist::PublicNumber).
    if (decoded->checklist_id.empty() && !decoded->checklist_number) std::abort();
    if (decoded->items.size() > services::kMaxInspectionItems) std::abort();
    // What was read goes back out as the response would show it.
    services::InspectionDetail detail;
    detail.inspection.enterprise_id = decoded->enterprise_id.value_or(0);
    detail.inspection.checklist_id = decoded->checklist_id;
    detail.inspection.kind = decoded->kind;
    detail.inspection.note = decoded->note;
    detail.inspection.lat = decoded->lat;
    detail.inspection.lng = decoded->lng;
    int64_t position = 0;
    for (const auto& a : decoded->items) {
        // Required inside each answer: the item's code or integer id, and a result.
        if ((a.item_id.empty() && !a.item_number) || a.result.empty()) std::abort();
        services::InspectionItemView view;
        view.answer = {0, 0, position++, a.item_id, a.result, a.note, a.attachments, std::nullopt};
        detail.items.push_back(std::move(view));
    }
    (void)boost::json::serialize(json::InspectionDetailJson(detail));
    return 0;
}
