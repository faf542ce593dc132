#include "platform/metrics.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace safegrid::platform {
namespace {

// Upper bounds in seconds. HTTP: 0.5 ms … 5 s. Store operations are often well under a
// millisecond on SQLite, so their histogram starts lower.
constexpr std::array<double, 13> kRequestBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                 0.1,    0.25,  0.5,    1,     2.5,  5};
constexpr std::array<double, 15> kStoreBuckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                               0.05,   0.1,     0.25,   0.5,   1,      2.5,   5};

// A bound on distinct label sets per family: a caller passing raw paths instead of route
// templates must not grow memory without limit. Extra series fold into one "_other" series.
constexpr size_t kMaxSeries = 2000;

struct Histogram {
    std::vector<uint64_t> counts;  // per bucket (not cumulative); the last slot is +Inf
    double sum = 0;
    uint64_t count = 0;

    void Observe(std::span<const double> bounds, double v) {
        if (counts.empty()) counts.assign(bounds.size() + 1, 0);
        size_t i = 0;
        while (i < bounds.size() && v > bounds[i]) ++i;
        ++counts[i];
        sum += v;
        ++count;
    }
};

struct State {
    std::mutex mu;
    std::map<std::tuple<std::string, std::string, std::string>, uint64_t> requests;  // route, method, status
    std::map<std::pair<std::string, std::string>, Histogram> request_seconds;        // route, method
    std::map<std::pair<std::string, std::string>, Histogram> store_seconds;          // backend, op
    std::map<std::string, std::map<std::string, double>> counters;                   // name → labels → value
};

State& S() {
    static State state;  // never destroyed before the last observer: function-local static
    return state;
}

std::string EscapeLabel(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out.push_back(c);
    }
    return out;
}

// Metric and label names: [a-zA-Z_:][a-zA-Z0-9_:]*; anything else becomes '_'.
std::string SanitizeName(std::string_view name, bool allow_colon = true) {
    std::string out;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        (allow_colon && c == ':');
        out.push_back(ok ? c : '_');
    }
    if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(out.begin(), '_');
    return out;
}

std::string FormatValue(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    return fmt::format("{}", v);
}

// Clock hiccups or bad callers may pass negative/NaN durations; a histogram must stay monotonic.
double Clean(double seconds) { return (std::isnan(seconds) || seconds < 0) ? 0.0 : seconds; }

// Splits `name{k="v",...}` into a sanitized name and a re-escaped label string. Labels that do
// not parse are dropped rather than emitted half-broken (a bad line breaks the whole scrape).
std::pair<std::string, std::string> ParseCounterName(std::string_view full) {
    const size_t brace = full.find('{');
    if (brace == std::string_view::npos) return {SanitizeName(full), ""};
    std::string name = SanitizeName(full.substr(0, brace));
    std::string_view rest = full.substr(brace + 1);
    if (rest.empty() || rest.back() != '}') return {name, ""};
    rest.remove_suffix(1);
    std::string labels;
    size_t i = 0;
    while (i < rest.size()) {
        const size_t eq = rest.find('=', i);
        if (eq == std::string_view::npos || eq + 1 >= rest.size() || rest[eq + 1] != '"') return {name, ""};
        std::string key = SanitizeName(rest.substr(i, eq - i), false);
        std::string value;
        size_t j = eq + 2;
        bool closed = false;
        for (; j < rest.size(); ++j) {
            if (rest[j] == '\\' && j + 1 < rest.size()) {
                const char n = rest[++j];
                value.push_back(n == 'n' ? '\n' : n);
            } else if (rest[j] == '"') {
                closed = true;
                ++j;
                break;
            } else {
                value.push_back(rest[j]);
            }
        }
        if (!closed) return {name, ""};
        if (!labels.empty()) labels += ',';
        labels += key + "=\"" + EscapeLabel(value) + "\"";
        if (j < rest.size() && rest[j] == ',') ++j;
        i = j;
    }
    return {name, labels};
}

void RenderHistogram(std::string& out, std::string_view name, std::string_view labels, const Histogram& h,
                     std::span<const double> bounds) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += h.counts.empty() ? 0 : h.counts[i];
        const std::string le = i < bounds.size() ? FormatValue(bounds[i]) : "+Inf";
        out += fmt::format("{}_bucket{{{},le=\"{}\"}} {}\n", name, labels, le, cumulative);
    }
    out += fmt::format("{}_sum{{{}}} {}\n", name, labels, FormatValue(h.sum));
    out += fmt::format("{}_count{{{}}} {}\n", name, labels, h.count);
}

template <class Map, class Key>
auto& SeriesFor(Map& map, Key key, Key overflow) {
    if (auto it = map.find(key); it != map.end()) return it->second;
    if (map.size() >= kMaxSeries) return map[std::move(overflow)];
    return map[std::move(key)];
}

}  // namespace

Metrics& Metrics::Global() {
    static Metrics metrics;
    return metrics;
}

void Metrics::ObserveRequest(std::string_view route, std::string_view method, int status, double seconds) {
    seconds = Clean(seconds);
    State& s = S();
    std::lock_guard lock(s.mu);
    ++SeriesFor(s.requests, std::tuple{std::string(route), std::string(method), std::to_string(status)},
                std::tuple{std::string("_other"), std::string(method), std::to_string(status)});
    SeriesFor(s.request_seconds, std::pair{std::string(route), std::string(method)},
              std::pair{std::string("_other"), std::string(method)})
        .Observe(kRequestBuckets, seconds);
}

void Metrics::ObserveStore(std::string_view backend, std::string_view op, double seconds) {
    seconds = Clean(seconds);
    State& s = S();
    std::lock_guard lock(s.mu);
    SeriesFor(s.store_seconds, std::pair{std::string(backend), std::string(op)},
              std::pair{std::string(backend), std::string("_other")})
        .Observe(kStoreBuckets, seconds);
}

void Metrics::Increment(std::string_view counter_name, double by) {
    if (std::isnan(by) || by < 0) return;  // counters only go up
    auto [name, labels] = ParseCounterName(counter_name);
    // A free counter must not reuse a built-in family's name: two TYPE lines break the scrape.
    if (name.starts_with("safegrid_http_request") || name.starts_with("safegrid_store_duration_seconds")) {
        name += "_app";
    }
    State& s = S();
    std::lock_guard lock(s.mu);
    if (!s.counters.contains(name) && s.counters.size() >= kMaxSeries) return;
    auto& family = s.counters[name];
    if (!family.contains(labels) && family.size() >= kMaxSeries) return;
    family[labels] += by;
}

std::string Metrics::RenderPrometheus() const {
    State& s = S();
    std::lock_guard lock(s.mu);
    std::string out;

    out += "# HELP safegrid_http_requests_total HTTP requests answered, by route template, method and status.\n";
    out += "# TYPE safegrid_http_requests_total counter\n";
    for (const auto& [key, n] : s.requests) {
        const auto& [route, method, status] = key;
        out += fmt::format("safegrid_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                           EscapeLabel(route), EscapeLabel(method), EscapeLabel(status), n);
    }

    out += "# HELP safegrid_http_request_duration_seconds Time from request parsed to response ready.\n";
    out += "# TYPE safegrid_http_request_duration_seconds histogram\n";
    for (const auto& [key, h] : s.request_seconds) {
        const std::string labels =
            fmt::format("route=\"{}\",method=\"{}\"", EscapeLabel(key.first), EscapeLabel(key.second));
        RenderHistogram(out, "safegrid_http_request_duration_seconds", labels, h, kRequestBuckets);
    }

    out += "# HELP safegrid_store_duration_seconds Time spent in the store, by backend and operation.\n";
    out += "# TYPE safegrid_store_duration_seconds histogram\n";
    for (const auto& [key, h] : s.store_seconds) {
        const std::string labels =
            fmt::format("backend=\"{}\",op=\"{}\"", EscapeLabel(key.first), EscapeLabel(key.second));
        RenderHistogram(out, "safegrid_store_duration_seconds", labels, h, kStoreBuckets);
    }

    for (const auto& [name, family] : s.counters) {
        out += fmt::format("# HELP {} Application counter.\n# TYPE {} counter\n", name, name);
        for (const auto& [labels, value] : family) {
            if (labels.empty())
                out += fmt::format("{} {}\n", name, FormatValue(value));
            else
                out += fmt::format("{}{{{}}} {}\n", name, labels, FormatValue(value));
        }
    }
    return out;
}

void Metrics::ResetForTest() {
    State& s = S();
    std::lock_guard lock(s.mu);
    s.requests.clear();
    s.request_seconds.clear();
    s.store_seconds.clear();
    s.counters.clear();
}

}  // namespace safegrid::platform
