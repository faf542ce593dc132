#include "core/checklist/standards.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "core/text/trim.hpp"
#include "core/text/utf8.hpp"
#include "core/time.hpp"

namespace safegrid::checklist {
namespace {

struct IdCategory {
    std::string_view id;
    Category category;
};

// 部令10号 industry items that have a better home than "other" (see the map in standards.hpp).
constexpr IdCategory kMem10Overrides[] = {
    {"MEM10-A04-01", Category::kBuilding},       {"MEM10-A05-01", Category::kBuilding},
    {"MEM10-A07-01", Category::kBuilding},       {"MEM10-A04-06", Category::kChemicals},
    {"MEM10-A04-07", Category::kChemicals},      {"MEM10-A04-08", Category::kChemicals},
    {"MEM10-A05-11", Category::kChemicals},      {"MEM10-A05-12", Category::kChemicals},
    {"MEM10-A05-13", Category::kChemicals},      {"MEM10-A06-03", Category::kChemicals},
    {"MEM10-A06-05", Category::kChemicals},      {"MEM10-A06-06", Category::kChemicals},
    {"MEM10-A07-05", Category::kChemicals},      {"MEM10-A07-06", Category::kChemicals},
    {"MEM10-A07-07", Category::kChemicals},      {"MEM10-A08-02", Category::kChemicals},
    {"MEM10-A08-03", Category::kChemicals},      {"MEM10-A08-04", Category::kChemicals},
    {"MEM10-A08-06", Category::kChemicals},      {"MEM10-A09-02", Category::kChemicals},
    {"MEM10-A10-01", Category::kChemicals},      {"MEM10-A10-02", Category::kChemicals},
    {"MEM10-A06-01", Category::kDust},           {"MEM10-A08-07", Category::kStorage},
    {"MEM10-A09-01", Category::kFireSeparation},
};

constexpr IdCategory kFireOverrides[] = {
    {"FS-EVA-06", Category::kExits},          {"FS-EVA-09", Category::kExits}, {"FS-BLD-03", Category::kFireSeparation},
    {"FS-FIR-05", Category::kFireSeparation}, {"FS-BLD-05", Category::kEBike}, {"FS-STO-02", Category::kChemicals},
    {"FS-STO-03", Category::kChemicals},
};

struct FireCategoryInfo {
    std::string_view source;
    Category category;
    std::string_view section_zh;
};
constexpr FireCategoryInfo kFireCategories[] = {
    {"management", Category::kManagement, "消防安全管理"},
    {"training", Category::kTraining, "教育培训与演练"},
    {"evacuation", Category::kEvacuation, "安全疏散"},
    {"three_in_one", Category::kThreeInOne, "“三合一”场所"},
    {"electrical", Category::kElectrical, "电气防火"},
    {"fire_use", Category::kHotWork, "用火安全"},
    {"extinguishing", Category::kExtinguisher, "消防设施器材"},
    {"building", Category::kBuilding, "建筑防火"},
    {"storage", Category::kStorage, "物品储存"},
    {"alarms", Category::kAlarms, "火灾报警"},
    {"fire_lane", Category::kFireLane, "消防车道与水源"},
};

// Instruments we can date, each at its current edition (see the report for provenance).
struct DatedInstrument {
    std::string_view pattern;
    std::string_view effective;
};
constexpr DatedInstrument kDatedInstruments[] = {
    {"部令10号", "2023-05-15"}, {"应急管理部令第10号", "2023-05-15"}, {"安全生产法", "2021-09-01"},
    {"消防法", "2021-04-29"},   {"公安部令第61号", "2002-05-01"},     {"应急管理部令第5号", "2021-08-01"},
    {"GB 50016", "2018-10-01"}, {"GB 55037", "2023-06-01"},           {"GB 35181", "2025-11-01"},
};

tl::unexpected<Error> DataError(std::string internal) {
    return Fail(Error{Code::kMalformed,
                      "checklist_data_invalid",
                      {"检查表数据有误", "The checklist data is invalid"},
                      {},
                      std::move(internal)});
}

bool IsIsoDate(std::string_view s) { return s.size() == 10 && ParseRfc3339(s).has_value(); }

bool IsAsciiNumber(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

bool IsBlankBasis(std::string_view s) {
    return s.empty() || s == "—" || s == "-" || s == "--" || s == "——" || s == "/";
}

// Parses "MEM10-A03-01" into (3, 1); (0, 0) when the id has another shape.
std::pair<int, int> Mem10Numbers(std::string_view id) {
    if (id.size() != 12 || id.substr(0, 7) != "MEM10-A" || id[9] != '-') return {0, 0};
    auto two = [](std::string_view s) {
        if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return 0;
        return (s[0] - '0') * 10 + (s[1] - '0');
    };
    return {two(id.substr(7, 2)), two(id.substr(10, 2))};
}

// Length in bytes of the UTF-8 sequence starting at s[i] (1 for stray bytes).
size_t CharLen(std::string_view s, size_t i) {
    size_t len = 1;
    (void)DecodeUtf8(s, i, len);  // the one UTF-8 rule (core/text); len is 1 for an invalid byte
    return len;
}

std::string FindChineseArticle(std::string_view c) {
    static constexpr std::string_view kNumerals[] = {"〇", "一", "二", "三", "四", "五", "六",
                                                     "七", "八", "九", "十", "百", "千", "、"};
    for (size_t pos = c.find("第"); pos != std::string_view::npos; pos = c.find("第", pos + 1)) {
        size_t i = pos + std::string_view("第").size();
        const size_t digits_start = i;
        while (i < c.size()) {
            if ((c[i] >= '0' && c[i] <= '9') || c[i] == '-') {
                ++i;
                continue;
            }
            const size_t n = CharLen(c, i);
            if (std::find(std::begin(kNumerals), std::end(kNumerals), c.substr(i, n)) == std::end(kNumerals)) break;
            i += n;
        }
        if (i == digits_start || c.substr(i, 3) != "条") continue;
        i += 3;
        // An optional item: 第（一）项 / 第(一)项.
        if (c.substr(i, 3) == "第") {
            const size_t end = c.find("项", i);
            if (end != std::string_view::npos && end - i <= 24) i = end + 3;
        }
        return std::string(c.substr(pos, i - pos));
    }
    return {};
}

// A Chinese numeral below 100 ("三", "十一", "二十三") or ASCII digits; 0 when it is neither.
int SmallNumber(std::string_view s) {
    static constexpr std::string_view kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (!s.empty() && IsAsciiNumber(s)) return std::stoi(std::string(s.substr(0, 6)));
    auto digit = [&](std::string_view d) {
        for (int i = 0; i < 10; ++i)
            if (kDigits[i] == d) return i;
        return -1;
    };
    constexpr std::string_view kTen = "十";
    const size_t ten = s.find(kTen);
    if (ten == std::string_view::npos) return s.size() == 3 ? std::max(0, digit(s)) : 0;
    const int tens = ten == 0 ? 1 : digit(s.substr(0, ten));
    const std::string_view rest = s.substr(ten + kTen.size());
    const int ones = rest.empty() ? 0 : digit(rest);
    if (tens < 0 || ones < 0 || (ten != 0 && ten != 3) || rest.size() > 3) return 0;
    return tens * 10 + ones;
}

// "第三条第（一）项" → (3, 1); "第26条" → (26, 0); (0, 0) when it has another shape.
std::pair<int, int> ArticleNumbers(std::string_view article) {
    constexpr std::string_view kDi = "第", kTiao = "条";
    if (article.substr(0, 3) != kDi) return {0, 0};
    const size_t tiao = article.find(kTiao);
    if (tiao == std::string_view::npos) return {0, 0};
    const int art = SmallNumber(article.substr(3, tiao - 3));
    std::string_view rest = article.substr(tiao + kTiao.size());
    int clause = 0;
    constexpr std::pair<std::string_view, std::string_view> kBrackets[] = {{"第（", "）"}, {"第(", ")"}};
    for (const auto& [open, close_mark] : kBrackets) {
        if (rest.substr(0, open.size()) != open) continue;
        const size_t close = rest.find(close_mark, open.size());
        if (close != std::string_view::npos) clause = SmallNumber(rest.substr(open.size(), close - open.size()));
    }
    return {art, clause};
}

bool IsAlnum(char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); }
bool IsDigit(char ch) { return ch >= '0' && ch <= '9'; }

// A clause number at c[i]: [A-Z]?digits(.digits)+ with an optional "(x)"; returns its length or 0.
size_t ClauseAt(std::string_view c, size_t i) {
    if (i > 0 && (IsAlnum(c[i - 1]) || c[i - 1] == '-' || c[i - 1] == '.')) return 0;
    size_t j = i;
    int groups = 0;
    if (j + 1 < c.size() && c[j] >= 'A' && c[j] <= 'Z' && c[j + 1] == '.') {  // annex clause "A.1.4"
        j += 2;
        ++groups;
    }
    while (true) {
        const size_t start = j;
        while (j < c.size() && IsDigit(c[j])) ++j;
        if (j == start) return 0;
        ++groups;
        if (j + 1 < c.size() && c[j] == '.' && IsDigit(c[j + 1])) {
            ++j;
            continue;
        }
        break;
    }
    if (groups < 2) return 0;
    if (j + 2 < c.size() && c[j] == '(' && c[j + 1] >= 'a' && c[j + 1] <= 'z' && c[j + 2] == ')') j += 3;
    return j - i;
}

std::string FindClause(std::string_view c) {
    for (size_t i = 0; i < c.size(); ++i) {
        size_t len = ClauseAt(c, i);
        if (len == 0) continue;
        // Clauses listed together: "3.3.5、3.3.9".
        while (c.substr(i + len, 3) == "、") {
            const size_t more = ClauseAt(c, i + len + 3);
            if (more == 0) break;
            len += 3 + more;
        }
        return std::string(c.substr(i, len));
    }
    return {};
}

std::vector<std::string_view> SplitCitations(std::string_view basis) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start <= basis.size()) {
        size_t cut = basis.find("；", start);
        size_t sep = 3;
        const size_t ascii = basis.find(';', start);
        if (ascii < cut) {
            cut = ascii;
            sep = 1;
        }
        if (cut == std::string_view::npos) {
            out.push_back(basis.substr(start));
            break;
        }
        out.push_back(basis.substr(start, cut - start));
        start = cut + sep;
    }
    return out;
}

std::string TitleBeforeDash(const std::string& title, std::string_view fallback) {
    if (title.empty()) return std::string(fallback);
    std::string_view head = title;
    head = head.substr(0, head.find("—"));  // "…（应急管理部令第10号）— all 64 listed situations"
    head = TrimWhitespace(head);
    return head.empty() ? std::string(fallback) : std::string(head);
}

// Checks what every item must have, and that ids are unique within the file.
Status CheckSourceItems(const SourceStandard& s, std::string_view file) {
    std::set<std::string> seen;
    for (const SourceItem& si : s.items) {
        if (si.id.empty()) return DataError(std::string(file) + ": an item has no id");
        if (si.text_zh.empty()) return DataError(std::string(file) + ": " + si.id + " has no text_zh");
        if (!seen.insert(si.id).second) return DataError(std::string(file) + ": duplicate id " + si.id);
        if (!FireSeverity(si.suggested_severity)) {
            return DataError(std::string(file) + ": " + si.id + " has unknown suggested_severity '" +
                             si.suggested_severity + "'");
        }
    }
    if (s.items.empty()) return DataError(std::string(file) + ": no items");
    return {};
}

Item CommonFields(const SourceItem& si) {
    Item item;
    item.id = si.id;
    item.text = si.text_zh;
    item.text_en = si.gloss_en;
    item.finding = si.finding_zh;
    item.finding_en = si.finding_en;
    item.source_severity = si.suggested_severity;
    item.legal_basis = IsBlankBasis(si.legal_basis) ? std::string(kNoSpecificBasis) : si.legal_basis;
    item.relevance = si.relevance;
    item.note = si.note;
    item.from_general_knowledge = si.provenance_type == "general_knowledge";
    return item;
}

Result<Template> BuildMem10(const SourceStandard& s) {
    SG_TRY(CheckSourceItems(s, "mem10"));
    if (!IsIsoDate(s.effective)) return DataError("mem10: bad effective date '" + s.effective + "'");
    Template t;
    t.id = std::string(kMem10TemplateId);
    t.title_zh = TitleBeforeDash(s.title, "工贸企业重大事故隐患判定标准（应急管理部令第10号）");
    t.title_en = s.title_en;
    t.effective_date = s.effective;
    for (const SourceItem& si : s.items) {
        Item item = CommonFields(si);
        // The order lists situations, not questions: the text states the finding.
        if (item.finding.empty()) item.finding = item.text;
        if (item.finding_en.empty()) item.finding_en = item.text_en;
        item.category = Mem10Category(si.id);
        item.source_category = si.industry;
        item.section = si.industry.empty() ? std::string("general") : si.industry;
        // Every situation the order lists IS a major accident hazard (Art. 1 and each article's
        // "判定为重大事故隐患"), whatever the file suggests.
        item.severity = Severity::kMajor;
        item.article = si.article.empty() ? ExtractArticle(si.legal_basis) : si.article;
        item.effective_date = s.effective;
        item.major_reason = Mem10MajorReason(si.id, item.article);
        const bool new_section = std::none_of(t.sections.begin(), t.sections.end(),
                                              [&](const Section& sec) { return sec.id == item.section; });
        if (new_section) t.sections.push_back({item.section, si.industry_zh.empty() ? item.section : si.industry_zh});
        t.items.push_back(std::move(item));
    }
    return t;
}

// Why a fire item is major, in the words of the instrument that says so: 部令10号 cites its article
// in the standard's own form; GB 35181 determines a 重大火灾隐患; anything else quotes the basis.
Text FireMajorReason(const std::string& legal_basis) {
    for (std::string_view mark : {"应急管理部令第10号", "部令10号"}) {
        const size_t at = legal_basis.find(mark);
        if (at == std::string::npos) continue;
        const std::string article = FindChineseArticle(std::string_view(legal_basis).substr(at + mark.size()));
        if (!article.empty()) return Mem10MajorReason("", article);
    }
    if (legal_basis.find("GB 35181") != std::string::npos) {
        return Text{"依据" + legal_basis + "，判定为重大火灾隐患",
                    "Determined a major fire hazard under " + legal_basis};
    }
    return Text{"依据" + legal_basis + "，判定为重大事故隐患",
                "Determined a major accident hazard under " + legal_basis};
}

std::string_view FireSectionTitle(std::string_view source_category) {
    for (const FireCategoryInfo& info : kFireCategories)
        if (info.source == source_category) return info.section_zh;
    return source_category.empty() ? std::string_view("其他") : source_category;
}

// Every fire item is a question; a failed one must open a hazard that says what is wrong.
Status CheckFireFindings(const SourceStandard& s) {
    for (const SourceItem& si : s.items) {
        if (TrimWhitespace(si.finding_zh).empty()) return DataError("fire: " + si.id + " has no finding_zh");
        if (TrimWhitespace(si.finding_en).empty()) return DataError("fire: " + si.id + " has no finding_en");
    }
    return {};
}

Result<Template> BuildFire(const SourceStandard& s) {
    SG_TRY(CheckSourceItems(s, "fire"));
    SG_TRY(CheckFireFindings(s));
    Template t;
    t.id = std::string(kFireTemplateId);
    t.title_zh = s.title.empty() ? std::string("小微生产加工场所消防安全检查") : s.title;
    t.title_en = s.title_en;
    t.effective_date = std::string(kFireTemplateEffectiveDate);
    for (const SourceItem& si : s.items) {
        Item item = CommonFields(si);
        item.category = FireCategory(si.id, si.category);
        item.source_category = si.category;
        item.section = si.category.empty() ? std::string("other") : si.category;
        item.severity = *FireSeverity(si.suggested_severity);
        item.article = ExtractArticle(si.legal_basis);
        if (auto date = InstrumentEffectiveDate(si.legal_basis)) {
            item.effective_date = *date;
        } else {
            item.effective_date = t.effective_date;
            item.effective_date_inherited = true;
        }
        if (item.severity == Severity::kMajor) item.major_reason = FireMajorReason(item.legal_basis);
        const bool new_section = std::none_of(t.sections.begin(), t.sections.end(),
                                              [&](const Section& sec) { return sec.id == item.section; });
        if (new_section) t.sections.push_back({item.section, std::string(FireSectionTitle(item.section))});
        t.items.push_back(std::move(item));
    }
    return t;
}

// The 三合一 campaign sheet: the live-work rules first, then the escape routes they depend on.
Template BuildThreeInOne(const Template& fire) {
    Template t;
    t.id = std::string(kThreeInOneTemplateId);
    t.title_zh = "三合一场所专项检查";
    t.title_en = "Special inspection of '3-in-1' (live-work) premises";
    t.effective_date = fire.effective_date;
    for (std::string_view wanted : {"three_in_one", "evacuation"}) {
        bool any = false;
        for (const Item& item : fire.items) {
            if (item.source_category != wanted) continue;
            t.items.push_back(item);
            any = true;
        }
        if (any) t.sections.push_back({std::string(wanted), std::string(FireSectionTitle(wanted))});
    }
    return t;
}

}  // namespace

Category Mem10Category(std::string_view item_id) {
    for (const IdCategory& o : kMem10Overrides)
        if (o.id == item_id) return o.category;
    switch (Mem10Numbers(item_id).first) {
        case 3:
            return Category::kManagement;
        case 11:
            return Category::kDust;
        case 12:
            return Category::kChemicals;
        default:
            return Category::kOther;  // 13 confined spaces; 4–10 process-specific items
    }
}

Category FireCategory(std::string_view item_id, std::string_view source_category) {
    for (const IdCategory& o : kFireOverrides)
        if (o.id == item_id) return o.category;
    for (const FireCategoryInfo& info : kFireCategories)
        if (info.source == source_category) return info.category;
    return ParseCategory(source_category).value_or(Category::kOther);
}

std::optional<Severity> FireSeverity(std::string_view suggested_severity) {
    if (suggested_severity == "major") return Severity::kMajor;
    if (suggested_severity == "high" || suggested_severity == "general" || suggested_severity == "low")
        return Severity::kGeneral;
    return std::nullopt;
}

std::optional<std::string> InstrumentEffectiveDate(std::string_view legal_basis) {
    std::optional<std::string> latest;
    for (const DatedInstrument& d : kDatedInstruments) {
        if (legal_basis.find(d.pattern) == std::string_view::npos) continue;
        if (!latest || *latest < d.effective) latest = std::string(d.effective);
    }
    return latest;
}

std::string ExtractArticle(std::string_view legal_basis) {
    const std::vector<std::string_view> citations = SplitCitations(legal_basis);
    // The first citation that names an article or clause wins, so the article belongs to the
    // first instrument that has one ("GB 55037-2022 3.4.5；公安部令第61号 第26条" → "3.4.5").
    for (std::string_view c : citations) {
        if (std::string a = FindChineseArticle(c); !a.empty()) return a;
        if (std::string a = FindClause(c); !a.empty()) return a;
    }
    return {};
}

Text Mem10MajorReason(std::string_view item_id, std::string_view article) {
    auto [art, clause] = Mem10Numbers(item_id);
    if (art == 0) std::tie(art, clause) = ArticleNumbers(article);
    std::string en_article = art == 0      ? std::string(article)
                             : clause == 0 ? "Art. " + std::to_string(art)
                                           : "Art. " + std::to_string(art) + "(" + std::to_string(clause) + ")";
    return Text{"依据《工贸企业重大事故隐患判定标准》" + std::string(article) + "，判定为重大事故隐患",
                "Determined a major accident hazard under " + en_article +
                    " of the Criteria for Determining Major Accident Hazards in Industry and Trade Enterprises "
                    "(MEM Order No. 10, 2023)"};
}

Result<std::vector<Template>> BuildChecklistTemplates(const SourceStandard& mem10, const SourceStandard& fire) {
    SG_ASSIGN_OR_RETURN(Template m, BuildMem10(mem10));
    SG_ASSIGN_OR_RETURN(Template f, BuildFire(fire));
    Template three = BuildThreeInOne(f);
    std::vector<Template> out;
    out.push_back(std::move(m));
    out.push_back(std::move(f));
    out.push_back(std::move(three));
    return out;
}

}  // namespace safegrid::checklist
