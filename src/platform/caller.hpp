// Who the current request runs for, per thread: the HTTP dispatch sets it once the session is
// known, and the store reads it to give that user read-your-writes on a read replica
// (storage/read_replica.hpp). Requests run on one worker thread from start to answer, so a
// thread-local is exactly the request's lifetime while a CallerScope is alive.
//
// Thread-safety: per thread by construction.
#pragma once

#include <cstdint>

namespace safegrid::platform {

// 0 when no signed-in user is known (public routes, background jobs).
int64_t CurrentCaller();
// A number unique to the CallerScope alive on this thread (0 when none): lets the store cache
// what it looked up about the caller for one request only (the replica's write positions).
uint64_t CurrentRequest();

// Sets the caller of this thread for its lifetime and restores the previous one after.
class CallerScope {
  public:
    explicit CallerScope(int64_t user_id);
    ~CallerScope();
    CallerScope(const CallerScope&) = delete;
    CallerScope& operator=(const CallerScope&) = delete;

  private:
    int64_t previous_;
    uint64_t previous_request_;
};

}  // namespace safegrid::platform
