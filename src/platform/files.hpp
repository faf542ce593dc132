// Small files that must survive a crash whole: written under a temporary name in the same
// directory, fsynced, renamed over the final name, and the directory fsynced (POSIX promises the
// rename only then). Readers see the old file or the new one, never a mix.
//
// Thread-safety: the functions are thread-safe; two writers of one path leave one of the two.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace safegrid::platform {

// Creates the parent directories if missing, then replaces `path` with `content` atomically. The
// file gets `mode` (e.g. 0600 for secrets) from its creation on, so it is never readable by others.
Status WriteFileAtomically(const std::string& path, std::string_view content, mode_t mode = 0644);

// Creates `path` with `content` only if it does not exist yet (durably, as above); true when this
// call created it, false when it was there already (another process may have won the race).
Result<bool> CreateFileIfMissing(const std::string& path, std::string_view content, mode_t mode);

// The whole file, std::nullopt when it does not exist; an error when it cannot be read or is
// larger than `max_bytes`.
Result<std::optional<std::string>> ReadFileIfExists(const std::string& path, size_t max_bytes);

}  // namespace safegrid::platform
