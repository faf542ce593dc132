#include "core/enterprise/building_rules.hpp"

namespace safegrid {
namespace {

struct Facts {
    const Building& b;
    const BuildingTenants& t;

    // People sleep in a building where tenants produce, store or trade: a 合用场所 (三合一).
    [[nodiscard]] bool SleepingWithWork() const { return b.people_sleeping > 0 && t.count > 0; }
    // Any GA 703 A.1.2 threshold reached (unknown height or area: not reached).
    [[nodiscard]] bool OverGa703Threshold() const {
        return b.people_sleeping > kGa703Sleepers || (b.height_m && *b.height_m > kGa703HeightM) ||
               (b.area_m2 && *b.area_m2 > kGa703AreaM2);
    }
};

struct Rule {
    const char* code;
    bool (*applies)(const Facts&);
    Text message;
    const char* rule;
};

// THE RULES. Order: the building's letting first, then sleeping on site from the general
// prohibition to the specific duties, then the direct determinations of GB 35181.
const Rule kRules[] = {
    {"group_rented",
     [](const Facts& f) { return f.t.count >= 2; },
     {"群租厂房：出租方应与每个承租单位签订安全生产（消防）管理协议，统一协调、管理并定期检查",
      "Group-rented building: the landlord must sign a safety (fire) management agreement with every tenant, "
      "coordinate them and inspect them regularly"},
     "《安全生产法》第四十九条；应急管理部令第10号第三条第（一）项"},
    {"three_in_one",
     [](const Facts& f) { return f.SleepingWithWork(); },
     {"“三合一”：厂房内有人员住宿。员工宿舍严禁设置在厂房、仓库内，住宿与生产储存经营合用场所不得设在厂房和仓库内",
      "Three-in-one: people sleep in a factory building. Staff dormitories must not be inside factory buildings "
      "or warehouses, nor may combined live-work premises be"},
     "GB 50016 第3.3.5条、第3.3.9条；GA 703-2007 A.1.1"},
    {"ga703_full_separation",
     [](const Facts& f) { return f.SleepingWithWork() && !f.b.sleeping_separated && f.OverGa703Threshold(); },
     {"住宿超过20人、建筑面积超过2000 m²或建筑高度超过15 m：住宿部分应采用不开门窗洞口的防火墙和耐火极限不低于1.50 h"
      "的楼板与其他部分完全分隔，并设独立的疏散设施；难以完全分隔的不应住宿",
      "More than 20 sleepers, over 2,000 m² or over 15 m high: the sleeping part must be fully separated by "
      "windowless fire walls and floors of at least 1.50 h with its own escape route; where that is not "
      "possible nobody may sleep there"},
     "GA 703-2007 A.1.2"},
    {"ga703_alarms_escape",
     [](const Facts& f) { return f.SleepingWithWork() && !f.b.sleeping_separated && !f.OverGa703Threshold(); },
     {"住宿与生产储存合用：应设置火灾自动报警系统或独立式感烟火灾探测报警器；住宿部分无法防火分隔的应设置自动喷水灭火"
      "系统（可局部应用），并设独立或辅助疏散设施",
      "Sleeping where people work or store: a fire alarm system or standalone smoke alarms are required; where the "
      "sleeping part cannot be separated, sprinklers (local application) and an independent or auxiliary escape"},
     "GA 703-2007 A.1.3"},
    {"dangerous_goods_with_dormitory",
     [](const Facts& f) { return f.b.people_sleeping > 0 && f.t.hazardous_chemicals > 0; },
     {"涉及危险化学品的承租单位与住宿人员在同一建筑物内（重大火灾隐患直接判定要素）",
      "A tenant handling hazardous chemicals shares the building with people sleeping there (a direct element "
      "of a major fire hazard)"},
     "《安全生产法》第四十二条；GB 35181 直接判定要素"},
    {"sandwich_panel_dormitory",
     [](const Facts& f) { return f.b.people_sleeping > 0 && f.b.sandwich_panels; },
     {"人员住宿的建筑采用易燃可燃夹芯材料彩钢板搭建（重大火灾隐患直接判定要素）",
      "People sleep in a building of combustible-core sandwich panels (a direct element of a major fire hazard)"},
     "GB 35181 直接判定要素"},
};

}  // namespace

std::vector<BuildingWarning> BuildingWarnings(const Building& building, const BuildingTenants& tenants) {
    const Facts facts{building, tenants};
    std::vector<BuildingWarning> out;
    for (const Rule& r : kRules) {
        if (r.applies(facts)) out.push_back({r.code, r.message, r.rule});
    }
    return out;
}

}  // namespace safegrid
