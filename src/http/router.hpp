// (method, path template) → handler. Templates use {name} segments: "/api/v1/enterprises/{id}".
// Find() distinguishes "no such path" (404) from "path exists, other method" (405).
// Handlers are registered once at start-up; lookups are lock-free afterwards.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace safegrid::http {

using Handler = std::function<Response(Request&)>;

enum class Access {
    kPublic,         // no login needed (public reports, login, health)
    kAuthenticated,  // any logged-in user; the handler/service decides the rest
};

struct Route {
    Method method;
    std::string pattern;
    Handler handler;
    Access access = Access::kAuthenticated;
    std::string name;  // metrics label; defaults to the pattern
};

class Router {
  public:
    void Add(Method method, std::string pattern, Handler handler, Access access = Access::kAuthenticated);

    struct Match {
        const Route* route = nullptr;  // null → see `path_exists`
        bool path_exists = false;      // true when another method matches (405)
        std::map<std::string, std::string> params;
        std::vector<Method> allowed;  // methods of the other routes matching the path (the 405 Allow header)
    };
    [[nodiscard]] Match Find(Method method, const std::string& path) const;
    [[nodiscard]] const std::vector<Route>& Routes() const { return routes_; }

  private:
    std::vector<Route> routes_;
};

std::string_view MethodName(Method m);

}  // namespace safegrid::http
