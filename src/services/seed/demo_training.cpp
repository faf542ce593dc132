#include "services/seed/demo_training.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace safegrid::services::seed {
namespace {

struct Place {
    int64_t id = 0;
    std::string name;
};

struct Member {
    int64_t enterprise_id = 0;
    int64_t village_id = 0;
};

// A small deterministic mix of two numbers into 0..999.
int64_t Mix(int64_t a, int64_t b) {
    uint64_t x = static_cast<uint64_t>(a) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(b) * 0xC2B2AE3D27D4EB4FULL;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 32;
    return static_cast<int64_t>(x % 1000);
}

}  // namespace

Result<TrainingSummary> SeedDemoTraining(storage::Database& db, TrainingService& trainings, const Clock& clock,
                                         const SeedSummary& town, const TimeZone& zone) {
    const UnixSeconds now = clock.Now();
    auto day = [&](int64_t days_ago) { return FormatLocalIsoDate(now - days_ago * 86400, zone); };
    // One transaction: the service calls join it, so a thousand attendances commit once.
    return db.Transact(true, [&](storage::Connection& conn) -> Result<TrainingSummary> {
        const std::array<storage::Value, 1> town_param = {town.town_id};
        SG_ASSIGN_OR_RETURN(auto village_rows, conn.Query("SELECT id, name FROM regions WHERE town_id = ? AND kind = "
                                                          "'village' ORDER BY id",
                                                          town_param));
        SG_ASSIGN_OR_RETURN(
            auto member_rows,
            conn.Query("SELECT id, village_id FROM enterprises WHERE town_id = ? ORDER BY id", town_param));
        std::vector<Place> villages;
        for (const auto& row : village_rows.rows) villages.push_back({row.Int(0), row.Text(1)});
        TrainingSummary summary;

        auto create = [&](int64_t region, std::string title, const char* kind, int64_t days_ago,
                          double hours) -> Result<int64_t> {
            TrainingInput in;
            in.title = std::move(title);
            in.kind = kind;
            in.held_on = day(days_ago);
            in.region_id = region;
            in.hours = hours;
            SG_ASSIGN_OR_RETURN(auto made, trainings.Create(nullptr, in));
            ++summary.sessions;
            return made.training.id;
        };
        SG_ASSIGN_OR_RETURN(const int64_t town_session,
                            create(town.town_id, "全镇百万员工消防安全大培训（集中授课）", "fire", 200, 3));

        for (size_t vi = 0; vi < villages.size(); ++vi) {
            const auto v = static_cast<int64_t>(vi);
            const Place& village = villages[vi];
            SG_ASSIGN_OR_RETURN(const int64_t fire,
                                create(village.id, village.name + "消防安全知识培训", "fire", 20 + (v * 37) % 300, 2));
            SG_ASSIGN_OR_RETURN(const int64_t production, create(village.id, village.name + "安全生产主体责任培训",
                                                                 "production", 40 + (v * 53) % 280, 1.5));
            SG_ASSIGN_OR_RETURN(const int64_t drill, create(village.id, village.name + "疏散逃生及灭火演练", "drill",
                                                            10 + (v * 29) % 310, 1));
            // Each village has its own share trained, 55–85 %.
            const int64_t share = 550 + (v * 137) % 300;
            const std::array<int64_t, 4> sessions = {fire, production, drill, town_session};
            for (const auto& row : member_rows.rows) {
                const Member m{row.Int(0), row.OptInt(1).value_or(0)};
                if (m.village_id != village.id || m.enterprise_id == town.enterprise1_id) continue;
                const int64_t roll = Mix(m.enterprise_id, v);
                if (roll >= share) continue;
                // One session, a second for about a third of them.
                const size_t first = static_cast<size_t>(roll % 4);
                const int64_t people = 3 + roll % 38;
                SG_TRY(trainings.RecordAttendance(nullptr, sessions[first], m.enterprise_id, people));
                ++summary.attendances;
                if (roll % 3 == 0) {
                    SG_TRY(trainings.RecordAttendance(nullptr, sessions[(first + 1) % 4], m.enterprise_id,
                                                      std::max<int64_t>(1, people / 2)));
                    ++summary.attendances;
                }
            }
        }
        return summary;
    });
}

}  // namespace safegrid::services::seed
