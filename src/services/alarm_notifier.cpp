#include "services/alarm_notifier.hpp"

#include <cmath>

#include "core/duty/duty.hpp"
#include "services/notification_text.hpp"

namespace safegrid::services {
namespace {

using storage::DutyAlarm;
using storage::NotificationRepository;
using storage::Recipient;

AlarmSubject SubjectOf(const DutyAlarm& a) {
    return {a.enterprise_name, a.device_kind, a.device_serial, a.kind, a.raised_at};
}

// What the people in charge are asked to do, by kind (the body is Chinese only, as every body).
std::string RaisedBody(const std::string& kind) {
    if (kind == "fire") return "请立即核查现场，确认后在平台上处理报警";
    if (kind == "offline") return "设备已离线，请联系单位检查供电与网络";
    if (kind == "fault") return "设备报告故障，请督促单位尽快检修";
    return "请核查设备报警";
}

void Append(std::vector<Recipient>& out, std::vector<Recipient> more) {
    out.insert(out.end(), more.begin(), more.end());
}

// Role village of `village` and the village's responsible user.
Result<std::vector<Recipient>> VillageOfficers(storage::Connection& conn, int64_t town, int64_t village) {
    NotificationRepository repo(conn);
    SG_ASSIGN_OR_RETURN(auto users, repo.Users(town, "village", village, std::nullopt));
    SG_ASSIGN_OR_RETURN(auto responsible, repo.ResponsibleUser(village));
    if (responsible) users.push_back(*responsible);
    return users;
}

}  // namespace

AlarmNotifier::AlarmNotifier(const Clock& clock, NotificationService& notifications, TimeZone zone)
    : clock_(clock), notifications_(notifications), zone_(zone) {}

std::string AlarmNotifier::Link(int64_t alarm_id) { return "/alarms?open=" + std::to_string(alarm_id); }

Result<AlarmNotifier::StationAudience> AlarmNotifier::NearestStationUsers(storage::Connection& conn,
                                                                          const DutyAlarm& a) {
    StationAudience out;
    if (!a.enterprise_lat || !a.enterprise_lng) return out;  // nowhere to measure from
    SG_ASSIGN_OR_RETURN(auto all, storage::AlarmDutyRepository(conn).Stations(a.path.town_id));
    std::vector<storage::DutyStation> placed;
    std::vector<GeoPoint> points;
    for (auto& s : all) {
        if (s.lat == 0 && s.lng == 0) continue;
        points.push_back({s.lat, s.lng});
        placed.push_back(std::move(s));
    }
    const GeoPoint site{*a.enterprise_lat, *a.enterprise_lng};
    const auto nearest = NearestPoint(site, points);
    if (!nearest) return out;
    const storage::DutyStation& station = placed[*nearest];
    out.station = station.name;
    out.metres = std::llround(HaversineMeters(site, points[*nearest]));
    if (station.responsible_user_id) {
        SG_ASSIGN_OR_RETURN(
            auto user, storage::AlarmDutyRepository(conn).EnabledUser(*station.responsible_user_id, a.path.town_id));
        if (user) out.users.push_back(*user);
    }
    if (!out.users.empty()) return out;
    // Nobody tied to the station: the officers of its village answer for it, the town's office
    // for a town-level station.
    if (station.village_id) {
        SG_ASSIGN_OR_RETURN(out.users, VillageOfficers(conn, a.path.town_id, *station.village_id));
    } else {
        SG_ASSIGN_OR_RETURN(out.users,
                            NotificationRepository(conn).Users(a.path.town_id, "town", std::nullopt, std::nullopt));
    }
    return out;
}

Status AlarmNotifier::NotifyRaised(storage::Connection& conn, int64_t alarm_id) {
    SG_TRY(NotifyRaisedCount(conn, alarm_id));
    return {};
}

Result<int64_t> AlarmNotifier::NotifyRaisedCount(storage::Connection& conn, int64_t alarm_id) {
    SG_ASSIGN_OR_RETURN(auto found, storage::AlarmDutyRepository(conn).Find(alarm_id));
    if (!found) return NotFound();
    const DutyAlarm& a = *found;
    const UnixSeconds now = clock_.Now();
    NotificationRepository repo(conn);
    std::vector<Recipient> responsible;
    if (a.path.grid_id) {
        SG_ASSIGN_OR_RETURN(auto inspectors, repo.Users(a.path.town_id, "inspector", a.path.grid_id, std::nullopt));
        Append(responsible, std::move(inspectors));
    }
    SG_ASSIGN_OR_RETURN(auto own, repo.Users(a.path.town_id, "enterprise", std::nullopt, a.enterprise_id));
    Append(responsible, std::move(own));
    const NotificationText text{"alarm_" + a.kind, AlarmTitle(SubjectOf(a), now, zone_), RaisedBody(a.kind)};
    const std::string prefix = "alarm:" + std::to_string(a.id) + ":raised";
    SG_ASSIGN_OR_RETURN(int64_t written,
                        notifications_.NotifyUsers(conn, a.path.town_id, responsible, text, Link(a.id), prefix));
    if (a.kind != "fire") return written;
    SG_ASSIGN_OR_RETURN(StationAudience station, NearestStationUsers(conn, a));
    if (station.users.empty()) return written;
    // The station's people are told where to go: the station is named with its distance.
    const NotificationText to_station{
        "alarm_fire_station", text.title,
        "距离最近的微型消防站：" + station.station + "（约" + std::to_string(station.metres) + "米），请立即出动核查"};
    SG_ASSIGN_OR_RETURN(
        int64_t more, notifications_.NotifyUsers(conn, a.path.town_id, station.users, to_station, Link(a.id), prefix));
    return written + more;
}

Result<int64_t> AlarmNotifier::NotifyLevel(storage::Connection& conn, const DutyAlarm& a, int64_t level) {
    std::vector<Recipient> users;
    if (level == 1 && a.path.village_id) {
        SG_ASSIGN_OR_RETURN(users, VillageOfficers(conn, a.path.town_id, *a.path.village_id));
    } else if (level >= 2) {
        SG_ASSIGN_OR_RETURN(users,
                            NotificationRepository(conn).Users(a.path.town_id, "town", std::nullopt, std::nullopt));
    }
    if (users.empty()) return int64_t{0};
    const UnixSeconds now = clock_.Now();
    const int64_t minutes = std::max<int64_t>(0, now - a.raised_at) / 60;
    const bool fire = a.kind == "fire";
    const Text lead = fire ? Text{"未确认", "Unacknowledged "} : Text{"长时间未处理", "Unattended "};
    const std::string whom = level >= 2 ? "已上报镇级" : "已通报村级";
    const NotificationText text{level >= 2 ? "alarm_escalated_town" : "alarm_escalated_village",
                                AlarmTitle(SubjectOf(a), now, zone_, lead),
                                "报警已" + std::to_string(minutes) + "分钟无人确认，" + whom + "，请督促处置"};
    return notifications_.NotifyUsers(conn, a.path.town_id, users, text, Link(a.id),
                                      "alarm:" + std::to_string(a.id) + ":level" + std::to_string(level));
}

}  // namespace safegrid::services
