// What notifications say about a hazard: the enterprise and the hazard by name, and the deadline as
// the town's calendar day, so a message read on a lock screen is understood without opening it
// ("【慈溪市宏达服饰有限公司】隐患《安全出口堵塞》已退回，请继续整改", body "整改期限：12月20日").
// Shared by NotificationService (transitions) and EscalationJob (reminders).
//
// Thread-safety: pure functions, except SubjectOf, which reads through the connection it is given.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "storage/db.hpp"
#include "storage/repositories/hazard_repository.hpp"

namespace safegrid::services {

// Who and what a message is about: the enterprise's name ("" for a report not yet assigned) and the
// hazard's title.
struct HazardSubject {
    std::string enterprise;
    std::string title;
};

// Reads the enterprise's name of `hazard` (a missing enterprise reads as none).
Result<HazardSubject> SubjectOf(storage::Connection& conn, const storage::HazardRecord& hazard);

// "【企业】隐患《标题》" / "[Enterprise] Hazard “title”" (without the enterprise when there is none).
// `noun` replaces 隐患/hazard (e.g. 重大隐患 / Major hazard).
std::string SubjectZh(const HazardSubject& s, const std::string& noun = "隐患");
std::string SubjectEn(const HazardSubject& s, const std::string& noun = "Hazard");

// The town's calendar day of `t`: "12月20日" in the year of `now`, "2027年1月5日" in another year.
std::string LocalDayZh(UnixSeconds t, UnixSeconds now, const TimeZone& zone);

// What a device alarm notification names: the enterprise, the device (its kind and serial), the
// alarm's kind and when it was raised (the town's clock).
struct AlarmSubject {
    std::string enterprise;
    std::string device_kind;  // smoke_detector, fire_panel, ... (core/device kDeviceKinds)
    std::string device_serial;
    std::string kind;  // fire | fault | offline | other
    UnixSeconds raised_at = 0;
};

// "【慈溪市宏达服饰有限公司】火警：烟感探测器 SD-0001，12月6日 02:13" /
// "[慈溪市宏达服饰有限公司] Fire alarm: smoke detector SD-0001, 2026-12-06 02:13". `lead` is put
// before the kind (zh "未确认" / en "Unacknowledged "), e.g. for an escalation.
Text AlarmTitle(const AlarmSubject& s, UnixSeconds now, const TimeZone& zone, const Text& lead = {});

// "12月6日 02:13" in the town's clock (the year when it is not now's).
std::string LocalTimeZh(UnixSeconds t, UnixSeconds now, const TimeZone& zone);

// "整改期限：12月20日", or "" without a deadline.
std::string DeadlineLine(std::optional<UnixSeconds> due_at, UnixSeconds now, const TimeZone& zone);

}  // namespace safegrid::services
