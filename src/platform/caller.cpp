#include "platform/caller.hpp"

namespace safegrid::platform {
namespace {
thread_local int64_t current_caller = 0;
}  // namespace

int64_t CurrentCaller() { return current_caller; }

CallerScope::CallerScope(int64_t user_id) : previous_(current_caller) { current_caller = user_id; }
CallerScope::~CallerScope() { current_caller = previous_; }

}  // namespace safegrid::platform
