#include "services/documents/notice_pdf.hpp"

#include <hpdf.h>

#include <filesystem>
#include <memory>

#include "core/hazard/deadline.hpp"
#include "platform/qr_code.hpp"
#include "services/documents/pdf_doc.hpp"
#include "services/documents/pdf_text.hpp"

namespace safegrid::services {
namespace {

using documents::Glyph;

constexpr float kPageWidth = 595.276f;  // A4 in points
constexpr float kPageHeight = 841.89f;
constexpr float kMarginX = 64;
constexpr float kMarginTop = 64;
constexpr float kMarginBottom = 72;  // leaves room for the footer
constexpr float kBody = 12;

using documents::DocPtr;
using documents::FontMissing;
using documents::HpdfErrors;
using documents::LoadFont;
using documents::OnHpdfError;
using documents::PdfFailed;

// A finding's QR code (its link), beside the finding at the right margin: 21 mm with the quiet zone,
// modules of about 0.6 mm for a hazard link, which a phone reads from a hand-held sheet.
constexpr float kFindingQr = 60;

enum class Face { kSong, kHei };
enum class Align { kLeft, kCenter, kRight };

struct Style {
    float size = kBody;
    Face face = Face::kSong;
    Align align = Align::kLeft;
    float indent = 0;        // left indent of every line
    float first_indent = 0;  // extra indent of the first line (negative: hanging)
    float right_indent = 0;  // room kept free at the right margin (a QR code beside the text)
    float leading = 1.55f;   // line height / font size
};

// Lays text out top to bottom, adding pages as needed.
class Writer {
  public:
    // `font_name` is LoadFont's answer. The one font serves both faces: headings differ by size.
    Writer(HPDF_Doc doc, const char* font_name) : doc_(doc) {
        HPDF_UseCNSEncodings(doc_);
        song_ = hei_ = HPDF_GetFont(doc_, font_name, "GBK-EUC-H");
        latin_ = latin_bold_ = HPDF_GetFont(doc_, font_name, "WinAnsiEncoding");
        NewPage();
    }

    // The embedded font (both faces and the Latin font share its definition).
    [[nodiscard]] HPDF_Font EmbeddedFont() const { return song_; }

    [[nodiscard]] bool Ready() const { return song_ && hei_ && latin_ && latin_bold_ && !pages_.empty(); }

    void Paragraph(std::string_view utf8, const Style& st) {
        const std::vector<Glyph> glyphs = documents::ToGlyphs(utf8);
        const float avail = kPageWidth - 2 * kMarginX - st.indent - st.right_indent;
        auto width = [&](const Glyph& g) { return Width(g, st); };
        const auto lines = documents::WrapGlyphs(glyphs, std::max(avail, 4 * st.size), width,
                                                 std::max(avail - st.first_indent, 4 * st.size));
        const float line_height = st.size * st.leading;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (y_ - line_height < kMarginBottom) NewPage();
            y_ -= line_height;
            float line_width = 0;
            for (const Glyph& g : lines[i]) line_width += static_cast<float>(width(g));
            float x = kMarginX + st.indent + (i == 0 ? st.first_indent : 0);
            if (st.align == Align::kCenter) x = (kPageWidth - line_width) / 2;
            if (st.align == Align::kRight) x = kPageWidth - kMarginX - st.right_indent - line_width;
            DrawLine(lines[i], x, y_ + st.size * (st.leading - 1) / 2, st);
        }
    }

    void Space(float points) { y_ -= points; }

    // Where the next line goes, and on which page (to tell whether text flowed onto a new one).
    [[nodiscard]] float Y() const { return y_; }
    [[nodiscard]] size_t PageCount() const { return pages_.size(); }
    // Moves the pen down to `y` when it is above it (below a drawing that is taller than the text).
    void Below(float y) { y_ = std::min(y_, y); }

    // Draws `qr` with its top right corner at the right margin and the pen's height.
    void QrAtRight(const platform::QrMatrix& qr, float side) {
        if (pages_.empty()) return;
        documents::DrawQr(pages_.back(), qr, kPageWidth - kMarginX - side, y_ - side, side);
    }

    // Keeps a block together when it fits on a fresh page but not on this one.
    void NeedRoom(float points) {
        if (y_ - points < kMarginBottom && kPageHeight - kMarginTop - points >= kMarginBottom) NewPage();
    }

    // "{notice number}  第 i 页 共 n 页" on every page, once the page count is known.
    void Footers(std::string_view notice_number) {
        const Style st{.size = 9, .align = Align::kCenter};
        for (size_t i = 0; i < pages_.size(); ++i) {
            const std::string text = std::string(notice_number) + "　第 " + std::to_string(i + 1) + " 页 共 " +
                                     std::to_string(pages_.size()) + " 页";
            const auto lines = documents::WrapGlyphs(documents::ToGlyphs(text, 200), 1e9,
                                                     [&](const Glyph& g) { return Width(g, st); });
            float w = 0;
            for (const Glyph& g : lines[0]) w += static_cast<float>(Width(g, st));
            DrawLine(lines[0], (kPageWidth - w) / 2, 40, st, pages_[i]);
        }
    }

  private:
    HPDF_Font CjkFont(const Style& st) const { return st.face == Face::kHei ? hei_ : song_; }
    HPDF_Font LatinFont(const Style& st) const { return st.face == Face::kHei ? latin_bold_ : latin_; }

    double Width(const Glyph& g, const Style& st) const {
        HPDF_Font font = g.ascii ? LatinFont(st) : CjkFont(st);
        const HPDF_TextWidth tw =
            HPDF_Font_TextWidth(font, reinterpret_cast<const HPDF_BYTE*>(g.bytes.data()), g.bytes.size());
        return tw.width * st.size / 1000.0;
    }

    void NewPage() {
        HPDF_Page page = HPDF_AddPage(doc_);
        if (page == nullptr) return;
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        pages_.push_back(page);
        y_ = kPageHeight - kMarginTop;
    }

    // Draws runs of same-font glyphs one after another; ShowText advances the pen.
    void DrawLine(const std::vector<Glyph>& line, float x, float y, const Style& st, HPDF_Page page = nullptr) {
        if (page == nullptr) page = pages_.empty() ? nullptr : pages_.back();
        if (page == nullptr || line.empty()) return;
        HPDF_Page_BeginText(page);
        HPDF_Page_MoveTextPos(page, x, y);
        size_t i = 0;
        while (i < line.size()) {
            const bool ascii = line[i].ascii;
            std::string run;
            while (i < line.size() && line[i].ascii == ascii) run += line[i++].bytes;
            HPDF_Page_SetFontAndSize(page, ascii ? LatinFont(st) : CjkFont(st), st.size);
            HPDF_Page_ShowText(page, run.c_str());
        }
        HPDF_Page_EndText(page);
    }

    HPDF_Doc doc_;
    HPDF_Font song_ = nullptr, hei_ = nullptr, latin_ = nullptr, latin_bold_ = nullptr;
    std::vector<HPDF_Page> pages_;
    float y_ = kPageHeight - kMarginTop;
};

std::string HazardLink(const std::string& base_url, int64_t id) {
    std::string base = base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/hazards/" + std::to_string(id);
}

void WriteFindings(Writer& w, const NoticeData& d) {
    size_t majors = 0;
    for (const NoticeFinding& f : d.findings) majors += f.severity == Severity::kMajor;
    w.Space(6);
    w.Paragraph("一、存在的安全隐患（共 " + std::to_string(d.findings.size()) + " 项，其中重大事故隐患 " +
                    std::to_string(majors) + " 项）",
                {.size = 13, .face = Face::kHei});
    if (d.findings.empty()) {
        w.Paragraph("本次检查未列出需要整改的隐患。", {.first_indent = 2 * kBody});
        return;
    }
    for (size_t i = 0; i < d.findings.size(); ++i) {
        const NoticeFinding& f = d.findings[i];
        // With a public URL each finding carries its link as a QR code at the right margin; the
        // text beside it keeps clear of it. A bare path (no public URL) is no use to a phone camera.
        std::optional<platform::QrMatrix> qr;
        if (f.hazard_id && !d.base_url.empty()) {
            if (auto m = platform::EncodeQr(HazardLink(d.base_url, *f.hazard_id))) qr = std::move(*m);
        }
        const float beside = qr ? kFindingQr : 0;
        const Style detail{.size = 10.5f, .indent = 2 * kBody, .right_indent = beside, .leading = 1.45f};
        w.NeedRoom(std::max(kBody * 1.55f * 3, beside + 4));
        const float top = w.Y();
        const size_t page = w.PageCount();
        if (qr) w.QrAtRight(*qr, kFindingQr);
        const std::string grade = f.severity == Severity::kMajor ? "【重大事故隐患】" : "【一般隐患】";
        const std::string number = std::to_string(i + 1) + ". ";
        w.Paragraph(number + grade + (f.text.empty() ? std::string("（未填写隐患描述）") : f.text),
                    {.indent = 2 * kBody, .first_indent = -2 * kBody, .right_indent = beside});
        std::string basis = f.legal_basis;
        if (!f.article.empty() && basis.find(f.article) == std::string::npos)
            basis += (basis.empty() ? "" : " ") + f.article;
        if (!basis.empty()) w.Paragraph("依据：" + basis, detail);
        if (!f.major_reason.empty()) w.Paragraph("判定：" + f.major_reason, detail);
        std::string state;
        if (f.status) state = "当前状态：" + std::string(HazardStatusLabelZh(*f.status));
        if (f.due_at)
            state += (state.empty() ? "" : "　") + std::string("整改期限：") + FormatLocalDate(*f.due_at, d.zone);
        if (!state.empty()) w.Paragraph(state, detail);
        if (f.hazard_id) w.Paragraph("在线办理：" + HazardLink(d.base_url, *f.hazard_id), detail);
        // The next finding starts below the code when the text beside it was shorter.
        if (qr && w.PageCount() == page) w.Below(top - kFindingQr - 2);
    }
}

void WriteNotice(Writer& w, const NoticeData& d) {
    const std::string office = d.issuing_office.empty() ? std::string("安全生产监督管理机构") : d.issuing_office;
    const std::string due = FormatLocalDate(d.due_at, d.zone);
    w.Paragraph(office, {.size = 15, .face = Face::kHei, .align = Align::kCenter});
    w.Paragraph("安全隐患整改通知书", {.size = 22, .face = Face::kHei, .align = Align::kCenter, .leading = 1.8f});
    w.Paragraph(d.notice_number, {.align = Align::kRight});
    w.Space(8);
    w.Paragraph((d.enterprise_name.empty() ? std::string("被检查单位") : d.enterprise_name) + "：", {});
    bool any_major = false;
    for (const NoticeFinding& f : d.findings) any_major = any_major || f.severity == Severity::kMajor;
    std::string body = "经检查，你单位存在下列安全隐患。现通知你单位于" + due +
                       "前整改完毕，并将整改情况（附整改后照片）在线提交或报送" + office +
                       "复查。逾期未整改或整改不到位的，将依法依规处理。";
    if (any_major) {
        body +=
            "其中重大事故隐患，应当由你单位主要负责人组织制定并实施治理方案，治理期间落实防范措施，必要时停产停业整改"
            "。";
    }
    w.Paragraph(body, {.first_indent = 2 * kBody});
    w.Space(4);
    const Style info{.size = 11, .indent = 2 * kBody, .leading = 1.5f};
    w.Paragraph("单位名称：" + d.enterprise_name, info);
    w.Paragraph("统一社会信用代码：" + d.credit_code, info);
    w.Paragraph("单位地址：" + d.enterprise_address, info);
    WriteFindings(w, d);
    w.Space(6);
    w.NeedRoom(kBody * 1.55f * 4);
    w.Paragraph("二、整改要求", {.size = 13, .face = Face::kHei});
    w.Paragraph("1. 请于" + due + "前完成全部整改。", {.indent = 2 * kBody, .first_indent = -2 * kBody});
    w.Paragraph(
        "2. 整改完成后，请逐项在线提交整改说明和整改后照片，等待复查销号；整改完成前，须落实临时防范措施，确保安全。",
        {.indent = 2 * kBody, .first_indent = -2 * kBody});
    w.Space(18);
    w.NeedRoom(kBody * 1.55f * 9);
    if (!d.inspectors.empty()) w.Paragraph("检查人员：" + d.inspectors, {.size = 11});
    // Signed on paper: the inspector who hands it over and the enterprise's responsible person.
    const Style sign{.size = 11, .leading = 2.2f};
    w.Paragraph("检查人员签名：________________　　日期：______年____月____日", sign);
    w.Paragraph("被检查单位负责人签收：________________　　日期：______年____月____日", sign);
    w.Space(12);
    w.Paragraph(office + "（盖章）", {.align = Align::kRight});
    w.Paragraph(FormatLocalDate(d.issued_at, d.zone), {.align = Align::kRight});
}

}  // namespace

std::string FormatNoticeNumber(std::string_view prefix, int year, int64_t sequence) {
    std::string seq = std::to_string(sequence < 0 ? 0 : sequence);
    if (seq.size() < 4) seq.insert(0, 4 - seq.size(), '0');
    return std::string(prefix) + "〔" + std::to_string(year) + "〕第" + seq + "号";
}

Status CheckNoticeFont(const std::string& font_path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(font_path, ec)) return Fail(FontMissing(font_path, "no such file"));
    HpdfErrors errors;
    DocPtr doc(HPDF_New(OnHpdfError, &errors));
    if (!doc) return Internal("HPDF_New failed");
    if (LoadFont(doc.get(), font_path) == nullptr || errors.count > 0) {
        return Fail(FontMissing(font_path, "libharu cannot load it as TrueType (error " + std::to_string(errors.error) +
                                               "/" + std::to_string(errors.detail) + ")"));
    }
    return {};
}

Result<std::string> RenderRectificationNotice(const NoticeData& data) {
    HpdfErrors errors;
    DocPtr doc(HPDF_New(OnHpdfError, &errors));
    if (!doc) return Internal("HPDF_New failed");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(data.font_path, ec)) return Fail(FontMissing(data.font_path, "no such file"));
    HPDF_SetCompressionMode(doc.get(), HPDF_COMP_ALL);
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_CREATOR, "SafeGrid");
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_TITLE, "Rectification notice");

    const char* font_name = LoadFont(doc.get(), data.font_path);
    if (font_name == nullptr || errors.count > 0) {
        return Fail(FontMissing(data.font_path, "libharu cannot load it as TrueType (error " +
                                                    std::to_string(errors.error) + "/" + std::to_string(errors.detail) +
                                                    ")"));
    }
    Writer writer(doc.get(), font_name);
    if (!writer.Ready() || errors.count > 0) {
        return Fail(
            PdfFailed("libharu setup error " + std::to_string(errors.error) + "/" + std::to_string(errors.detail)));
    }
    WriteNotice(writer, data);
    writer.Footers(data.notice_number);

    return documents::FinishDocument(doc.get(), errors, writer.EmbeddedFont(), data.font_path);
}

}  // namespace safegrid::services
