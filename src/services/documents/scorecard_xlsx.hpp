// The scorecard ranking (GET /api/v1/scorecards/export.xlsx) as an Excel workbook: the same rows
// and figures as the JSON list.
//
// Sheet "考核评分": 排名, 名称, 总分, then one column per item of the standard ("VIL-05（8分）")
// with its points; manual items not entered are left blank. Sheet "评分依据": one row per subject
// and item with 满分, 得分, 方式 (平台/人工) and the figure behind the points.
//
// Thread-safety: reentrant (its own temp file per call).
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/scorecard/scorecard.hpp"

namespace safegrid::services {

struct ScorecardList;

Result<std::string> RenderScorecardWorkbook(const ScorecardList& list, const std::vector<scorecard::ItemDef>& items);

}  // namespace safegrid::services
