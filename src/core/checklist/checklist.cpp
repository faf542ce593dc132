#include "core/checklist/checklist.hpp"

#include <map>

namespace safegrid::checklist {

std::string_view CategoryName(Category category) {
    switch (category) {
        case Category::kEvacuation:
            return "evacuation";
        case Category::kExits:
            return "exits";
        case Category::kThreeInOne:
            return "three_in_one";
        case Category::kElectrical:
            return "electrical";
        case Category::kExtinguisher:
            return "extinguisher";
        case Category::kFireSeparation:
            return "fire_separation";
        case Category::kEBike:
            return "e_bike";
        case Category::kStorage:
            return "storage";
        case Category::kHotWork:
            return "hot_work";
        case Category::kChemicals:
            return "chemicals";
        case Category::kDust:
            return "dust";
        case Category::kManagement:
            return "management";
        case Category::kBuilding:
            return "building";
        case Category::kTraining:
            return "training";
        case Category::kAlarms:
            return "alarms";
        case Category::kFireLane:
            return "fire_lane";
        case Category::kOther:
            return "other";
    }
    return "other";
}

std::optional<Category> ParseCategory(std::string_view name) {
    for (Category c : kAllCategories)
        if (CategoryName(c) == name) return c;
    return std::nullopt;
}

std::string_view CategoryLabelZh(Category category) {
    switch (category) {
        case Category::kEvacuation:
            return "疏散通道";
        case Category::kExits:
            return "安全出口";
        case Category::kThreeInOne:
            return "三合一场所";
        case Category::kElectrical:
            return "电气安全";
        case Category::kExtinguisher:
            return "消防器材";
        case Category::kFireSeparation:
            return "防火分隔";
        case Category::kEBike:
            return "电动自行车";
        case Category::kStorage:
            return "物品储存";
        case Category::kHotWork:
            return "用火动火";
        case Category::kChemicals:
            return "危险化学品";
        case Category::kDust:
            return "粉尘防爆";
        case Category::kManagement:
            return "安全管理";
        case Category::kBuilding:
            return "建筑防火";
        case Category::kTraining:
            return "教育培训";
        case Category::kAlarms:
            return "火灾报警";
        case Category::kFireLane:
            return "消防车道";
        case Category::kOther:
            return "其他";
    }
    return "其他";
}

const Item* Template::FindItem(std::string_view item_id) const {
    for (const Item& item : items)
        if (item.id == item_id) return &item;
    return nullptr;
}

const Item* Template::FindItemByNumber(int64_t number) const {
    for (const Item& item : items)
        if (PublicNumber(item.id) == number) return &item;
    return nullptr;
}

int64_t PublicNumber(std::string_view code) {
    uint32_t hash = 2166136261U;  // FNV-1a
    for (char c : code) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 16777619U;
    }
    const auto number = static_cast<int64_t>(hash & 0x7FFFFFFFU);
    return number == 0 ? 1 : number;
}

std::vector<std::string> Unnumbered(const std::vector<std::string>& codes) {
    std::map<int64_t, std::string> seen;
    std::vector<std::string> clashes;
    for (const std::string& code : codes) {
        auto [it, fresh] = seen.emplace(PublicNumber(code), code);
        if (!fresh && it->second != code) clashes.push_back(code);
    }
    return clashes;
}

FindingGrade GradeFailedItem(const Item& item, std::optional<Severity> proposed) {
    if (item.major_reason) return {Severity::kMajor, item.major_reason};
    return {proposed.value_or(item.severity), std::nullopt};
}

std::string FailedItemDescription(std::string_view item_code, std::string_view legal_basis) {
    std::string out = "检查项 " + std::string(item_code) + " 不合格";
    if (!legal_basis.empty()) out += "；依据：" + std::string(legal_basis);
    return out;
}

const Template* FindTemplate(const std::vector<Template>& templates, std::string_view template_id) {
    for (const Template& t : templates)
        if (t.id == template_id) return &t;
    return nullptr;
}

}  // namespace safegrid::checklist
