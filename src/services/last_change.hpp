// Who changed a record last, and what: read from the audit chain, for the answer to a stale edit
// (409 version_conflict). An office worker who saved over an old form should see "王芳 changed
// the phone from … to … at 10:02", then decide; they never overwrite it blindly.
//
// Thread-safety: plain functions over the caller's Connection.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct FieldChange {
    std::string field;  // the audit JSON's key (the resource's field, flattened: responsible_name)
    boost::json::value before;
    boost::json::value after;
};

struct LastChange {
    std::optional<int64_t> actor_id;  // null: a system write (seed, import, command line)
    std::string actor_name;           // the display name as the users table has it now, else the login
    UnixSeconds at = 0;
    std::string action;               // "create", "update", ...
    std::vector<FieldChange> fields;  // only the fields whose value differs; key order
};

// A stale edit's answer: the record as stored now and the change that moved it on.
template <class T>
struct StaleEdit {
    T current;
    std::optional<LastChange> last_change;  // null when the chain has no entry (never for a versioned edit)
};

// The keys of two audit JSON objects whose values differ, "version" left out (it always moves).
// A key present on one side only counts as changed (its other side is null).
std::vector<FieldChange> ChangedFields(const boost::json::value& before, const boost::json::value& after);

// The newest audit entry of one entity in the chain of `town_id`. The caller has already checked
// that its user may see the entity (call inside a transaction).
Result<std::optional<LastChange>> ReadLastChange(storage::Connection& conn, int64_t town_id, std::string_view entity,
                                                 int64_t entity_id);

}  // namespace safegrid::services
