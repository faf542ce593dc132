// SQL for inspections (排查) and their answered items, the stored versions of the checklist
// templates, and the lookups the two importers need (enterprises to match rows against, the
// references of hazards imported before). Tables: 0003_hazards.sql (inspections, inspection_items,
// checklist_templates, hazard_import_refs, attachment_links) and 0002_registry.sql (enterprises).
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

// One row of `inspections`. Its place is its enterprise's (always down to the grid).
struct InspectionRecord {
    int64_t id = 0;
    RegionPath path;
    int64_t enterprise_id = 0;
    std::string checklist_id;
    int64_t checklist_version = 1;
    std::string kind = "routine";  // routine | campaign | self_check | joint
    std::optional<int64_t> inspector_id;
    std::string inspector_name;
    UnixSeconds at = 0;
    int64_t passed = 0;
    int64_t failed = 0;
    int64_t not_applicable = 0;
    std::string note;
    std::optional<double> lat;
    std::optional<double> lng;
    UnixSeconds created_at = 0;
    std::optional<int64_t> campaign_id;  // the campaign it was made for (kind campaign; 0014)
};

// One row of `inspection_items`: an answer, in the order it was given.
struct InspectionItemRecord {
    int64_t inspection_id = 0;
    int64_t town_id = 0;
    int64_t position = 0;
    std::string item_id;
    std::string result;  // pass | fail | na
    std::string note;
    std::vector<int64_t> attachments;
    std::optional<int64_t> hazard_id;  // the hazard a fail opened
};

struct InspectionQuery {
    std::vector<PathFilter> filters;  // ANDed: the caller's scope, the region asked for
    std::optional<int64_t> enterprise_id;
    int64_t offset = 0;
    int64_t limit = 20;
};

// One row of `checklist_templates`.
struct ChecklistTemplateRow {
    std::string id;
    int64_t version = 1;
    std::string title;
    std::string body_json;
    std::string effective_date;
    UnixSeconds loaded_at = 0;
};

// What an importer needs to match a row's enterprise by credit code or name.
struct EnterpriseKey {
    int64_t id = 0;
    RegionPath path;
    std::string name;
    std::string credit_code;
};

class InspectionRepository {
  public:
    explicit InspectionRepository(Connection& conn) : conn_(conn) {}

    // Inserts `r` (its id ignored) and returns the new id.
    Result<int64_t> Insert(const InspectionRecord& r);
    Status InsertItem(const InspectionItemRecord& item);
    // Insert / InsertItem for many rows: ids in input order (the ones single inserts would give),
    // a few multi-row statements on PostgreSQL, the single-row statements on SQLite (no round trips).
    Result<std::vector<int64_t>> InsertMany(const std::vector<InspectionRecord>& records);
    Status InsertItems(const std::vector<InspectionItemRecord>& items);
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<InspectionRecord>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // The answers of one inspection, by position.
    Result<std::vector<InspectionItemRecord>> Items(int64_t inspection_id, const TownLimit& town = TownLimit::Any());
    // inspection id → ids of the hazards its fails opened (by position); inspections without any absent.
    Result<std::map<int64_t, std::vector<int64_t>>> HazardIds(const std::vector<int64_t>& inspection_ids,
                                                              const TownLimit& town = TownLimit::Any());
    // The page (newest first) and the total under the same WHERE.
    Result<std::pair<std::vector<InspectionRecord>, int64_t>> List(const InspectionQuery& query);
    // Links evidence to the inspection (attachment_links, entity 'inspection'); an existing link is kept.
    Status LinkAttachment(int64_t town_id, int64_t inspection_id, int64_t attachment_id);

    // The highest stored version of template `id`, if any.
    Result<std::optional<ChecklistTemplateRow>> LatestTemplate(const std::string& id);
    Result<std::optional<ChecklistTemplateRow>> TemplateVersion(const std::string& id, int64_t version);
    // The highest version of every stored template, ordered by id.
    Result<std::vector<ChecklistTemplateRow>> LatestTemplates();
    // False (nothing written) when (id, version) is stored already: another server stored it first.
    Result<bool> InsertTemplate(const ChecklistTemplateRow& row);

    // Every enterprise under the filters (id order): a town's registry is a few thousand rows.
    Result<std::vector<EnterpriseKey>> EnterpriseKeys(const std::vector<PathFilter>& filters);
    // Which of `refs` were imported into `town_id` before: ref → hazard id.
    Result<std::map<std::string, int64_t>> ImportedRefs(int64_t town_id, const std::vector<std::string>& refs);
    Status InsertImportRef(int64_t town_id, const std::string& ref, int64_t hazard_id);

  private:
    Connection& conn_;
};

// "[1,2,3]" ↔ ids: the attachments column (JSON array text, readable by both dialects' JSON functions).
std::string IdsToJson(const std::vector<int64_t>& ids);
std::vector<int64_t> IdsFromJson(std::string_view text);

}  // namespace safegrid::storage
