#include "core/gb26875/upload.hpp"

#include <fmt/format.h>

#include "core/gb26875/adu.hpp"
#include "core/gb26875/encoder.hpp"

namespace safegrid::gb26875 {
namespace {

Header Uploaded(const UnitOrigin& o) {
    Header h;
    h.serial = o.serial;
    h.time = o.now;
    h.source = o.uitd;
    h.destination = o.centre;
    h.command = static_cast<uint8_t>(Command::kSendData);
    return h;
}

}  // namespace

bool IsUploadType(uint8_t type) {
    const bool range = (type >= adu_type::kSystemState && type <= adu_type::kFacilityTime) ||
                       (type >= adu_type::kUitdState && type <= adu_type::kUitdTime);
    return range && FindType(type) != nullptr;
}

Result<std::string> EncodeUpload(const UnitOrigin& origin, uint8_t type, const std::vector<Object>& objects) {
    if (!IsUploadType(type)) {
        auto e = Invalid("type", {"不是上传类型", "Not an upload type"});
        e.value().internal = fmt::format("EncodeUpload with type {}", type);
        return e;
    }
    SG_ASSIGN_OR_RETURN(std::string adu, EncodeAdu(type, objects));
    return EncodeFrame(Uploaded(origin), adu);
}

std::string EncodeHeartbeat(const UnitOrigin& origin) { return EncodeFrame(Uploaded(origin), {}); }

// The unit answers like the centre does: same serial, swapped addresses, empty ADU.
std::string EncodeUnitConfirm(const Header& command, const TimeLabel& now) { return EncodeConfirm(command, now); }

}  // namespace safegrid::gb26875
