#include "services/seed/demo_stations.hpp"

#include <array>

namespace safegrid::services::seed {
namespace {

struct VillageSite {
    int64_t id = 0;
    std::string name;
    double lat = 0;
    double lng = 0;
    std::optional<int64_t> officer;
};

}  // namespace

Result<StationSeedSummary> SeedDemoStations(storage::Database& db, StationService& stations, const SeedSummary& town) {
    SG_ASSIGN_OR_RETURN(auto sites, db.Read([&](storage::Connection& conn) -> Result<std::vector<VillageSite>> {
        const std::array<storage::Value, 1> params = {town.town_id};
        SG_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT r.id, r.name, AVG(e.lat), AVG(e.lng), "
                                                  "(SELECT MIN(u.id) FROM users u WHERE u.role = 'village' AND "
                                                  "u.region_id = r.id AND u.disabled = 0) FROM regions r "
                                                  "JOIN enterprises e ON e.village_id = r.id AND e.lat IS NOT NULL "
                                                  "WHERE r.kind = 'village' AND r.town_id = ? "
                                                  "GROUP BY r.id, r.name ORDER BY r.id",
                                                  params));
        std::vector<VillageSite> out;
        for (const auto& row : rows.rows) {
            out.push_back({row.Int(0), row.Text(1), row.Double(2), row.Double(3), row.OptInt(4)});
        }
        return out;
    }));
    const std::string today = stations.Today();
    const station::StationStandard& standard = stations.standard();
    StationSeedSummary summary;
    for (size_t i = 0; i < sites.size(); ++i) {
        const VillageSite& v = sites[i];
        StationInput in;
        in.name = v.name + "微型消防站";
        in.kind = i % 4 == 3 ? "key_unit" : "community";
        in.region_id = v.id;
        in.lat = v.lat;
        in.lng = v.lng;
        in.staff = 6 + static_cast<int64_t>(i % 3);
        in.radius_m = 700;
        if (v.officer) in.responsible_user_id = *v.officer;
        SG_ASSIGN_OR_RETURN(auto made, stations.Create(nullptr, in));
        const int64_t id = made.station.id;
        if (summary.first_station_id == 0) summary.first_station_id = id;
        ++summary.stations;
        bool left_out = false;
        for (const auto& item : standard.items()) {
            const int64_t min = standard.Minimum(*in.kind, item.code);
            if (min <= 0) continue;
            EquipmentInput e;
            e.item = item.code;
            e.count = min;
            // Every third station lacks its second required item (a gap the page must show).
            if (i % 3 == 2 && !left_out && item.code != "MFS-EQ-01") {
                left_out = true;
                e.count = 0;
            }
            if (item.code == "MFS-EQ-01") {  // extinguishers: the item whose refill date matters
                const int days = i == 0 ? 10 : i % 5 == 4 ? -30 : 300;
                e.expires_on = station::AddDays(today, days);
            }
            SG_TRY(stations.SetEquipment(nullptr, id, e));
        }
        for (int d = 0; d < 3; ++d) {
            DrillInput drill;
            drill.held_on = station::AddDays(today, -20 - 30 * d);
            drill.response_s = 90 + static_cast<int64_t>((i * 37 + static_cast<size_t>(d) * 53) % 150);
            drill.note = d == 0 ? "季度拉动演练" : "夜间拉动演练";
            SG_TRY(stations.AddDrill(nullptr, id, drill));
        }
    }
    return summary;
}

}  // namespace safegrid::services::seed
