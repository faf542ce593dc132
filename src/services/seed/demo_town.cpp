#include "services/seed/demo_town.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace safegrid::services::seed {
namespace {

const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
                                            "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
                                            "唐", "许", "韩", "冯", "邓", "曹", "彭", "沈", "蒋", "余", "叶", "岑"};
const std::vector<std::string> kGiven = {"伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "军",
                                         "洋",   "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",   "秀英",
                                         "霞",   "平",   "刚",   "桂英", "建国", "建华", "国强", "海燕", "志刚",
                                         "丽娟", "晓东", "春梅", "立新", "红霞", "雪梅", "永康"};
// Words that local workshop names are made of.
const std::vector<std::string> kTradeWords = {
    "宏达", "兴隆", "恒丰", "永盛", "金源", "华美", "锦绣", "佳丽", "美雅", "瑞丰", "鑫源", "天成", "东升",
    "新宇", "欣荣", "顺发", "富达", "海丰", "腾飞", "巧手", "凯达", "诚信", "联发", "德信", "伟业", "嘉禾",
    "鸿运", "盛达", "云裳", "丝路", "雅琪", "梦姿", "依美", "丽人", "红蕾", "织梦", "朝阳", "银河", "润丰",
    "益民", "万利", "宝诚", "金鹰", "七彩", "舒雅", "秀丽", "锦程", "正和", "博远", "安达"};
struct Kind {
    const char* suffix;
    const char* industry;  // GB/T 4754-2017
};
const std::vector<Kind> kKinds = {{"服饰有限公司", "1810"},   {"制衣厂", "1810"},           {"针织厂", "1820"},
                                  {"服装加工厂", "1810"},     {"纺织品有限公司", "1762"},   {"羽绒制品厂", "1830"},
                                  {"童装厂", "1810"},         {"衬衫厂", "1810"},           {"绣花厂", "1830"},
                                  {"服装辅料加工部", "1830"}, {"针织服饰有限公司", "1820"}, {"印花厂", "1713"}};
const std::vector<std::string> kRoadSuffix = {"东路", "西路", "南路", "北路", "中路", "工业区路", "大道"};
const char kCodeChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // GB 32100: 31 characters, no I O Z S V

std::string ShortVillageName(const std::string& official) {
    // 王家埭村委会 → 王家埭村; 匡堰居委会 → 匡堰社区
    auto ends_with = [&](const std::string& s) {
        return official.size() >= s.size() && official.compare(official.size() - s.size(), s.size(), s) == 0;
    };
    if (ends_with("村委会")) return official.substr(0, official.size() - std::string("委会").size());
    if (ends_with("居委会")) return official.substr(0, official.size() - std::string("居委会").size()) + "社区";
    return official;
}

// 王家埭村 → 王家埭; 匡堰社区 → 匡堰: the stem local road names are built on.
std::string RoadStem(const std::string& village) {
    for (const std::string suffix : {"社区", "村"}) {
        if (village.size() > suffix.size() &&
            village.compare(village.size() - suffix.size(), suffix.size(), suffix) == 0)
            return village.substr(0, village.size() - suffix.size());
    }
    return village;
}

const char* const kOrdinals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

}  // namespace

uint64_t SeedRandom::Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

DemoPerson MakePerson(SeedRandom& rng) {
    static const std::vector<std::string> kPrefixes = {"135", "136", "137", "138", "139", "150", "151",
                                                       "152", "158", "159", "177", "180", "187", "188"};
    DemoPerson p;
    p.name = rng.Pick(kSurnames) + rng.Pick(kGiven);
    p.phone = rng.Pick(kPrefixes);
    for (int i = 0; i < 8; ++i) p.phone += static_cast<char>('0' + rng.Below(10));
    return p;
}

std::string MakeDemoCreditCode(SeedRandom& rng, bool individual_business) {
    // Positions 1–2: 9 1 = enterprise registered with market regulation; 9 2 = individual business.
    std::string code = individual_business ? "92" : "91";
    code += "330282";  // 慈溪市
    // Organisation code body (8 characters) and its GB 11714 check digit.
    static const int kOrgWeights[] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    std::string body;
    for (int i = 0; i < 8; ++i) {
        const int v = static_cast<int>(rng.Below(10));
        body += static_cast<char>('0' + v);
        sum += v * kOrgWeights[i];
    }
    const int c9 = 11 - sum % 11;
    body += c9 == 10 ? 'X' : c9 == 11 ? '0' : static_cast<char>('0' + c9);
    code += body;
    // GB 32100 check character: weights are 3^i mod 31.
    int total = 0, weight = 1;
    for (char ch : code) {
        const int v = static_cast<int>(std::string_view(kCodeChars).find(ch));
        total += v * weight;
        weight = weight * 3 % 31;
    }
    code += kCodeChars[(31 - total % 31) % 31];
    return code;
}

DemoTown GenerateDemoTown(const std::vector<VillageSource>& villages, int64_t enterprise_count, uint64_t seed) {
    SeedRandom rng(seed);
    DemoTown town;
    town.responsible = MakePerson(rng);
    // 匡堰镇 lies about 30.17°N 121.33°E; villages are spread a few kilometres around it.
    for (size_t i = 0; i < villages.size(); ++i) {
        DemoVillage v;
        v.name = ShortVillageName(villages[i].name);
        v.code = villages[i].code;
        v.responsible = MakePerson(rng);
        const double angle = 2 * M_PI * static_cast<double>(i) / static_cast<double>(villages.size());
        v.lat = 30.170 + 0.020 * std::sin(angle);
        v.lng = 121.330 + 0.025 * std::cos(angle);
        const int grids = rng.Between(3, 5);
        for (int g = 0; g < grids; ++g) {
            DemoGrid grid;
            grid.name = v.name + "第" + kOrdinals[g] + "网格";
            grid.code = v.code + "-" + std::to_string(g + 1);
            grid.responsible = MakePerson(rng);
            v.grids.push_back(grid);
        }
        town.villages.push_back(std::move(v));
    }

    std::set<std::string> names, codes;
    int64_t made = 0;
    while (made < enterprise_count) {
        // The first workshop sits in the first grid of the first village, where the demo users are.
        const size_t vi = made == 0 ? 0 : rng.Below(town.villages.size());
        const DemoVillage& village = town.villages[vi];
        const size_t gi = made == 0 ? 0 : rng.Below(village.grids.size());
        const std::string road = RoadStem(village.name) + rng.Pick(kRoadSuffix);
        // About one workshop in four shares a group-rented building (2–6 tenants, four on average):
        // a building is started on 7.7% of draws, since 4p / (4p + 1 − p) = 1/4.
        const bool group = rng.Chance(0.077) && made + 2 <= enterprise_count;
        std::optional<size_t> building;
        int tenants = 1;
        std::string address_base = "浙江省慈溪市匡堰镇" + road + std::to_string(rng.Between(1, 399)) + "号";
        if (group) {
            DemoBuilding b;
            b.village = vi;
            b.grid = gi;
            b.landlord = MakePerson(rng);
            b.name = b.landlord.name.substr(0, 3) + "家厂房" + std::to_string(town.buildings.size() + 1) + "幢";
            b.address = address_base;
            b.floors = rng.Between(2, 5);
            b.area_m2 = rng.Between(600, 4000);
            // Every third building has people sleeping on site, some above GA 703's 20 (3, 24, 19,
            // 14, …). Derived from the index, not drawn: the rest of the town stays as it was.
            if (town.buildings.size() % 3 == 0)
                b.people_sleeping = 3 + static_cast<int>(town.buildings.size() * 7 % 26);
            building = town.buildings.size();
            town.buildings.push_back(b);
            tenants = static_cast<int>(std::min<int64_t>(rng.Between(2, 6), enterprise_count - made));
        }
        for (int t = 0; t < tenants; ++t) {
            DemoEnterprise e;
            e.village = vi;
            e.grid = gi;
            e.building = building;
            const Kind& kind = rng.Pick(kKinds);
            do {
                const std::string word = rng.Pick(kTradeWords);
                e.name = (rng.Chance(0.5) ? "慈溪市" : "慈溪市匡堰") + word + kind.suffix;
                if (names.count(e.name)) e.name = "慈溪市" + word + rng.Pick(kTradeWords) + kind.suffix;
                if (names.count(e.name)) e.name += "（" + std::to_string(made + 1) + "）";
            } while (names.count(e.name));
            names.insert(e.name);
            do {
                e.credit_code = MakeDemoCreditCode(rng, rng.Chance(0.2));
            } while (codes.count(e.credit_code));
            codes.insert(e.credit_code);
            e.address = group ? address_base + std::to_string(t + 1) + "楼" : address_base;
            e.industry_code = kind.industry;
            e.employees = rng.Between(4, 25) + (rng.Chance(0.3) ? rng.Between(10, 60) : 0);
            e.contact = MakePerson(rng);
            e.lat = village.lat + (static_cast<double>(rng.Below(2001)) - 1000) * 0.000006;
            e.lng = village.lng + (static_cast<double>(rng.Below(2001)) - 1000) * 0.000006;
            if (group) e.tags.push_back("group_rented");
            if (rng.Chance(0.125)) e.tags.push_back("three_in_one");
            if (e.employees >= 50 || rng.Chance(0.03)) e.tags.push_back("key_unit");
            if (kind.industry == std::string("1713") && rng.Chance(0.5)) e.tags.push_back("hazardous_chemicals");
            if (rng.Chance(0.02)) e.tags.push_back("dust");
            if (rng.Chance(0.01)) e.tags.push_back("confined_space");
            town.enterprises.push_back(std::move(e));
            ++made;
        }
    }
    return town;
}

}  // namespace safegrid::services::seed
