// The rectification notice (安全隐患整改通知书) as a PDF: what an officer prints, signs, stamps and
// hands to the enterprise after an inspection.
//
// Layout (A4, one or more pages): issuing office and title; notice number; the enterprise (name,
// unified social credit code, address); the findings, numbered, each with its grade, legal basis
// and article, the reason it is major (when it is), and the link {base_url}/hazards/{id} where the
// enterprise submits its evidence, printed in full and, with a base_url, as a QR code beside the
// finding (a bare path without one: a phone camera can do nothing with it); the deadline as a China-time date; the
// office and issue date for the seal; a receipt line. Every page footer repeats the notice number and "第 i 页 共 n
// 页".
//
// Fonts: the Chinese TrueType font at font_path, embedded as a subset (pdf_doc.hpp), so any phone
// shows it; see pdf_text.hpp for the encoding choices.
//
// Thread-safety: RenderRectificationNotice is reentrant (one libharu document per call).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/hazard/hazard.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"

namespace safegrid::services {

struct NoticeFinding {
    std::string text;         // 隐患描述
    std::string legal_basis;  // "《安全生产法》第42条", or the checklist item's basis
    std::string article;      // optional; printed after the basis when not already in it
    Severity severity = Severity::kGeneral;
    std::string major_reason;  // optional: "依据《…》第三条第（一）项，判定为重大事故隐患"
    std::optional<int64_t> hazard_id;    // printed as the link {base_url}/hazards/{id}
    std::optional<UnixSeconds> due_at;   // optional per-finding deadline when it differs from the notice's
    std::optional<HazardStatus> status;  // printed as "当前状态：整改中" (the state when printed)
};

// Debian's fonts-wqy-microhei. A .ttc is a collection: its first face is used.
inline constexpr const char* kDefaultNoticeFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

struct NoticeData {
    std::string notice_number;   // FormatNoticeNumber(...): "匡安整改〔2026〕第0042号"
    std::string issuing_office;  // "匡堰镇应急管理办公室"
    std::string enterprise_name;
    std::string enterprise_address;
    std::string credit_code;  // 统一社会信用代码
    std::vector<NoticeFinding> findings;
    UnixSeconds due_at = 0;  // printed as a date in China time
    UnixSeconds issued_at = 0;
    std::string inspectors;  // optional: "张三、李四"
    std::string base_url;    // the public URL (serve --public-url); empty: links print as paths, no QR codes
    TimeZone zone;           // the town's: every printed date is its calendar day
    std::string font_path = kDefaultNoticeFontPath;  // TrueType (.ttf) or collection (.ttc)
};

// Whether `font_path` is a font libharu can embed: kInternal "pdf_font_missing" (with the path and
// the Debian package to install) when it is missing or unreadable. Checked at start-up.
Status CheckNoticeFont(const std::string& font_path);

// "匡安整改〔2026〕第0042号": prefix, year in 〔〕, sequence zero-padded to 4 digits.
std::string FormatNoticeNumber(std::string_view prefix, int year, int64_t sequence);

// The PDF bytes. "pdf_font_missing" as above when the font cannot be loaded. Never fails on odd text (empty findings,
// very long text, characters outside GBK → '?'); fails with kInternal "pdf_failed" only if libharu reports an error
// (its error handler records the error instead of jumping; `internal` carries libharu's error and detail numbers).
Result<std::string> RenderRectificationNotice(const NoticeData& data);

}  // namespace safegrid::services
