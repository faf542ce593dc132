#include "http/handlers/checklists.hpp"

#include <boost/json/array.hpp>

#include "http/json/inspection_json.hpp"

namespace safegrid::http {

void RegisterChecklistRoutes(Router& router, services::ChecklistService& checklists) {
    router.Add(Method::kGet, "/api/v1/checklists", [&checklists](Request& r) {
        if (!r.principal) return ErrorResponse(Unauthenticated().value(), r.locale);
        boost::json::array out;
        for (const auto& t : checklists.List()) out.emplace_back(json::ChecklistJson(*t));
        return Json(200, out);
    });
}

}  // namespace safegrid::http
