#include "services/documents/monthly_pdf.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <vector>

#include "core/report/monthly.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "services/documents/monthly_chart.hpp"
#include "services/documents/pdf_doc.hpp"
#include "services/documents/pdf_text.hpp"

namespace safegrid::services::documents {
namespace {

constexpr float kPageWidth = 595.276f;  // A4 in points
constexpr float kPageHeight = 841.89f;
constexpr float kMargin = 48;
constexpr float kRow = 17;      // table row height
constexpr float kCellSize = 9;  // table text
constexpr float kChartHeight = 190;

std::string StatusZh(const std::string& status) {
    if (status == "reported") return "待确认";
    if (status == "rectifying") return "整改中";
    if (status == "submitted") return "待验收";
    if (status == "closed") return "已销号";
    if (status == "rejected") return "不予受理";
    return status;
}

// The town's calendar day of an instant.
std::string Day(UnixSeconds t, const MonthlyReport& r) { return FormatLocalIsoDate(t, r.zone); }

// One document's pages and the cursor on the current one.
class Writer {
  public:
    Writer(HPDF_Doc doc, PdfFonts fonts) : doc_(doc), fonts_(fonts) { NewPage(); }

    void NewPage() {
        page_ = HPDF_AddPage(doc_);
        if (page_ != nullptr) HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        y_ = kPageHeight - kMargin;
    }
    // A new page unless `height` still fits above the bottom margin.
    void Need(float height) {
        if (y_ - height < kMargin) NewPage();
    }
    [[nodiscard]] HPDF_Page page() const { return page_; }
    [[nodiscard]] const PdfFonts& fonts() const { return fonts_; }
    [[nodiscard]] float y() const { return y_; }
    void Down(float h) { y_ -= h; }

    void Centred(const std::string& text, float size) {
        Need(size * 1.6f);
        y_ -= size * 1.5f;
        const auto glyphs = ToGlyphs(text, 120);
        const auto w = static_cast<float>(GlyphsWidth(fonts_, glyphs, size));
        DrawGlyphs(page_, fonts_, glyphs, (kPageWidth - w) / 2, y_, size);
    }
    void Heading(const std::string& text) {
        Need(60);  // a heading never ends a page alone
        y_ -= 22;
        DrawGlyphs(page_, fonts_, ToGlyphs(text, 80), kMargin, y_, 13);
        y_ -= 4;
    }
    void Paragraph(const std::string& text, float size = 10.5f) {
        const auto lines = WrapGlyphs(ToGlyphs(text, 2000), kPageWidth - 2 * kMargin,
                                      [&](const Glyph& g) { return GlyphWidth(fonts_, g, size); });
        for (const auto& line : lines) {
            Need(size * 1.6f);
            y_ -= size * 1.6f;
            DrawGlyphs(page_, fonts_, line, kMargin, y_ + size * 0.3f, size);
        }
    }
    // Columns' widths are shares of the text width; text longer than its cell is cut with "…".
    void Table(const std::vector<std::string>& header, const std::vector<float>& shares,
               const std::vector<std::vector<std::string>>& rows) {
        const float total = kPageWidth - 2 * kMargin;
        auto draw_row = [&](const std::vector<std::string>& cells, bool head) {
            Need(kRow);
            if (head) {
                HPDF_Page_SetGrayFill(page_, 0.9f);
                HPDF_Page_Rectangle(page_, kMargin, y_ - kRow, total, kRow);
                HPDF_Page_Fill(page_);
                HPDF_Page_SetGrayFill(page_, 0);
            }
            float x = kMargin;
            for (size_t i = 0; i < cells.size() && i < shares.size(); ++i) {
                const float w = total * shares[i];
                DrawGlyphs(page_, fonts_, Fit(cells[i], w - 6), x + 3, y_ - kRow + 5, kCellSize);
                x += w;
            }
            y_ -= kRow;
            HPDF_Page_SetLineWidth(page_, 0.4f);
            HPDF_Page_MoveTo(page_, kMargin, y_);
            HPDF_Page_LineTo(page_, kMargin + total, y_);
            HPDF_Page_Stroke(page_);
        };
        Need(2 * kRow);
        draw_row(header, true);
        for (const auto& row : rows) {
            if (y_ - kRow < kMargin) {
                NewPage();
                draw_row(header, true);  // the header again on the new page
            }
            draw_row(row, false);
        }
        if (rows.empty()) draw_row({"（无）"}, false);
        y_ -= 4;
    }

  private:
    std::vector<Glyph> Fit(const std::string& text, float width) const {
        auto glyphs = ToGlyphs(text, 200);
        if (GlyphsWidth(fonts_, glyphs, kCellSize) <= width) return glyphs;
        const auto ellipsis = ToGlyphs("…", 1);
        const double room = width - GlyphsWidth(fonts_, ellipsis, kCellSize);
        std::vector<Glyph> out;
        double used = 0;
        for (const auto& g : glyphs) {
            const double gw = GlyphWidth(fonts_, g, kCellSize);
            if (used + gw > room) break;
            used += gw;
            out.push_back(g);
        }
        out.insert(out.end(), ellipsis.begin(), ellipsis.end());
        return out;
    }

    HPDF_Doc doc_;
    PdfFonts fonts_;
    HPDF_Page page_ = nullptr;
    float y_ = 0;
};

std::string N(int64_t v) { return std::to_string(v); }

void Body(Writer& w, const MonthlyReport& r) {
    const bool town = r.region.kind == RegionKind::kTown;
    w.Centred(r.region.name + "安全生产月报 " + report::MonthLabelZh(r.period), 20);
    w.Centred("统计截至 " + r.as_of_day + "　　生成于 " + FormatRfc3339(r.generated_at).substr(0, 10), 10);
    w.Down(6);
    w.Paragraph(
        fmt::format("本月发现隐患 {} 处，整改销号 {} 处，月末逾期未整改 {} 处；本月发现重大隐患 {} 处，月末"
                    "重大隐患未销号 {} 处。",
                    r.found, r.closed, r.overdue, r.majors_found, r.majors_open));

    w.Heading(town ? "一、隐患排查治理（按村）" : "一、隐患排查治理（按网格）");
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : r.by_place) rows.push_back({p.name, N(p.found), N(p.closed), N(p.overdue)});
    rows.push_back({"合计", N(r.found), N(r.closed), N(r.overdue)});
    w.Table({town ? "村" : "网格", "本月发现", "本月销号", "月末逾期"}, {0.46f, 0.18f, 0.18f, 0.18f}, rows);

    w.Heading("二、重大隐患及挂牌督办");
    rows.clear();
    for (const auto& m : r.majors) {
        rows.push_back({m.enterprise_name.empty() ? m.title : m.enterprise_name + "：" + m.title, m.village_name,
                        StatusZh(m.status), Day(m.found_at, r),
                        m.listing_no ? "已挂牌 " + *m.listing_no : std::string("未挂牌")});
    }
    w.Table({"隐患", "村", "状态", "发现日期", "挂牌督办"}, {0.33f, 0.11f, 0.10f, 0.15f, 0.31f}, rows);

    w.Heading("三、专项整治");
    rows.clear();
    for (const auto& c : r.campaigns) {
        rows.push_back({c.recheck ? c.name + "（回头看）" : c.name, c.starts_on + "至" + c.ends_on,
                        N(c.progress.in_scope), N(c.progress.inspected), N(c.progress.hazards), N(c.progress.closed),
                        Percent(c.progress.Coverage())});
    }
    w.Table({"专项", "时间", "应查", "已查", "隐患", "销号", "覆盖率"},
            {0.30f, 0.24f, 0.09f, 0.09f, 0.09f, 0.09f, 0.10f}, rows);

    w.Heading("四、消防安全培训（近12个月）");
    w.Table({"企业数", "已培训企业", "覆盖率", "培训人次", "统计区间"}, {0.15f, 0.18f, 0.15f, 0.15f, 0.37f},
            {{N(r.training.enterprises), N(r.training.covered), Percent(r.training.Coverage()), N(r.training.people),
              r.training_after + " 之后至 " + r.as_of_day}});

    w.Heading("五、微型消防站器材");
    rows.clear();
    for (const auto& s : r.stations) {
        rows.push_back({s.name, N(s.missing), N(s.expiring), N(s.expired),
                        s.missing == 0 && s.expiring == 0 ? "完好" : "需补充或更换"});
    }
    w.Table({"消防站", "缺少器材项", "临期及过期", "其中已过期", "状态"}, {0.40f, 0.14f, 0.14f, 0.14f, 0.18f}, rows);

    w.Heading(town ? "六、各村考核排名" : "六、企业考核排名（前后各5名）");
    rows.clear();
    for (const auto& k : r.ranking) rows.push_back({N(k.rank), k.name, fmt::format("{:.1f}", k.score)});
    w.Table({"名次", town ? "村" : "企业", "得分"}, {0.15f, 0.60f, 0.25f}, rows);

    w.Heading("七、近12个月隐患趋势");
    w.Need(kChartHeight + 4);
    DrawTrendChart(w.page(), w.fonts(), r.trend, kMargin, w.y() - kChartHeight, kPageWidth - 2 * kMargin, kChartHeight);
}

}  // namespace

std::string Percent(double share) { return fmt::format("{:.1f}%", share * 100); }

Result<std::string> RenderMonthlyPdf(const MonthlyReport& report, const std::string& font_path) {
    HpdfErrors errors;
    DocPtr doc(HPDF_New(OnHpdfError, &errors));
    if (!doc) return Internal("HPDF_New failed");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(font_path, ec)) return Fail(FontMissing(font_path, "no such file"));
    HPDF_SetCompressionMode(doc.get(), HPDF_COMP_ALL);
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_CREATOR, "SafeGrid");
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_TITLE, ("Monthly report " + report.period.Text()).c_str());
    const char* font_name = LoadFont(doc.get(), font_path);
    if (font_name == nullptr || errors.count > 0) {
        return Fail(FontMissing(font_path, "libharu cannot load it as TrueType (error " + std::to_string(errors.error) +
                                               "/" + std::to_string(errors.detail) + ")"));
    }
    const PdfFonts fonts = GetFonts(doc.get(), font_name);
    if (!fonts.cjk || !fonts.latin || errors.count > 0) {
        return Fail(
            PdfFailed("libharu setup error " + std::to_string(errors.error) + "/" + std::to_string(errors.detail)));
    }
    Writer w(doc.get(), fonts);
    Body(w, report);
    return FinishDocument(doc.get(), errors, fonts.cjk, font_path);
}

}  // namespace safegrid::services::documents
