// The in-process scheduler (no external cron): one thread wakes every `tick` and runs each
// registered job that is due, then records the run in job_runs (last_run_at, "ok ..." or
// "error: ..."). A job with period 0 runs at every tick (the deadline scan, the outbox); a job with
// a period runs when the Clock says at least that long has passed since its last recorded run, so
// a daily job stays daily across restarts.
//
// A failing job is logged and recorded and tried again at the next tick (it is not "done"). Jobs
// must be idempotent (they are: see escalation_job.hpp, outbox_sender.hpp).
//
// Several processes on one store (docs/multi-process.md): a job runs only in the
// process that holds its lease (job_leases, migration 0029), taken with one conditional upsert
// before the due check and given back with the run's record in one transaction. So a due run
// happens in exactly one process, and an every-tick job never runs in two at once. A lease row, not
// a PostgreSQL advisory lock: the jobs commit in several transactions of their own (an xact lock
// would cover only one) and a session lock would pin one pooled connection per job; the row is one
// code path on both stores, tested on both, and a process that dies mid-run frees its leases after
// `lease_seconds` (longer than any job takes). A process that loses the race skips the run.
//
// Stop() wakes the thread and joins it; a job that is running finishes first (each job's unit of
// work is short). Start/Stop/RunDue may be called from any thread; jobs run one at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

class Scheduler {
  public:
    // What a job returns on success: a short summary for job_runs.last_result.
    using Job = std::function<Result<std::string>()>;

    // tick 0: Start() does nothing (the scheduler is disabled; RunDue still works).
    Scheduler(std::shared_ptr<storage::Database> db, const Clock& clock, std::chrono::milliseconds tick,
              int64_t lease_seconds = 900);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Register before Start. `period_seconds` 0 = every tick.
    void Add(std::string name, int64_t period_seconds, Job job);

    // Runs every job due now whose lease this process gets, in registration order; returns how
    // many ran. Failures are recorded, not returned (one job's failure must not starve the others).
    int RunDue();

    void Start();
    void Stop();
    [[nodiscard]] bool Running() const { return thread_.joinable(); }

  private:
    struct Entry {
        std::string name;
        int64_t period = 0;
        Job job;
    };
    void Loop(std::stop_token stop);
    // Takes the job's lease and checks, holding it, that the job is due. True: run it now.
    bool Claim(const Entry& e, UnixSeconds now);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    std::chrono::milliseconds tick_;
    int64_t lease_seconds_;
    std::string owner_;  // this scheduler's name in job_leases: the pid and a random part
    std::vector<Entry> jobs_;
    std::mutex run_mutex_;  // RunDue from a test and from the thread never overlap
    std::mutex wait_mutex_;
    std::condition_variable_any wake_;
    std::jthread thread_;
};

}  // namespace safegrid::services
