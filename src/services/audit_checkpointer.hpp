// Keeps the audit checkpoint of a running server fresh (CONTRACT.md: written at least every
// minute and at shutdown): one thread writes it at Start, then every `interval`, and Stop writes a
// last one. A store that no longer reaches the checkpoint in force (a deleted tail, an older copy
// put back while the server was down) gets no new checkpoint: the old one is kept as evidence and
// the refusal is logged as an error at every attempt (see AuditService::CheckpointChains).
//
// Thread-safety: WriteNow may be called from any thread (writes are serialised); Start and Stop
// from one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_checkpoint.hpp"
#include "services/audit_service.hpp"

namespace safegrid::services {

class AuditCheckpointer {
  public:
    AuditCheckpointer(AuditService& audit, const Clock& clock, AuditCheckpointFiles files, std::string database,
                      std::chrono::milliseconds interval);
    ~AuditCheckpointer();
    AuditCheckpointer(const AuditCheckpointer&) = delete;
    AuditCheckpointer& operator=(const AuditCheckpointer&) = delete;

    // Writes the checkpoint of the store as it is now over the one in force (read and checked first).
    Result<AuditCheckpoint> WriteNow();
    [[nodiscard]] std::string Path() const { return files_.PathFor(database_); }

    void Start();
    // Stops the thread, then writes the shutdown checkpoint (only if Start ran; once).
    void Stop();

  private:
    void Loop(std::stop_token stop);
    void WriteAndLog(const char* when);

    AuditService& audit_;
    const Clock& clock_;
    AuditCheckpointFiles files_;
    std::string database_;
    std::chrono::milliseconds interval_;
    std::mutex write_mutex_;
    std::mutex wait_mutex_;
    std::condition_variable_any wake_;
    std::jthread thread_;
};

}  // namespace safegrid::services
