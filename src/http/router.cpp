// Routes are few (tens) and fixed after start-up, so Find() is a linear scan over pre-split
// templates: simple, lock-free, and fast enough next to a database round trip.
#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace safegrid::http {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
    // "/a/b" → {"a","b"}; "/" → {""}; a trailing slash keeps an empty last segment, so
    // "/api/v1/hazards/" is not "/api/v1/hazards" (one URL per resource).
    std::vector<std::string_view> out;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    for (;;) {
        size_t slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

bool IsParam(std::string_view segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

// Matches `segments` against `pattern`; on success fills `specificity` (true = literal) and `params`.
bool MatchPattern(const std::vector<std::string_view>& pattern, const std::vector<std::string_view>& segments,
                  std::vector<bool>& specificity, std::map<std::string, std::string>* params) {
    if (pattern.size() != segments.size()) return false;
    specificity.assign(pattern.size(), false);
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (IsParam(pattern[i])) {
            if (segments[i].empty()) return false;  // "/hazards/" has no id
            if (params) (*params)[std::string(pattern[i].substr(1, pattern[i].size() - 2))] = segments[i];
        } else if (pattern[i] == segments[i]) {
            specificity[i] = true;
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler, Access access) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::logic_error("route pattern must start with '/': " + pattern);
    auto shape = SplitPath(pattern);
    for (auto& segment : shape) {
        if (IsParam(segment)) segment = "{}";
    }
    for (const Route& existing : routes_) {
        auto other = SplitPath(existing.pattern);
        for (auto& segment : other) {
            if (IsParam(segment)) segment = "{}";
        }
        // Two routes that match the same requests is a wiring bug; fail at start-up, not at random.
        if (existing.method == method && other == shape) {
            throw std::logic_error("duplicate route " + std::string(MethodName(method)) + " " + pattern);
        }
    }
    Route route{method, pattern, std::move(handler), access, pattern};
    routes_.push_back(std::move(route));
}

Router::Match Router::Find(Method method, const std::string& path) const {
    Match match;
    auto segments = SplitPath(path);
    std::vector<bool> best_specificity;
    std::vector<bool> specificity;
    for (const Route& route : routes_) {
        auto pattern = SplitPath(route.pattern);
        if (!MatchPattern(pattern, segments, specificity, nullptr)) continue;
        if (route.method != method) {
            match.path_exists = true;
            if (std::find(match.allowed.begin(), match.allowed.end(), route.method) == match.allowed.end()) {
                match.allowed.push_back(route.method);
            }
            continue;
        }
        // Literal segments beat parameters, position by position from the left, so
        // "/hazards/export.xlsx" wins over "/hazards/{id}" whatever the registration order.
        if (match.route == nullptr || specificity > best_specificity) {
            match.route = &route;
            best_specificity = specificity;
        }
    }
    if (match.route != nullptr) {
        match.path_exists = true;
        MatchPattern(SplitPath(match.route->pattern), segments, specificity, &match.params);
    }
    std::sort(match.allowed.begin(), match.allowed.end());
    return match;
}

std::string_view MethodName(Method m) {
    switch (m) {
        case Method::kGet:
            return "GET";
        case Method::kPost:
            return "POST";
        case Method::kPatch:
            return "PATCH";
        case Method::kPut:
            return "PUT";
        case Method::kDelete:
            return "DELETE";
        case Method::kHead:
            return "HEAD";
        case Method::kOptions:
            return "OPTIONS";
        case Method::kOther:
            return "OTHER";
    }
    return "OTHER";
}

}  // namespace safegrid::http
