// The frames a user information transmission unit (UITD) sends: what the gateway's tests and
// `safegrid simulate-devices` need to speak as a unit (GB26875.md §1, §5). The centre's own frames
// are encoder.hpp.
//
// An upload is cmd 2 ("send data") with one ADU: system state (1), component state (2), facility
// operation (4), UITD state (21), UITD operation (24), UITD time (28) or any other upload type the
// codec knows. The unit's serial is its own counter (from 0 per connection); a resend of a frame that
// was not confirmed reuses the serial AND the time label, so the centre can tell it is a repeat.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/gb26875/frame.hpp"
#include "core/gb26875/objects.hpp"

namespace safegrid::gb26875 {

// Who sends an upload, and when (the unit's own clock).
struct UnitOrigin {
    uint16_t serial = 0;
    Address uitd;
    Address centre;
    TimeLabel now;
};

// Whether `type` is one a unit uploads (1–8, 21–28 as the codec defines them).
bool IsUploadType(uint8_t type);

// cmd 2 carrying `type` and its objects. Errors as EncodeAdu (wrong object for the type, n out of
// range, over 1024 bytes) and kValidation "type" when `type` is not an upload type.
Result<std::string> EncodeUpload(const UnitOrigin& origin, uint8_t type, const std::vector<Object>& objects);

// cmd 2 with an empty ADU: the heartbeat most units send every 20–30 s (GB26875.md §10, vector R23).
std::string EncodeHeartbeat(const UnitOrigin& origin);

// A unit's reply to a centre command (cmd 1 or 4): confirm (cmd 3) with the command's serial.
std::string EncodeUnitConfirm(const Header& command, const TimeLabel& now);

}  // namespace safegrid::gb26875
