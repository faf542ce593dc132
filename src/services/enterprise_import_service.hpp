// Importing 一企一档 from a spreadsheet: `safegrid import enterprises FILE` and
// POST /api/v1/import/enterprises.
//
// Columns (field → default header; a mapping's "columns" renames them, see import_common.hpp):
//   name 企业名称*, credit_code 统一社会信用代码*, grid 所属网格*, address 地址, employees 从业人数,
//   industry_code 行业代码, contact_name 联系人, contact_phone 联系电话, tags 标签, lat 纬度, lng 经度,
//   building 所在厂房                                   (* the column must exist)
// Cells: `grid` is a grid's code or name inside the town (a name used by two grids is refused: give
// the code); `tags` is a list separated by , ， 、 ; or spaces of tag names or their Chinese labels
// (三合一, 群租厂房, 消防安全重点单位, 危险化学品, 粉尘涉爆, 有限空间); `building` the name of a building in the
// row's grid; employees an integer; lat/lng decimal degrees. A mapping's "values" translate cells first.
//
// Who: town (its town's grids) and admin (every town's, or options.town_id's); the command line (no
// caller) likewise. Other roles → 403.
// Outcome: a dry run checks every row (everything EnterpriseService::Create checks, plus the cells
// above) and lists every problem with its row number, every bad cell of a row (a row whose cells
// the reader refused still goes through the service's checks; a cell is not reported twice); a real run writes every
// row or, if any row has a problem, none (EnterpriseService::CreateMany, one transaction, one audit entry per
// enterprise plus one for the import). File-level problems are the call's error: unreadable or
// unsupported file 415, missing columns 422 "import_missing_columns", bad mapping 422 "mapping".
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/enterprise_service.hpp"
#include "services/import_common.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

// The field names a mapping may use, in the order above.
const std::vector<std::string>& EnterpriseImportFields();
// Every column the importer reads, with its default (Chinese) header, in the template's order.
const std::vector<ImportField>& EnterpriseImportColumns();

class EnterpriseImportService {
  public:
    EnterpriseImportService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                            EnterpriseService& enterprises);

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
    EnterpriseService& enterprises_;
};

}  // namespace safegrid::services
