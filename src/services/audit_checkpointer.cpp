#include "services/audit_checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace safegrid::services {

AuditCheckpointer::AuditCheckpointer(AuditService& audit, const Clock& clock, AuditCheckpointFiles files,
                                     std::string database, std::chrono::milliseconds interval)
    : audit_(audit), clock_(clock), files_(std::move(files)), database_(std::move(database)), interval_(interval) {}

AuditCheckpointer::~AuditCheckpointer() {
    if (thread_.joinable()) {
        thread_.request_stop();
        wake_.notify_all();
        thread_.join();
    }
}

Result<AuditCheckpoint> AuditCheckpointer::WriteNow() {
    std::lock_guard lock(write_mutex_);
    const std::string path = Path();
    // A checkpoint that cannot be read or whose signature fails is not overwritten either: it is
    // evidence, and an operator has to look at it (docs/security.md "Audit chain").
    SG_ASSIGN_OR_RETURN(std::optional<AuditCheckpoint> base, files_.Read(path));
    SG_ASSIGN_OR_RETURN(auto chains, audit_.CheckpointChains(base ? &*base : nullptr));
    AuditCheckpoint next;
    next.database = database_;
    next.written_at = clock_.Now();
    next.chains = std::move(chains);
    return files_.Write(path, std::move(next));
}

void AuditCheckpointer::WriteAndLog(const char* when) {
    auto written = WriteNow();
    if (written) {
        spdlog::debug("audit checkpoint written ({}): {} chains to {}", when, written->chains.size(), Path());
        return;
    }
    spdlog::error("AUDIT CHECKPOINT NOT WRITTEN ({}): {} / {} ({}); the checkpoint {} is kept", when,
                  written.error().message.zh, written.error().message.en, written.error().internal, Path());
}

void AuditCheckpointer::Start() {
    if (thread_.joinable() || interval_.count() <= 0) return;
    thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void AuditCheckpointer::Stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    wake_.notify_all();
    thread_.join();
    thread_ = std::jthread();
    WriteAndLog("shutdown");
}

void AuditCheckpointer::Loop(std::stop_token stop) {
    while (!stop.stop_requested()) {
        WriteAndLog("periodic");
        std::unique_lock lock(wait_mutex_);
        // Returns early when Stop() requests the stop (condition_variable_any + stop_token).
        wake_.wait_for(lock, stop, interval_, [] { return false; });
    }
}

}  // namespace safegrid::services
