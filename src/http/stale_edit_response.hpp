// The answer to a stale edit (409 version_conflict) of a registry record: the contract's error
// object {"code","message","fields"} with two more members, so the web can show who changed what
// instead of a bare "reload and retry":
//   "current":     the record as GET answers it now (with its new version)
//   "last_change": {"actor_id", "actor_name", "at", "action",
//                   "changes": [{"field", "before", "after"}]}  or null
// `changes` names the audit entry's fields (flattened, e.g. responsible_name), "version" left out.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <optional>

#include "core/error.hpp"
#include "http/message.hpp"
#include "services/last_change.hpp"

namespace safegrid::http {

boost::json::value LastChangeJson(const std::optional<services::LastChange>& change);

Response StaleEditResponse(const Error& error, Locale locale, boost::json::value current,
                           const std::optional<services::LastChange>& change);

}  // namespace safegrid::http
