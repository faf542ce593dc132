// How a long operation (an import, a backup, a restore, the migrations) says how far it got:
// `done` of `total` units (rows, pages, bytes, migrations). The operation calls it now and then;
// the command line turns the calls into a terminal progress line (app/progress.hpp), and nothing
// else needs to know terminals exist. An empty function means nobody is listening.
#pragma once

#include <cstdint>
#include <functional>

namespace safegrid {

using ProgressFn = std::function<void(int64_t done, int64_t total)>;

// Row-by-row work reports every this many rows (and at its end): often enough for a terminal
// line, rarely enough to cost nothing next to the rows themselves.
inline constexpr int64_t kProgressEveryRows = 100;

// Calls `fn` when it is set.
inline void ReportProgress(const ProgressFn& fn, int64_t done, int64_t total) {
    if (fn) fn(done, total);
}

}  // namespace safegrid
