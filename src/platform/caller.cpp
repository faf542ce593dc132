#include "platform/caller.hpp"

#include <atomic>

namespace safegrid::platform {
namespace {
thread_local int64_t current_caller = 0;
thread_local uint64_t current_request = 0;
std::atomic<uint64_t> next_request{1};
}  // namespace

int64_t CurrentCaller() { return current_caller; }
uint64_t CurrentRequest() { return current_request; }

CallerScope::CallerScope(int64_t user_id) : previous_(current_caller), previous_request_(current_request) {
    current_caller = user_id;
    current_request = next_request.fetch_add(1, std::memory_order_relaxed);
}
CallerScope::~CallerScope() {
    current_caller = previous_;
    current_request = previous_request_;
}

}  // namespace safegrid::platform
