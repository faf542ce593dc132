// Write load for the failover tests (failover_promote_test, failover_patroni_test): four clients
// POST hazards through `serve` while the primary is lost, and record every answer, so each test
// can check the same things — every answer 201 or 503 with Retry-After, none slow, and every
// acknowledged id still there after the failover.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "functional/pg_pair.hpp"

namespace safegrid::testing::failover_load {

using Clock = std::chrono::steady_clock;

struct Outcomes {
    std::mutex mu;
    std::vector<int64_t> acked;         // ids of hazards answered 201
    std::map<int, int> statuses;        // status → how many (-1: a client could not sign in)
    int unavailable_without_retry = 0;  // 503s lacking Retry-After (header or body)
    std::chrono::milliseconds slowest{0};
};

inline void Writer(uint16_t port, int64_t enterprise_id, int n, const std::atomic<bool>& stop, Outcomes& out) {
    HttpClient client("127.0.0.1", port);
    if (client.Login("inspector1").status != 200) {
        std::lock_guard lock(out.mu);
        ++out.statuses[-1];
        return;
    }
    for (int i = 0; !stop; ++i) {
        const auto start = Clock::now();
        auto r =
            pg_pair::PostHazard(client, enterprise_id, "故障切换写入 " + std::to_string(n) + "-" + std::to_string(i));
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        // Like a client that honours Retry-After, but keeping the test short.
        if (r.status != 201) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::lock_guard lock(out.mu);
        ++out.statuses[r.status];
        out.slowest = std::max(out.slowest, took);
        if (r.status == 201) out.acked.push_back(r.Json().at("id").as_int64());
        if (r.status == 503) {
            const boost::json::value body = r.Json();
            const bool in_body = body.is_object() && body.at("error").as_object().contains("retry_after");
            if (!r.headers.contains("retry-after") || !in_body) ++out.unavailable_without_retry;
        }
    }
}

inline bool WaitFor(const std::function<bool()>& done, std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
}

// The writers, running from construction until Stop() (or destruction: a failed ASSERT must not
// leave joinable threads behind, which would abort the whole test binary).
class Load {
  public:
    Load(uint16_t port, int64_t enterprise_id, int clients = 4) {
        for (int n = 0; n < clients; ++n) {
            threads_.emplace_back([this, port, enterprise_id, n] { Writer(port, enterprise_id, n, stop_, out_); });
        }
    }
    ~Load() { Stop(); }
    Load(const Load&) = delete;
    Load& operator=(const Load&) = delete;

    void Stop() {
        stop_ = true;
        for (auto& t : threads_) {
            if (t.joinable()) t.join();
        }
    }
    int Count(int status) {
        std::lock_guard lock(out_.mu);
        return out_.statuses[status];
    }
    // Waits until `n` answers with `status` were counted.
    bool WaitForCount(int status, int n, std::chrono::seconds limit) {
        return WaitFor([&] { return Count(status) >= n; }, limit);
    }

    // After Stop(): every answer was 201 or a 503 carrying Retry-After, and none hung.
    void ExpectOnlyAcksAndRetryableUnavailability() {
        std::lock_guard lock(out_.mu);
        for (const auto& [status, n] : out_.statuses) {
            EXPECT_TRUE(status == 201 || status == 503) << n << " answers with status " << status;
        }
        EXPECT_EQ(out_.unavailable_without_retry, 0);
        EXPECT_LT(out_.slowest, std::chrono::milliseconds(15000)) << "a request hung during the outage";
    }

    // "id1,id2,…" of the acknowledged hazards, and how many there are.
    std::pair<std::string, size_t> AckedIds() {
        std::lock_guard lock(out_.mu);
        std::string ids;
        for (int64_t id : out_.acked) ids += (ids.empty() ? "" : ",") + std::to_string(id);
        return {ids, out_.acked.size()};
    }

  private:
    Outcomes out_;
    std::atomic<bool> stop_{false};
    std::vector<std::thread> threads_;
};

}  // namespace safegrid::testing::failover_load
