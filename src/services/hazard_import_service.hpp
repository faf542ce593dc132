// Importing historic hazards (a town's past 隐患台账, or another authority's export):
// `safegrid import hazards FILE --mapping M.json` and POST /api/v1/import/hazards.
//
// Columns (field → default header; "columns" in the mapping renames them, see import_common.hpp):
//   ref 隐患编号 (the source's own id), enterprise_name 企业名称 / credit_code 统一社会信用代码 (at least
//   one of the two columns), title 隐患内容*, description 隐患描述, category 隐患类别, severity 隐患等级,
//   status 整改状态, found_at 发现日期*, due_at 整改期限, closed_at 销号日期, address 地址, legal_basis 依据
// Cells: severity and status are translated by the mapping's "values" (its "*" entry catches any
// other text), then by the usual Chinese words (一般/重大, 已整改/整改中/...) and the API's own names;
// category likewise onto the category names of core/checklist. Dates: see ParseLedgerDate (China
// calendar days; found and closed at the start of the day, deadlines at its end).
//
// Each row is imported as faithfully as the data allows, with a WARNING saying what was assumed, or
// refused with an ERROR naming its row and why:
//   enterprise  matched by credit code, else by name (case and width folded) among the enterprises
//               the caller may see; none → error; a name shared by several → error (give the code);
//               a credit code that matches nothing but a name that matches one → warning
//   found_at    required; unreadable or in the future → error
//   status      blank → closed when a closing date is given, else rectifying (warning); unknown → error
//   severity    blank → general (warning); unknown → error
//   category    unknown → other (warning)
//   due_at      unreadable → error; before found_at → the found day (warning: corrected on the spot);
//               missing for rectifying/submitted → the default deadline from found_at (warning)
//   closed_at   unreadable, before found_at or in the future → error; missing for a closed hazard →
//               due_at, else found_at (warning); given for a hazard that is not closed → ignored (warning)
//   title       blank → error; longer than 200 characters → cut (warning); description likewise at 2000
//   ref         repeated in the file, or imported into the town before → error
// A real run imports nothing if any row has an error (one transaction), else every row through
// HazardService::Insert with source "import" and its historic dates (found_at, due_at, closed_at,
// closed_on_time = closed_at ≤ due_at), plus one audit entry for the import.
//
// Who: town (enterprises of its town) and admin; the command line (no caller) sees every enterprise.
// Other roles → 403. File-level problems as for enterprises (415, 422 import_missing_columns, 422 mapping).
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/hazard/deadline.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/hazard_service.hpp"
#include "services/import_common.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

const std::vector<std::string>& HazardImportFields();
// Every column the importer reads, with its default (Chinese) header, in the template's order.
const std::vector<ImportField>& HazardImportColumns();

class HazardImportService {
  public:
    HazardImportService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                        HazardService& hazards, DeadlinePolicy policy = {});

    // `caller` null: the command line (the system).
    Result<ImportReport> Import(const Principal* caller, std::string_view file, const ImportOptions& options);

    // The fill-in workbook (.xlsx bytes): every column under its default header and one example
    // row made from the caller's registry, which passes a dry run as downloaded (import_template.cpp).
    // Who: as Import (town, admin; others 403).
    Result<std::string> Template(const Principal& caller);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    HazardService& hazards_;
    DeadlinePolicy policy_;
};

}  // namespace safegrid::services
