#include "services/scheduler.hpp"

#include <spdlog/spdlog.h>

#include "storage/repositories/notification_repository.hpp"

namespace safegrid::services {

Scheduler::Scheduler(std::shared_ptr<storage::Database> db, const Clock& clock, std::chrono::milliseconds tick)
    : db_(std::move(db)), clock_(clock), tick_(tick) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Add(std::string name, int64_t period_seconds, Job job) {
    jobs_.push_back({std::move(name), period_seconds, std::move(job)});
}

int Scheduler::RunDue() {
    std::lock_guard lock(run_mutex_);
    int ran = 0;
    for (const Entry& e : jobs_) {
        const UnixSeconds now = clock_.Now();
        if (e.period > 0) {
            auto last = db_->Transact(false, [&](storage::Connection& conn) {
                return storage::NotificationRepository(conn).LastJobRun(e.name);
            });
            if (!last) {
                spdlog::warn("job {}: cannot read its last run: {}", e.name, last.error().internal);
                continue;
            }
            if (*last && now - **last < e.period && now >= **last) continue;
        }
        Result<std::string> result = Internal("job threw");
        try {
            result = e.job();
        } catch (const std::exception& ex) {
            // A bug in a job must not kill the scheduler thread (and with it every other job).
            result = Internal(ex.what());
        }
        ++ran;
        std::string summary;
        if (result) {
            summary = "ok " + *result;
        } else {
            summary = "error: " + result.error().id + " " + result.error().internal;
            spdlog::warn("job {} failed: {}", e.name, summary);
        }
        auto recorded = db_->Transact(true, [&](storage::Connection& conn) {
            return storage::NotificationRepository(conn).RecordJobRun(e.name, now, summary.substr(0, 500));
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
