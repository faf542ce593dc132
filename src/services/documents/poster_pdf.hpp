// The QR poster (查找身边隐患 · 扫码举报) a village or an enterprise puts up: citizens scan it and land on
// the public report form with the place filled in (CONTRACT "Public reports").
//
// Layout (one A4 page, portrait): the title 查找身边隐患 and 扫码举报 in large type; the place's name and
// a line under it (its town, or the enterprise's address); the QR code of the link, about 10 cm
// wide, drawn as filled squares (pdf_doc.hpp DrawQr); the link printed in full under it, for phones
// that cannot scan; what to report and how it is followed (tracking code, anonymous or not); the
// hotlines 119 and 12350; the issuing office at the foot.
//
// Fonts: the embedded Chinese TrueType font of the notices (cjk_font), so every phone and printer
// shows it. Characters GBK lacks print as '?' (pdf_text.hpp), never a failure.
//
// Thread-safety: RenderReportPoster is reentrant (one libharu document per call).
#pragma once

#include <string>

#include "core/error.hpp"
#include "services/documents/notice_pdf.hpp"

namespace safegrid::services {

struct PosterData {
    std::string place_name;      // "高家村", "慈溪市匡堰镇宏达五金厂"
    std::string place_detail;    // optional second line: "匡堰镇", the enterprise's address
    std::string url;             // the whole link, encoded in the QR code and printed under it
    std::string issuing_office;  // "匡堰镇应急管理办公室"
    std::string font_path = kDefaultNoticeFontPath;
};

// The PDF bytes. "pdf_font_missing" when the font cannot be loaded; validation error (field "qr")
// when the link is too long for a QR code; "pdf_failed" when libharu reports an error.
Result<std::string> RenderReportPoster(const PosterData& data);

// The sign-in poster of a training session (培训签到 · 扫码签到, docs/training.md "QR sign-in"): the
// session's title, its day and place, the QR code of {public_url}/t/{code}, the link in full and how
// to sign in. Same page, fonts and failures as the report poster.
struct SigninPosterData {
    std::string title;           // the session's title
    std::string detail;          // "2026-12-06 · 高家村 · 消防安全培训"
    std::string days;            // "签到时间：2026-12-05 至 2026-12-07"
    std::string url;             // the whole link
    std::string issuing_office;  // "匡堰镇应急管理办公室"
    std::string font_path = kDefaultNoticeFontPath;
};
Result<std::string> RenderSigninPoster(const SigninPosterData& data);

}  // namespace safegrid::services
