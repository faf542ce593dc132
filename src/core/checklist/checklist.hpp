// Checklist templates (检查表) and their items, as inspectors see them on the phone and as
// GET /api/v1/checklists returns them.
//
// Every item carries the instrument, the article and an effective date (DOMAIN.md §2.2: public
// systems still ship the repealed 2017 list; pinning the version on each item is how we avoid
// that). An item that the standard itself names a 重大事故隐患 carries `major_reason`, and a failed
// answer to it grades the resulting hazard major (GradeFailedItem).
//
// The templates are built from the shared standards files by core/checklist/standards.hpp (pure
// mapping rules) after services/checklist_loader has read and parsed the JSON.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/hazard/hazard.hpp"

namespace safegrid::checklist {

// The shared category list (also used for hazards' `category`). The standards' own categories
// are mapped onto it by standards.hpp; see the map there.
enum class Category : uint8_t {
    kEvacuation,      // 疏散通道、指示标志、应急照明
    kExits,           // 安全出口（门的开启方向、锁具）
    kThreeInOne,      // "三合一"住人场所
    kElectrical,      // 电气线路与用电
    kExtinguisher,    // 灭火器、消火栓等消防器材
    kFireSeparation,  // 防火分隔、防火间距
    kEBike,           // 电动自行车停放充电
    kStorage,         // 物品储存与堆垛
    kHotWork,         // 动火、用火、吸烟
    kChemicals,       // 危险化学品、可燃/有毒气体
    kDust,            // 可燃性粉尘
    kManagement,      // 安全管理、责任制、持证
    kBuilding,        // 建筑结构、材料、违章搭建
    kTraining,        // 教育培训与演练
    kAlarms,          // 火灾报警、探测
    kFireLane,        // 消防车通道与消防水源
    kOther,           // 工艺专项（熔融金属、有限空间等）
};

inline constexpr std::array kAllCategories = {Category::kEvacuation, Category::kExits,        Category::kThreeInOne,
                                              Category::kElectrical, Category::kExtinguisher, Category::kFireSeparation,
                                              Category::kEBike,      Category::kStorage,      Category::kHotWork,
                                              Category::kChemicals,  Category::kDust,         Category::kManagement,
                                              Category::kBuilding,   Category::kTraining,     Category::kAlarms,
                                              Category::kFireLane,   Category::kOther};

std::string_view CategoryName(Category category);  // "three_in_one"
std::optional<Category> ParseCategory(std::string_view name);
std::string_view CategoryLabelZh(Category category);  // "三合一场所"

struct Item {
    std::string id;       // the standard's id: "FS-EVA-03", "MEM10-A03-01"; unique within a template
    std::string text;     // zh, verbatim from the standard: the question the inspector answers
    std::string text_en;  // English gloss (not an official translation)
    // What is wrong when the item fails, stated as a finding: the title of the hazard a failed answer
    // opens, and what the ledger, the export and the 整改通知书 print. 部令10号 items are statements
    // already (finding = text); each fire item's question is turned into its finding in the data file.
    std::string finding;
    std::string finding_en;
    Category category = Category::kOther;
    std::string source_category;  // the standard's own category, or the industry for 部令10号
    std::string section;          // grouping key within the template (industry / fire category)
    Severity severity = Severity::kGeneral;
    std::string source_severity;  // as the source suggested: major | high | general | low
    std::string legal_basis;      // instrument(s) and article(s), as cited
    std::string article;          // the first cited article/clause ("第三条第（一）项", "A.1.4"); may be empty
    std::string effective_date;   // YYYY-MM-DD: since when the cited rule is in force
    bool effective_date_inherited = false;  // true: instrument not dated here; the template's date is used
    std::optional<Text> major_reason;       // set iff the standard itself names it a major hazard
    std::string relevance;                  // to garment workshops: direct | conditional | none
    std::string note;                       // caveats from the source (thresholds, edition to re-check), English
    bool from_general_knowledge = false;    // the source marked it "general_knowledge": verify before enforcement
};

struct Section {
    std::string id;
    std::string title_zh;
};

struct Template {
    std::string id;  // stable: "mem10-2023", "fire-small-workshop", "three-in-one"
    int version = 1;
    std::string title_zh;
    std::string title_en;
    std::string effective_date;     // YYYY-MM-DD
    std::vector<Section> sections;  // in display order; every item's `section` is one of them
    std::vector<Item> items;

    [[nodiscard]] const Item* FindItem(std::string_view item_id) const;
    // The item whose PublicNumber(id) is `number`, or null.
    [[nodiscard]] const Item* FindItemByNumber(int64_t number) const;
};

// The integer the API shows as a template's or item's `id` (CONTRACT: ids are integers); the
// standard's own id travels beside it as `code`. A hash of the code, not a position, so it stays the
// same when a standard gains or reorders items and a phone's queued answers still name the right
// item. 31 bits, never 0; Unnumbered() finds a collision within one set before it can matter.
int64_t PublicNumber(std::string_view code);
// Codes in `codes` whose number another one already has (empty when all numbers are distinct).
std::vector<std::string> Unnumbered(const std::vector<std::string>& codes);

// The grade of the hazard opened by a failed answer.
struct FindingGrade {
    Severity severity = Severity::kGeneral;
    std::optional<Text> reason;  // why it is major, citing the article; nullopt when not standard-named
};

// The auto-major rule: a failed item that the standard names a major accident hazard grades its
// hazard major, with the standard's reason; the inspector cannot grade it lower (the grade is by
// list, not judgement — DOMAIN.md §2.2). Otherwise the inspector's proposal wins, else the item's
// severity.
FindingGrade GradeFailedItem(const Item& item, std::optional<Severity> proposed = std::nullopt);

// The description of a hazard opened by a failed item when the inspector wrote no note: which item
// failed and the rule it rests on, so a ledger row or an export line reads on its own
// ("检查项 FS-EVA-03 不合格；依据：GA 703 (A.1.5)"). Documents that print the item and the basis
// beside the hazard anyway (the notice) recognise it and leave it out.
std::string FailedItemDescription(std::string_view item_code, std::string_view legal_basis);

const Template* FindTemplate(const std::vector<Template>& templates, std::string_view template_id);

}  // namespace safegrid::checklist
