// From the shared standards files to checklist templates: the pure mapping rules.
//
// services/checklist_loader reads and parses the two JSON files (core does no I/O and uses no
// Boost) into SourceStandard values; BuildChecklistTemplates turns them into three templates:
//
//   id                    title                                   items
//   mem10-2023            工贸企业重大事故隐患判定标准（部令10号）   all 64, grouped by industry; effective 2023-05-15
//   fire-small-workshop   小微生产加工场所消防安全检查              all 69, grouped by the file's 11 categories
//   three-in-one          三合一场所专项检查                        the fire items of categories three_in_one +
//   evacuation
//
// CATEGORY MAP (onto the shared list in checklist.hpp):
//   Fire file, by its category:   management→management  training→training  evacuation→evacuation
//     three_in_one→three_in_one  electrical→electrical  extinguishing→extinguisher  fire_use→hot_work
//     building→building  storage→storage  alarms→alarms  fire_lane→fire_lane; a name already in the
//     shared list maps to itself; anything else → other.
//   Fire file, item overrides (the file's category is coarser than ours):
//     FS-EVA-06, FS-EVA-09 → exits (exit doors: opening direction, locks)
//     FS-BLD-03, FS-FIR-05 → fire_separation (fire rating/separation distance; kitchen partition)
//     FS-BLD-05 → e_bike        FS-STO-02, FS-STO-03 → chemicals (flammable liquids, 甲乙类 goods)
//     The three_in_one items are never overridden: the town reports its "三合一" campaign by them.
//   部令10号 (no categories in the source), by article: 第三条 (management) → management;
//     第十一条 (dust) → dust; 第十二条 (ammonia) → chemicals; 第十三条 (confined spaces) → other;
//     第四–十条 (industry processes) → other, except:
//       building:        A04-01, A05-01, A07-01 (people-gathering rooms sited in molten-metal bays)
//       chemicals:       gas, toxic gas, flammable vapour or hazardous-chemical items — A04-06..08,
//                        A05-11..13, A06-03, A06-05, A06-06, A07-05..07, A08-02..04, A08-06,
//                        A09-02, A10-01, A10-02
//       dust:            A06-01 (coal mill bag filter / coal powder silo)
//       storage:         A08-07 (Li-ion battery warehouse)
//       fire_separation: A09-01 (heat-setting gas/oil tanks not separated from crowded areas)
//
// SEVERITY: the hazard grade is legally binary. 部令10号 items are all major: the order lists
// situations that ARE 重大事故隐患 by definition (Art. 1; "判定为重大事故隐患"). Fire items: only the
// file's "major" (FS-MGT-04 = 部令10号 Art.3(1); FS-ACC-01 = GB 35181 direct determination) become
// major; "high" (short deadline, campaign priority), "general" and "low" become general. Items that
// cite 部令10号 or GB 35181 but are worded more broadly than the listed situation (FS-MGT-07,
// FS-FIR-02, FS-BLD-01) stay general: failing them does not by itself meet the listed situation;
// the inspector may still grade the finding major. `source_severity` keeps the file's value.
//
// EFFECTIVE DATE: 部令10号 items: the file's `effective` (2023-05-15). Fire items: the latest
// effective date among the instruments they cite that we can date (table in standards.cpp; the
// current edition of each); an item citing none of those (local campaign rules, GA/XF standards
// whose date we have not verified) inherits the fire template's date, flagged
// `effective_date_inherited`. Fire template date: 2025-11-01, the day GB 35181-2025 took effect,
// against which the fire items' major candidates must now be read (data file notes).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/checklist/checklist.hpp"
#include "core/error.hpp"

namespace safegrid::checklist {

inline constexpr std::string_view kMem10TemplateId = "mem10-2023";
inline constexpr std::string_view kFireTemplateId = "fire-small-workshop";
inline constexpr std::string_view kThreeInOneTemplateId = "three-in-one";
inline constexpr std::string_view kFireTemplateEffectiveDate = "2025-11-01";
// What an item without any cited basis ("—" in the file) shows instead of an empty string.
inline constexpr std::string_view kNoSpecificBasis = "无具体条文（依据一般安全知识编写，待核实）";

// One item as the standard's file states it (field names follow the JSON; absent → empty).
struct SourceItem {
    std::string id;
    std::string article;   // 部令10号 only
    std::string group;     // 部令10号: management | industry | special
    std::string industry;  // 部令10号: general, metallurgy, …
    std::string industry_zh;
    std::string category;  // fire file only
    std::string text_zh;
    std::string gloss_en;
    std::string finding_zh;  // fire file: required; 部令10号: absent (its text is the finding)
    std::string finding_en;
    std::string suggested_severity;  // major | high | general | low
    std::string legal_basis;
    std::string relevance;        // garment_workshop_relevance / applies_to
    std::string note;             // note / severity_note
    std::string provenance_type;  // source | general_knowledge
};

struct SourceStandard {
    std::string title;
    std::string title_en;
    std::string effective;  // YYYY-MM-DD (部令10号 file); empty for the fire file
    std::vector<SourceItem> items;
};

// Builds the three templates. Fails (kMalformed "checklist_data_invalid", `internal` says which
// item and why) on data that would make a wrong checklist: a missing id or text, a fire item
// without its finding (finding_zh and finding_en), a duplicate id, an unknown suggested_severity,
// a bad effective date.
//
// FINDING: what a failed item states (Item::finding). 部令10号 items list situations that ARE
// hazards, so their text is their finding (finding_zh/finding_en in that file win when present;
// the English falls back to the gloss). The fire items are questions ("…是否…"); their findings are
// the project's own wording in the data file, and a fire item without one is refused rather than
// titling a hazard with a question.
Result<std::vector<Template>> BuildChecklistTemplates(const SourceStandard& mem10, const SourceStandard& fire);

// The individual rules, exposed for tests and for the hazard service.
Category Mem10Category(std::string_view item_id);
Category FireCategory(std::string_view item_id, std::string_view source_category);
std::optional<Severity> FireSeverity(std::string_view suggested_severity);  // nullopt: unknown value
// The latest effective date (YYYY-MM-DD) of the instruments cited in `legal_basis` that we can date.
std::optional<std::string> InstrumentEffectiveDate(std::string_view legal_basis);
// The first article or clause cited: "第26条", "第三条第（一）项", "A.1.4", "3.3.5、3.3.9"; "" if none.
std::string ExtractArticle(std::string_view legal_basis);
// "依据《工贸企业重大事故隐患判定标准》第三条第（一）项，判定为重大事故隐患" and its English.
Text Mem10MajorReason(std::string_view item_id, std::string_view article);

}  // namespace safegrid::checklist
