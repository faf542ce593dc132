#include "core/gb26875/encoder.hpp"

#include <fmt/format.h>

#include "core/gb26875/adu.hpp"

namespace safegrid::gb26875 {
namespace {

std::string Reply(const Header& received, const TimeLabel& now, Command command) {
    Header h = received;
    h.time = now;
    h.source = received.destination;
    h.destination = received.source;
    h.command = static_cast<uint8_t>(command);
    return EncodeFrame(h, {});
}

Header Originated(const Origin& o, Command command) {
    Header h;
    h.serial = o.serial;
    h.time = o.now;
    h.source = o.centre;
    h.destination = o.uitd;
    h.command = static_cast<uint8_t>(command);
    return h;
}

// The control ADUs below are built from fixed, valid objects, so EncodeAdu cannot fail for them.
std::string Control(const Origin& o, uint8_t type, Object object) {
    const auto adu = EncodeAdu(type, {std::move(object)});
    return adu ? EncodeFrame(Originated(o, Command::kControl), *adu) : std::string();
}

}  // namespace

std::string EncodeConfirm(const Header& received, const TimeLabel& now) {
    return Reply(received, now, Command::kConfirm);
}

std::string EncodeDeny(const Header& received, const TimeLabel& now) { return Reply(received, now, Command::kDeny); }

std::string EncodeClockSync(const Origin& origin, const TimeLabel& centre_time) {
    return Control(origin, adu_type::kSyncClock, ClockSync{centre_time});
}

std::string EncodePatrolCheck(const Origin& origin, uint8_t timeout_minutes) {
    return Control(origin, adu_type::kPatrolCheck, PatrolCheck{timeout_minutes});
}

std::string EncodeInitialise(const Origin& origin) { return Control(origin, adu_type::kInitialiseUitd, Reserved{0}); }

Result<std::string> EncodeQuery(const Origin& origin, uint8_t type, const std::vector<Object>& objects) {
    const bool query = (type >= adu_type::kReadSystemState && type <= adu_type::kReadFacilityTime) ||
                       (type >= adu_type::kReadUitdState && type <= adu_type::kReadUitdTime);
    if (!query || FindType(type) == nullptr) {
        auto e = Invalid("type", {"不是查询类型", "Not a query type"});
        e.value().internal = fmt::format("EncodeQuery with type {}", type);
        return e;
    }
    SG_ASSIGN_OR_RETURN(std::string adu, EncodeAdu(type, objects));
    return EncodeFrame(Originated(origin, Command::kRequest), adu);
}

}  // namespace safegrid::gb26875
