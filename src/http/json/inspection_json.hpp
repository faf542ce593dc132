// JSON of checklists, inspections and import reports, and the inspection request body → service
// input. Types and sizes are checked here (400/422 from FieldReader, one entry per field, answers
// named "items[3].result"); the rules live in services/inspection_service and core/checklist.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

#include "core/checklist/checklist.hpp"
#include "core/error.hpp"
#include "http/message.hpp"
#include "services/import_common.hpp"
#include "services/inspection_service.hpp"

namespace safegrid::http::json {

// {"id","version","title","title_en","effective_date","sections":[{"id","title"}],
//  "items":[{"id","text","text_en","finding","finding_en","category","category_label","section","severity","legal_basis","article",
//            "effective_date","relevance","note","from_general_knowledge","major_reason"?,"major_reason_en"?}]}
boost::json::object ChecklistJson(const checklist::Template& t);

// {"id","enterprise_id","enterprise_name","town_id","village_id","grid_id","checklist_id","checklist_version",
//  "checklist_title","kind","inspector_id","inspector_name","at","passed","failed","not_applicable","note",
//  "lat","lng","created_at","hazard_ids"}
boost::json::object InspectionJson(const services::InspectionView& inspection);
// InspectionJson plus "items":
// [{"position","item_id","text","text_en","finding","finding_en","category","severity","major_reason",
// "result","note","attachments","hazard_id"}], the item fields as in the checklist version used.
boost::json::object InspectionDetailJson(const services::InspectionDetail& inspection);

// POST /inspections {"enterprise_id","checklist_id","checklist_version"?,"kind"?,"items":[{"item_id",
// "result","note"?,"attachments"?,"severity"?}],"lat"?,"lng"?,"note"?}
Result<services::NewInspection> NewInspectionFromJson(const boost::json::object& body);
// Content-Type, JSON and fields: exactly what the handler decodes (the fuzz target's entry point).
Result<services::NewInspection> NewInspectionFromRequest(const Request& request);

// {"dry_run","total_rows","valid_rows","created","errors":[{"row","field","column","message"}],"warnings":[...]}
// with messages in the request's language.
boost::json::object ImportReportJson(const services::ImportReport& report, Locale locale);

}  // namespace safegrid::http::json
