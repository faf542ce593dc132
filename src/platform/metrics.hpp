// Process-wide metrics, rendered as Prometheus text at /metrics.
// Requests by route and status (counter + latency histogram) and store timings by operation.
//
// Thread-safety: all methods are thread-safe and cheap (a mutex per observation).
#pragma once

#include <string>
#include <string_view>

namespace safegrid::platform {

class Metrics {
  public:
    static Metrics& Global();
    void ObserveRequest(std::string_view route, std::string_view method, int status, double seconds);
    // op: "query", "execute", "commit", "acquire"; backend: "sqlite" | "postgres"
    void ObserveStore(std::string_view backend, std::string_view op, double seconds);
    void Increment(std::string_view counter_name, double by = 1);  // free-form counters (e.g. jobs)
    [[nodiscard]] std::string RenderPrometheus() const;
    void ResetForTest();
};

}  // namespace safegrid::platform
