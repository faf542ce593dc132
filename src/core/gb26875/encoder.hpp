// The frames the monitoring centre sends (GB26875.md §1, §3): replies to a UITD's frame and the
// control and query commands the gateway originates. Each returns the whole frame, ready to write.
//
// Replies (confirm, cmd 3; deny, cmd 6) echo the received frame's serial and version, swap its
// source and destination, carry an empty ADU and the centre's own send time. Commands the centre
// originates take the centre's serial (its own counter per connection, from 0) and addresses.
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

// Confirms `received` (a valid upload, or a duplicate of one: confirm it again).
std::string EncodeConfirm(const Header& received, const TimeLabel& now);
// Denies `received` (bad checksum, reserved command, ADU too long: Rejected::header).
std::string EncodeDeny(const Header& received, const TimeLabel& now);

// Who sends a centre-originated command, and when.
struct Origin {
    uint16_t serial = 0;
    Address centre;
    Address uitd;
    TimeLabel now;
};

// cmd 1, type 90: set the UITD's clock to `centre_time`.
std::string EncodeClockSync(const Origin& origin, const TimeLabel& centre_time);
// cmd 1, type 91: ask the duty officer to answer within `timeout_minutes` (the answer comes back as
// a type 24 upload with the patrol_answer flag).
std::string EncodePatrolCheck(const Origin& origin, uint8_t timeout_minutes);
// cmd 1, type 89: initialise the UITD.
std::string EncodeInitialise(const Origin& origin);
// cmd 4 with a query type (61–68, 81–88) and its objects; fails as EncodeAdu does, or when `type`
// is not a query.
Result<std::string> EncodeQuery(const Origin& origin, uint8_t type, const std::vector<Object>& objects);

}  // namespace safegrid::gb26875
