// Logger set-up. Everything logs through spdlog's default logger; lines carry the
// request id where there is one ("rid=..."). Format: time, level, message.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace safegrid::platform {

// level: "trace" | "debug" | "info" | "warn" | "error"; logs go to stderr.
void SetupLogging(std::string_view level);

}  // namespace safegrid::platform
