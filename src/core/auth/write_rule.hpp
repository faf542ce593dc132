// The write rule, stated once: a read-only role (ReadOnlyRole: the county overseer) changes nothing
// but its own account (its password, its sessions, the read marks of its own inbox).
//
// It lives in core and is called by the services, not by http/dispatch, so every caller of a
// service (HTTP, the CLI, the scheduler, the device paths, whatever comes later) meets it: each
// service method that writes on behalf of a caller starts with RequireWriter, before any lookup or
// validation, so the answer is 403 `forbidden` whatever the ids or the body (docs/county.md).
//
// Thread-safety: pure functions.
#pragma once

#include "core/auth/principal.hpp"
#include "core/error.hpp"

namespace safegrid {

[[nodiscard]] bool CanWrite(const Principal& caller);
// 403 `forbidden` for a read-only caller.
[[nodiscard]] Status RequireWriter(const Principal& caller);
// A null caller is the system itself (seed, a command-line import, a job), which writes.
[[nodiscard]] Status RequireWriter(const Principal* caller);

}  // namespace safegrid
