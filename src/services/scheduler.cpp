#include "services/scheduler.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <random>

#include "platform/metrics.hpp"
#include "storage/repositories/coordination_repository.hpp"
#include "storage/repositories/notification_repository.hpp"

namespace safegrid::services {

Scheduler::Scheduler(std::shared_ptr<storage::Database> db, const Clock& clock, std::chrono::milliseconds tick,
                     int64_t lease_seconds)
    : db_(std::move(db)), clock_(clock), tick_(tick), lease_seconds_(lease_seconds) {
    // Unique per scheduler, not only per process: two schedulers in one process (tests) must not
    // share a lease.
    std::random_device random;
    owner_ = std::to_string(::getpid()) + "-" + std::to_string(random()) + std::to_string(random());
}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Add(std::string name, int64_t period_seconds, Job job) {
    jobs_.push_back({std::move(name), period_seconds, std::move(job)});
}

bool Scheduler::Claim(const Entry& e, UnixSeconds now) {
    auto claimed = db_->Transact(true, [&](storage::Connection& conn) -> Result<bool> {
        storage::CoordinationRepository leases(conn);
        SG_ASSIGN_OR_RETURN(bool taken, leases.TakeJobLease(e.name, owner_, now, now + lease_seconds_));
        if (!taken || e.period <= 0) return taken;
        // Read holding the lease: a process that ran the job a moment ago has recorded it by now.
        SG_ASSIGN_OR_RETURN(auto last, storage::NotificationRepository(conn).LastJobRun(e.name));
        if (!last || now - *last >= e.period || now < *last) return true;
        SG_TRY(leases.ReleaseJobLease(e.name, owner_));
        return false;
    });
    if (!claimed) {
        spdlog::warn("job {}: cannot take its lease: {}", e.name, claimed.error().internal);
        return false;
    }
    return *claimed;
}

int Scheduler::RunDue() {
    std::lock_guard lock(run_mutex_);
    int ran = 0;
    for (const Entry& e : jobs_) {
        const UnixSeconds now = clock_.Now();
        if (!Claim(e, now)) continue;
        Result<std::string> result = Internal("job threw");
        try {
            result = e.job();
        } catch (const std::exception& ex) {
            // A bug in a job must not kill the scheduler thread (and with it every other job).
            result = Internal(ex.what());
        }
        ++ran;
        // Per process: summed over the processes, a due run counts once (tests/functional/multi_process_test).
        platform::Metrics::Global().Increment("safegrid_scheduler_job_runs_total{job=\"" + e.name + "\"}");
        std::string summary;
        if (result) {
            summary = "ok " + *result;
        } else {
            summary = "error: " + result.error().id + " " + result.error().internal;
            spdlog::warn("job {} failed: {}", e.name, summary);
        }
        // The record and the release commit together: whoever takes the lease next sees this run.
        auto recorded = db_->Transact(true, [&](storage::Connection& conn) -> Status {
            SG_TRY(storage::NotificationRepository(conn).RecordJobRun(e.name, now, summary.substr(0, 500)));
            return storage::CoordinationRepository(conn).ReleaseJobLease(e.name, owner_);
        });
        if (!recorded) spdlog::warn("job {}: cannot record its run: {}", e.name, recorded.error().internal);
    }
    return ran;
}

void Scheduler::Start() {
    if (tick_.count() <= 0 || thread_.joinable()) return;
    thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void Scheduler::Stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    wake_.notify_all();
    thread_.join();
    thread_ = std::jthread();
}

void Scheduler::Loop(std::stop_token stop) {
    while (!stop.stop_requested()) {
        RunDue();
        std::unique_lock lock(wait_mutex_);
        // Returns early when Stop() requests the stop (condition_variable_any + stop_token).
        wake_.wait_for(lock, stop, tick_, [] { return false; });
    }
}

}  // namespace safegrid::services
