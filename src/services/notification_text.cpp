#include "services/notification_text.hpp"

#include "core/hazard/deadline.hpp"
#include "storage/repositories/enterprise_repository.hpp"

namespace safegrid::services {

Result<HazardSubject> SubjectOf(storage::Connection& conn, const storage::HazardRecord& hazard) {
    HazardSubject s{.enterprise = "", .title = hazard.title};
    if (!hazard.enterprise_id) return s;
    SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*hazard.enterprise_id));
    if (e) s.enterprise = e->name;
    return s;
}

std::string SubjectZh(const HazardSubject& s, const std::string& noun) {
    const std::string who = s.enterprise.empty() ? "" : "【" + s.enterprise + "】";
    return who + noun + "《" + s.title + "》";
}

std::string SubjectEn(const HazardSubject& s, const std::string& noun) {
    const std::string who = s.enterprise.empty() ? "" : "[" + s.enterprise + "] ";
    return who + noun + " \u201c" + s.title + "\u201d";
}

std::string LocalDayZh(UnixSeconds t, UnixSeconds now, const TimeZone& zone) {
    const CivilDate d = LocalDate(t, zone.utc_offset_seconds);
    const std::string month_day = std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
    if (d.year == LocalDate(now, zone.utc_offset_seconds).year) return month_day;
    return std::to_string(d.year) + "年" + month_day;
}

std::string DeadlineLine(std::optional<UnixSeconds> due_at, UnixSeconds now, const TimeZone& zone) {
    return due_at ? "整改期限：" + LocalDayZh(*due_at, now, zone) : std::string();
}

}  // namespace safegrid::services
