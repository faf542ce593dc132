#include "services/documents/poster_pdf.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "platform/qr_code.hpp"
#include "services/documents/pdf_doc.hpp"
#include "services/documents/pdf_text.hpp"

namespace safegrid::services {
namespace {

using documents::Glyph;
using documents::PdfFonts;

constexpr float kPageWidth = 595.276f;  // A4 in points
constexpr float kPageHeight = 841.89f;
constexpr float kMargin = 56;
constexpr float kQrSide = 300;  // ≈ 106 mm with the quiet zone: reads from a metre or two away

// Centred lines of `text` at `size` points, wrapped to the page; the first baseline `size` below
// `top`. Returns where the next text may start.
float Centred(HPDF_Page page, const PdfFonts& fonts, std::string_view text, float top, float size, float leading = 1.4f,
              size_t max_code_points = 400) {
    const auto lines = documents::WrapGlyphs(documents::ToGlyphs(text, max_code_points), kPageWidth - 2 * kMargin,
                                             [&](const Glyph& g) { return documents::GlyphWidth(fonts, g, size); });
    float y = top;
    for (const auto& line : lines) {
        y -= size * leading;
        const auto w = static_cast<float>(documents::GlyphsWidth(fonts, line, size));
        documents::DrawGlyphs(page, fonts, line, (kPageWidth - w) / 2, y + size * (leading - 1) / 2, size);
    }
    return y;
}

// Left-aligned lines inside the margins with a hanging indent for the "·" items.
float Left(HPDF_Page page, const PdfFonts& fonts, std::string_view text, float top, float size, float indent = 0) {
    const float x = kMargin + 24 + indent;
    const auto lines = documents::WrapGlyphs(documents::ToGlyphs(text, 400), kPageWidth - kMargin - 24 - x,
                                             [&](const Glyph& g) { return documents::GlyphWidth(fonts, g, size); });
    float y = top;
    for (const auto& line : lines) {
        y -= size * 1.5f;
        documents::DrawGlyphs(page, fonts, line, x, y + size * 0.25f, size);
    }
    return y;
}

void Rule(HPDF_Page page, float y) {
    HPDF_Page_SetLineWidth(page, 1.2f);
    HPDF_Page_MoveTo(page, kMargin, y);
    HPDF_Page_LineTo(page, kPageWidth - kMargin, y);
    HPDF_Page_Stroke(page);
}

// One A4 portrait page with the embedded CJK font, ready to draw on.
struct PosterPage {
    documents::HpdfErrors errors;
    documents::DocPtr doc;
    PdfFonts fonts;
    HPDF_Page page = nullptr;
};

Status OpenPosterPage(PosterPage& out, const std::string& font_path, const char* title) {
    auto& errors = out.errors;
    out.doc = documents::DocPtr(HPDF_New(documents::OnHpdfError, &errors));
    auto& doc = out.doc;
    if (!doc) return Internal("HPDF_New failed");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(font_path, ec)) {
        return Fail(documents::FontMissing(font_path, "no such file"));
    }
    HPDF_SetCompressionMode(doc.get(), HPDF_COMP_ALL);
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_CREATOR, "SafeGrid");
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_TITLE, title);
    const char* font_name = documents::LoadFont(doc.get(), font_path);
    if (font_name == nullptr || errors.count > 0) {
        return Fail(documents::FontMissing(font_path, "libharu cannot load it as TrueType (error " +
                                                          std::to_string(errors.error) + "/" +
                                                          std::to_string(errors.detail) + ")"));
    }
    out.fonts = documents::GetFonts(doc.get(), font_name);
    out.page = HPDF_AddPage(doc.get());
    if (!out.fonts.cjk || !out.fonts.latin || out.page == nullptr || errors.count > 0) {
        return Fail(documents::PdfFailed("libharu setup error " + std::to_string(errors.error) + "/" +
                                         std::to_string(errors.detail)));
    }
    HPDF_Page_SetSize(out.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    return {};
}

// The top of every poster: the heading, the call to scan, the place or session named, the QR code
// and its link typed out for a phone that cannot scan. Returns where the page continues.
float DrawHead(HPDF_Page page, const PdfFonts& fonts, const char* heading, const char* call, const std::string& name,
               size_t name_max, const std::string& detail, const platform::QrMatrix& qr, const std::string& url) {
    float y = kPageHeight - 44;
    y = Centred(page, fonts, heading, y, 44, 1.3f);
    y = Centred(page, fonts, call, y, 32, 1.35f);
    y -= 6;
    Rule(page, y);
    y = Centred(page, fonts, name, y - 4, 22, 1.45f, name_max);
    if (!detail.empty()) y = Centred(page, fonts, detail, y, 13, 1.4f, 120);
    y -= 8;
    documents::DrawQr(page, qr, (kPageWidth - kQrSide) / 2, y - kQrSide, kQrSide);
    y -= kQrSide;
    y = Centred(page, fonts, "扫不了码？在手机浏览器中输入：", y, 11, 1.5f);
    y = Centred(page, fonts, url, y, 12, 1.4f);
    y -= 8;
    Rule(page, y);
    return y;
}

// The bottom of every poster: the hotlines and the office that issued it.
void DrawFoot(HPDF_Page page, const PdfFonts& fonts, float y, const std::string& issuing_office) {
    Centred(page, fonts, "火灾报警：119　　安全生产举报投诉：12350", y, 14, 1.6f);
    if (issuing_office.empty()) return;
    const auto foot = documents::ToGlyphs(issuing_office + "　制", 80);
    const auto w = static_cast<float>(documents::GlyphsWidth(fonts, foot, 11));
    documents::DrawGlyphs(page, fonts, foot, (kPageWidth - w) / 2, 36, 11);
}

}  // namespace

Result<std::string> RenderReportPoster(const PosterData& data) {
    SG_ASSIGN_OR_RETURN(const platform::QrMatrix qr, platform::EncodeQr(data.url));
    PosterPage p;
    SG_TRY(OpenPosterPage(p, data.font_path, "Report poster"));
    const PdfFonts& fonts = p.fonts;
    HPDF_Page page = p.page;

    float y = DrawHead(page, fonts, "查找身边隐患", "扫码举报",
                       data.place_name.empty() ? std::string("（未命名地点）") : data.place_name, 60, data.place_detail,
                       qr, data.url);
    y = Left(page, fonts, "发现下列隐患，请随手拍照举报：", y - 4, 13);
    for (const char* item :
         {"· 安全出口、疏散通道、消防车通道被堵塞或锁闭", "· 电动自行车在楼道、室内停放充电",
          "· 厂房、仓库、商铺里住人（“三合一”），私拉乱接电线", "· 违规动火、灭火器缺失或过期，其他安全隐患"}) {
        y = Left(page, fonts, item, y, 12, 12);
    }
    y = Left(page, fonts, "提交后会得到一个查询码，凭码可随时查看处理进度。可留下联系方式以便回访，也可以匿名举报。",
             y - 2, 12);
    y -= 6;
    DrawFoot(page, fonts, y, data.issuing_office);
    return documents::FinishDocument(p.doc.get(), p.errors, fonts.cjk, data.font_path);
}

Result<std::string> RenderSigninPoster(const SigninPosterData& data) {
    SG_ASSIGN_OR_RETURN(const platform::QrMatrix qr, platform::EncodeQr(data.url));
    PosterPage p;
    SG_TRY(OpenPosterPage(p, data.font_path, "Training sign-in poster"));
    const PdfFonts& fonts = p.fonts;
    HPDF_Page page = p.page;

    float y = DrawHead(page, fonts, "培训签到", "扫码签到", data.title, 80, data.detail, qr, data.url);
    y = Left(page, fonts, "用手机扫码，填写姓名、手机号，选择所在企业，即完成签到：", y - 4, 13);
    for (const char* item : {"· 每个手机号每场培训签到一次，重复提交不会重复计数", "· 无需注册或登录",
                             "· 签到人数由工作人员计入本企业的培训出勤"}) {
        y = Left(page, fonts, item, y, 12, 12);
    }
    if (!data.days.empty()) y = Left(page, fonts, data.days, y - 2, 12);
    y -= 6;
    DrawFoot(page, fonts, y, data.issuing_office);
    return documents::FinishDocument(p.doc.get(), p.errors, fonts.cjk, data.font_path);
}

}  // namespace safegrid::services
