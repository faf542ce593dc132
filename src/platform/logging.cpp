#include "platform/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <memory>
#include <mutex>
#include <string>

namespace safegrid::platform {
namespace {

// Unknown names fall back to info: a typo in a config file must not silence the logs.
bool ParseLevel(std::string_view name, spdlog::level::level_enum& out) {
    if (name == "trace")
        out = spdlog::level::trace;
    else if (name == "debug")
        out = spdlog::level::debug;
    else if (name == "info" || name.empty())
        out = spdlog::level::info;
    else if (name == "warn" || name == "warning")
        out = spdlog::level::warn;
    else if (name == "error" || name == "err")
        out = spdlog::level::err;
    else if (name == "critical")
        out = spdlog::level::critical;
    else if (name == "off")
        out = spdlog::level::off;
    else {
        out = spdlog::level::info;
        return false;
    }
    return true;
}

}  // namespace

void SetupLogging(std::string_view level) {
    // Set-up normally runs once at start, but tests may call it again; serialise replacements.
    static std::mutex mu;
    std::lock_guard lock(mu);

    spdlog::level::level_enum lvl;
    const bool known = ParseLevel(level, lvl);

    // Plain (uncoloured) stderr: the output usually goes to journald or a file, where colour
    // escapes are noise. The sink flushes every line, so nothing is lost on a crash.
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>("safegrid", std::move(sink));
    // UTC with a literal Z: lines from several hosts sort and compare without time-zone guessing.
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    logger->set_level(lvl);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));

    if (!known) spdlog::warn("unknown log level '{}', using info", std::string(level));
}

}  // namespace safegrid::platform
