// The fill-in workbooks of the two importers (EnterpriseImportService::Template,
// HazardImportService::Template): every column under its Chinese header, one example row built
// from the caller's own registry (a real grid, a real enterprise) so the template, example row
// included, passes a dry run as it is downloaded.
#include <string>
#include <vector>

#include "core/checklist/checklist.hpp"
#include "core/enterprise/credit_code.hpp"
#include "core/time_zone.hpp"
#include "services/documents/template_xlsx.hpp"
#include "services/enterprise_import_service.hpp"
#include "services/hazard_import_service.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/inspection_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

using storage::PathFilter;

constexpr int64_t kDay = 24 * 3600;

Status MayImport(const Principal& caller) {
    if (caller.role != Role::kTown && caller.role != Role::kAdmin) return Forbidden();
    return {};
}

PathFilter PlaceOf(const Principal& caller) {
    return caller.role == Role::kTown ? PathFilter::FromScope(caller.scope) : PathFilter::Any();
}

// How a row names `grid`: its code, else "村名/网格名" (unambiguous within the town).
std::string GridCell(const Region& grid, const std::vector<Region>& regions) {
    if (!grid.code.empty()) return grid.code;
    for (const Region& r : regions)
        if (grid.parent_id && r.id == *grid.parent_id) return r.name + "/" + grid.name;
    return grid.name;
}

}  // namespace

Result<std::string> EnterpriseImportService::Template(const Principal& caller) {
    SG_TRY(MayImport(caller));
    std::vector<std::string> example;
    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto regions, storage::RegionRepository(conn).List({PlaceOf(caller)}));
        const Region* grid = nullptr;
        for (const Region& r : regions)
            if (r.kind == RegionKind::kGrid && (grid == nullptr || r.id < grid->id)) grid = &r;
        if (grid == nullptr) return {};  // no grid yet: the header row alone
        // A credit code no enterprise of the town holds, so the example row passes as it is.
        storage::EnterpriseRepository repo(conn);
        std::string code;
        for (int n = 1; n <= 50 && code.empty(); ++n) {
            const std::string body = "MA" + std::to_string(100000 + n);
            SG_ASSIGN_OR_RETURN(std::string candidate, MakeCreditCodeFrom("91", "330282", body));
            SG_ASSIGN_OR_RETURN(auto taken, repo.FindIdByCreditCode(grid->path.town_id, candidate));
            if (!taken) code = candidate;
        }
        example = {"示例：慈溪市某某服饰有限公司",
                   code,
                   GridCell(*grid, regions),
                   "示例路1号",
                   "12",
                   "C1810",
                   "张三",
                   "13800000000",
                   "三合一",
                   "",
                   "",
                   ""};
        return {};
    }));
    TemplateSheet sheet{"企业台账", {}, {}, {}};
    for (const ImportField& f : EnterpriseImportColumns()) sheet.headers.emplace_back(f.header);
    if (!example.empty()) sheet.rows.push_back(std::move(example));
    sheet.notes = {
        {"企业名称", "必填"},
        {"统一社会信用代码", "必填，18 位，校验位须正确；同一镇内不能重复"},
        {"所属网格", "必填，网格编码，或网格名称，或“村名/网格名”"},
        {"从业人数", "整数"},
        {"行业代码", "国民经济行业分类代码，如 C1810"},
        {"标签", "可多个，用顿号或逗号分隔：三合一、群租厂房、消防安全重点单位、危险化学品、粉尘涉爆、有限空间"},
        {"纬度 / 经度", "十进制度，如 30.17 / 121.33"},
        {"所在厂房", "该网格内已登记的厂房名称"},
        {"示例行", "第 2 行是示例，导入前请改为真实企业或删除"},
    };
    return RenderTemplateWorkbook(sheet);
}

Result<std::string> HazardImportService::Template(const Principal& caller) {
    SG_TRY(MayImport(caller));
    std::vector<std::string> example;
    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto keys, storage::InspectionRepository(conn).EnterpriseKeys({PlaceOf(caller)}));
        const storage::EnterpriseKey* first = nullptr;
        for (const auto& k : keys)
            if (first == nullptr || k.id < first->id) first = &k;
        if (first == nullptr) return {};
        const TimeZone china;
        const UnixSeconds now = clock_.Now();
        example = {"",
                   first->name,
                   first->credit_code,
                   "安全出口堵塞",
                   "示例：一楼东侧安全出口被货物堵塞",
                   std::string(checklist::CategoryLabelZh(checklist::Category::kEvacuation)),
                   "一般",
                   "整改中",
                   FormatLocalIsoDate(now - 7 * kDay, china),
                   FormatLocalIsoDate(now + 7 * kDay, china),
                   "",
                   "",
                   ""};
        return {};
    }));
    TemplateSheet sheet{"隐患台账", {}, {}, {}};
    for (const ImportField& f : HazardImportColumns()) sheet.headers.emplace_back(f.header);
    if (!example.empty()) sheet.rows.push_back(std::move(example));
    sheet.notes = {
        {"隐患编号", "原台账的编号，可空；同一编号不能重复导入"},
        {"企业名称 / 统一社会信用代码", "至少填一项，须为本镇已登记的企业"},
        {"隐患内容", "必填"},
        {"隐患等级", "一般 或 重大"},
        {"整改状态", "整改中、待验收、已整改（已销号）等；空着时按有无销号日期判断"},
        {"发现日期", "必填，如 2026-05-01、2026/5/1、2026年5月1日"},
        {"整改期限 / 销号日期", "日期，写法同上"},
        {"示例行", "第 2 行是示例，导入前请改为真实隐患或删除"},
    };
    return RenderTemplateWorkbook(sheet);
}

}  // namespace safegrid::services
