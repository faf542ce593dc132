#include "services/notification_text.hpp"

#include <cctype>

#include "core/hazard/deadline.hpp"
#include "storage/repositories/enterprise_repository.hpp"

namespace safegrid::services {

Result<HazardSubject> SubjectOf(storage::Connection& conn, const storage::HazardRecord& hazard) {
    HazardSubject s{.enterprise = "", .title = hazard.title};
    if (!hazard.enterprise_id) return s;
    // The hazard's enterprise is in the hazard's town: its shard.
    SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(
                                    *hazard.enterprise_id, storage::TownLimit::Town(hazard.path.town_id)));
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

namespace {

std::string TwoDigits(int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// "02:13" of the town's clock.
std::string LocalClock(UnixSeconds t, const TimeZone& zone) {
    const int64_t local = t + zone.utc_offset_seconds;
    const int64_t of_day = ((local % 86400) + 86400) % 86400;
    return TwoDigits(of_day / 3600) + ":" + TwoDigits(of_day / 60 % 60);
}

Text DeviceKindName(const std::string& kind) {
    if (kind == "smoke_detector") return {"烟感探测器", "smoke detector"};
    if (kind == "electrical_fire") return {"电气火灾监控探测器", "electrical fire monitor"};
    if (kind == "fire_panel") return {"火灾报警控制器", "fire alarm panel"};
    if (kind == "gas_detector") return {"可燃气体探测器", "gas detector"};
    if (kind == "water_pressure") return {"消防水压监测", "water pressure monitor"};
    return {"监测设备", "device"};
}

Text AlarmKindName(const std::string& kind) {
    if (kind == "fire") return {"火警", "Fire alarm"};
    if (kind == "fault") return {"设备故障", "Device fault"};
    if (kind == "offline") return {"设备离线", "Device offline"};
    return {"设备报警", "Device alarm"};
}

}  // namespace

std::string LocalTimeZh(UnixSeconds t, UnixSeconds now, const TimeZone& zone) {
    return LocalDayZh(t, now, zone) + " " + LocalClock(t, zone);
}

Text AlarmTitle(const AlarmSubject& s, UnixSeconds now, const TimeZone& zone, const Text& lead) {
    const Text device = DeviceKindName(s.device_kind);
    const Text kind = AlarmKindName(s.kind);
    const std::string zh_who = s.enterprise.empty() ? "" : "【" + s.enterprise + "】";
    const std::string en_who = s.enterprise.empty() ? "" : "[" + s.enterprise + "] ";
    std::string en_kind = kind.en;
    if (!lead.en.empty()) en_kind[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(en_kind[0])));
    return {zh_who + lead.zh + kind.zh + "：" + device.zh + " " + s.device_serial + "，" +
                LocalTimeZh(s.raised_at, now, zone),
            en_who + lead.en + en_kind + ": " + device.en + " " + s.device_serial + ", " +
                FormatLocalIsoDate(s.raised_at, zone) + " " + LocalClock(s.raised_at, zone)};
}

std::string DeadlineLine(std::optional<UnixSeconds> due_at, UnixSeconds now, const TimeZone& zone) {
    return due_at ? "整改期限：" + LocalDayZh(*due_at, now, zone) : std::string();
}

}  // namespace safegrid::services
