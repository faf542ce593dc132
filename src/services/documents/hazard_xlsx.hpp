// The hazard ledger (隐患台账) as an Excel workbook: what a town office exports, filters and
// forwards upward.
//
// One sheet "隐患台账": a frozen, bold header row with an autofilter; columns 编号, 企业,
// 统一社会信用代码, 村/网格, 隐患描述, 类别, 等级, 状态, 发现日期, 整改期限, 是否逾期, 销号日期.
// Dates are real Excel dates (yyyy-mm-dd, the calendar day in the town's time zone `zone`) so they sort and filter;
// overdue rows are filled light red. Text is made safe for the XML inside the file: invalid UTF-8
// becomes U+FFFD, control characters are dropped, and a cell is cut at Excel's 32,767 characters.
//
// Thread-safety: RenderHazardWorkbook is reentrant (its own temp file per call).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/hazard/hazard.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"

namespace safegrid::services {

struct HazardRow {
    int64_t id = 0;
    std::string enterprise_name;  // empty for a public report not yet assigned
    std::string credit_code;
    std::string region;  // "高家村 / 第一网格"
    std::string description;
    std::string category;  // shared category code ("evacuation"); shown as its Chinese label when known
    Severity severity = Severity::kGeneral;
    HazardStatus status = HazardStatus::kReported;
    UnixSeconds found_at = 0;
    std::optional<UnixSeconds> due_at;
    bool overdue = false;  // IsOverdue(status, due_at, now), computed by the caller, who knows "now"
    std::optional<UnixSeconds> closed_at;
};

inline constexpr int kMaxWorkbookRows = 1'048'575;  // Excel's row limit, minus the header

// The .xlsx bytes. More rows than Excel holds → kTooLarge; libxlsxwriter or file errors →
// kInternal "xlsx_failed" (`internal` says which step).
Result<std::string> RenderHazardWorkbook(const std::vector<HazardRow>& rows, const TimeZone& zone = {});

}  // namespace safegrid::services
