#include "services/seed/demo_signins.hpp"

#include <array>
#include <string>
#include <vector>

namespace safegrid::services::seed {
namespace {

struct Worker {
    const char* name;
    const char* phone;
    size_t enterprise;  // index into the session's enterprises
};

// Three of the first enterprise, two of the second: 计入出勤 then records 3 and 2.
constexpr std::array<Worker, 5> kWorkers = {{
    {"张伟", "13857400001", 0},
    {"李娜", "13857400002", 0},
    {"王芳", "0574-63210003", 0},
    {"刘洋", "13857400004", 1},
    {"陈静", "13857400005", 1},
}};

}  // namespace

Result<SigninSummary> SeedDemoSignins(TrainingService& trainings, TrainingSigninService& signins, const Clock& clock,
                                      const SeedSummary& town, const TimeZone& zone) {
    Principal system;
    system.role = Role::kAdmin;
    system.scope = Scope::All();
    // The town's first village (高家村 in the demo: village1's).
    SG_ASSIGN_OR_RETURN(auto listed, trainings.Coverage(system, town.town_id));
    if (listed.by_region.empty()) return SigninSummary{};
    TrainingInput in;
    in.title = "车间员工消防安全培训（扫码签到）";
    in.kind = "fire";
    in.held_on = FormatLocalIsoDate(clock.Now(), zone);
    in.region_id = listed.by_region.front().region_id;
    in.hours = 1.5;
    SG_ASSIGN_OR_RETURN(auto made, trainings.Create(nullptr, in));
    SigninSummary summary;
    summary.training_id = made.training.id;
    SG_ASSIGN_OR_RETURN(auto link, signins.Open(nullptr, made.training.id));
    // No client address: the command line is not rate-limited.
    SG_ASSIGN_OR_RETURN(auto session, signins.Lookup(link.first.code, ""));
    std::vector<int64_t> picks;
    for (const auto& e : session.enterprises) {
        if (e.id == town.enterprise1_id) continue;  // enterprise1 stays untrained (docs/training.md)
        picks.push_back(e.id);
        if (picks.size() == 2) break;
    }
    for (const Worker& w : kWorkers) {
        if (w.enterprise >= picks.size()) continue;
        SG_ASSIGN_OR_RETURN(auto signed_in,
                            signins.SignIn(link.first.code, NewSignin{w.name, w.phone, picks[w.enterprise]}, ""));
        summary.signins += signed_in.second ? 1 : 0;
    }
    return summary;
}

}  // namespace safegrid::services::seed
