#include "core/station/station.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>

#include "core/time.hpp"

namespace safegrid::station {
namespace {

constexpr std::string_view kTownVillage = "town_village";
constexpr std::string_view kCommunity = "community";
constexpr std::string_view kKeyUnit = "key_unit";

bool Contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

std::optional<int64_t> LeadingNumber(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size() && text[pos] == ' ') ++pos;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data() + pos) return std::nullopt;
    return value;
}

// The parts of a group row's name: 个人防护（头盔/防护服/手套/靴/腰带） → 头盔, 防护服, ...
std::vector<std::string_view> GroupParts(std::string_view name) {
    constexpr std::string_view kOpen = "（";
    constexpr std::string_view kClose = "）";
    std::vector<std::string_view> parts;
    const size_t open = name.find(kOpen);
    const size_t close = name.rfind(kClose);
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return parts;
    std::string_view inner = name.substr(open + kOpen.size(), close - open - kOpen.size());
    while (!inner.empty()) {
        const size_t slash = inner.find('/');
        std::string_view part = inner.substr(0, slash);
        if (!part.empty()) parts.push_back(part);
        if (slash == std::string_view::npos) break;
        inner.remove_prefix(slash + 1);
    }
    return parts;
}

bool QuantityMatches(const RawQuantity& q, const RawEquipment& e) {
    if (q.kind != e.kind || q.item_zh.empty()) return false;
    if (std::string_view(e.item_zh).starts_with(q.item_zh)) return true;
    for (std::string_view part : GroupParts(q.item_zh))
        if (Contains(e.item_zh, part)) return true;
    return false;
}

// Days since 1970-01-01 of an ISO date.
std::optional<int64_t> DayNumber(std::string_view iso_date) {
    if (iso_date.size() != 10) return std::nullopt;
    auto t = ParseRfc3339(iso_date);
    if (!t) return std::nullopt;
    return *t / 86400;
}

}  // namespace

bool StationStandard::HasKind(std::string_view kind) const {
    return std::find(kinds_.begin(), kinds_.end(), kind) != kinds_.end();
}

const EquipmentItem* StationStandard::FindItem(std::string_view code) const {
    for (const EquipmentItem& item : items_)
        if (item.code == code) return &item;
    return nullptr;
}

int64_t StationStandard::Minimum(std::string_view kind, std::string_view item) const {
    auto k = min_.find(kind);
    if (k == min_.end()) return 0;
    auto i = k->second.find(std::string(item));
    return i == k->second.end() ? 0 : i->second;
}

std::vector<std::string> RequiredKinds(std::string_view requirement, const std::vector<std::string>& kinds) {
    auto only = [&](std::initializer_list<std::string_view> wanted) {
        std::vector<std::string> out;
        for (const std::string& k : kinds)
            if (std::find(wanted.begin(), wanted.end(), k) != wanted.end()) out.push_back(k);
        return out;
    };
    const bool community_required =
        Contains(requirement, "required (community list)") || Contains(requirement, "required in community list");
    if (community_required) return only({kCommunity, kTownVillage});
    if (requirement.starts_with("required")) return kinds;
    if (Contains(requirement, "key-unit standard")) return only({kKeyUnit});
    return {};
}

std::optional<int64_t> SuggestedMinimum(std::string_view text) {
    constexpr std::string_view kAtLeast = "≥";
    if (size_t pos = text.find(kAtLeast); pos != std::string_view::npos) {
        if (auto n = LeadingNumber(text.substr(pos + kAtLeast.size()))) return n;
    }
    return LeadingNumber(text);
}

StationStandard BuildStationStandard(const RawStandard& raw) {
    StationStandard s;
    s.kinds_ = raw.types;
    for (const RawEquipment& e : raw.equipment) {
        s.items_.push_back({e.id, e.item_zh, e.item_en});
        int64_t quantity = 1;
        for (const RawQuantity& q : raw.quantities) {
            if (!QuantityMatches(q, e)) continue;
            if (auto n = SuggestedMinimum(q.suggested_min_qty)) quantity = std::max(quantity, *n);
        }
        for (const std::string& kind : RequiredKinds(e.requirement, raw.types)) s.min_[kind][e.id] = quantity;
    }
    return s;
}

std::optional<std::string> AddDays(std::string_view iso_date, int days) {
    auto day = DayNumber(iso_date);
    if (!day) return std::nullopt;
    return FormatRfc3339((*day + days) * 86400).substr(0, 10);
}

bool ExpiresSoon(std::string_view expires_on, std::string_view today) {
    auto until = DayNumber(expires_on);
    auto now = DayNumber(today);
    return until && now && *until <= *now + kExpiryWarningDays;
}

Readiness AssessReadiness(const StationStandard& standard, std::string_view kind, const std::vector<EquipmentRow>& rows,
                          std::string_view today) {
    Readiness out;
    for (const EquipmentItem& item : standard.items()) {
        const int64_t min = standard.Minimum(kind, item.code);
        if (min <= 0) continue;
        int64_t have = 0;
        for (const EquipmentRow& row : rows)
            if (row.item == item.code) have = row.count;
        if (have < min) out.missing.push_back({item.code, have, min});
    }
    for (const EquipmentRow& row : rows) {
        if (!row.expires_on || standard.FindItem(row.item) == nullptr) continue;
        if (!ExpiresSoon(*row.expires_on, today)) continue;
        out.expiring.push_back({row.item, *row.expires_on, *row.expires_on < today});
    }
    std::stable_sort(out.expiring.begin(), out.expiring.end(), [](const ExpiringItem& a, const ExpiringItem& b) {
        return std::tie(a.expires_on, a.item) < std::tie(b.expires_on, b.item);
    });
    return out;
}

std::vector<CoverageGap> FindCoverageGaps(const std::vector<GeoPoint>& enterprises,
                                          const std::vector<CoverageCircle>& stations) {
    std::vector<CoverageGap> gaps;
    if (stations.empty()) {
        for (size_t i = 0; i < enterprises.size(); ++i) gaps.push_back({i, std::nullopt});
        return gaps;
    }
    // Stations by latitude: the metres along a meridian between two latitudes never exceed the
    // great-circle distance, so a station further north or south than the best distance so far
    // (or than the largest radius, for the covered test) cannot be nearer.
    std::vector<CoverageCircle> sorted = stations;
    std::sort(sorted.begin(), sorted.end(),
              [](const CoverageCircle& a, const CoverageCircle& b) { return a.at.lat < b.at.lat; });
    double max_radius = 0;
    for (const CoverageCircle& c : sorted) max_radius = std::max(max_radius, c.radius_m);
    constexpr double kMetresPerDegree = kEarthRadiusMeters * std::numbers::pi / 180.0;
    // A little slack so rounding never drops a station that the plain loop would count.
    const double band_deg = max_radius / kMetresPerDegree + 1e-9;
    auto lat_gap_m = [&](const GeoPoint& p, const CoverageCircle& c) {
        return std::abs(p.lat - c.at.lat) * kMetresPerDegree * (1 - 1e-12);
    };

    for (size_t i = 0; i < enterprises.size(); ++i) {
        const GeoPoint p = enterprises[i];
        auto first = std::lower_bound(sorted.begin(), sorted.end(), p.lat - band_deg,
                                      [](const CoverageCircle& c, double lat) { return c.at.lat < lat; });
        bool covered = false;
        for (auto it = first; it != sorted.end() && it->at.lat <= p.lat + band_deg; ++it) {
            if (HaversineMeters(p, it->at) <= it->radius_m) {
                covered = true;
                break;
            }
        }
        if (covered) continue;
        // Nearest: walk outward from the point's latitude both ways, stopping each side once the
        // latitude alone is further than the best so far.
        auto mid = std::lower_bound(sorted.begin(), sorted.end(), p.lat,
                                    [](const CoverageCircle& c, double lat) { return c.at.lat < lat; });
        double best = std::numeric_limits<double>::infinity();
        for (auto it = mid; it != sorted.end() && lat_gap_m(p, *it) <= best; ++it)
            best = std::min(best, HaversineMeters(p, it->at));
        for (auto it = mid; it != sorted.begin();) {
            --it;
            if (lat_gap_m(p, *it) > best) break;
            best = std::min(best, HaversineMeters(p, it->at));
        }
        gaps.push_back({i, best});
    }
    return gaps;
}

}  // namespace safegrid::station
