// The HTTP server: Boost.Beast on Asio with C++20 coroutines, one session per socket.
// Network threads only parse and write; every request's Dispatch() runs on the blocking
// worker pool, because handlers touch the store.
//
// Dispatch() is the whole request pipeline as a plain function (testable without sockets):
//   request id → locale → route (404/405) → auth (Bearer or session cookie) → Idempotency-Key
//   (POST) → handler → error mapping; an escaping exception becomes a 500 with the request id.
//
// Thread-safety: Start/Stop from one thread; Dispatch is reentrant.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/client_address.hpp"
#include "http/router.hpp"

namespace boost::asio::ssl {
class context;
}

namespace safegrid::http {

// What the pipeline needs from the application layer; wired in app/.
struct Hooks {
    // Bearer token or session cookie value → principal. Unauthenticated for unknown/expired.
    std::function<Result<Principal>(std::string_view token)> authenticate;
    // Runs `handler` for a POST carrying an Idempotency-Key: answers the stored first response for a
    // repeat by the same caller within 24 h; otherwise runs it and stores a 2xx answer in the same
    // transaction as the change. `caller` is "u:<user id>" or "ip:<client address>".
    std::function<Response(const std::string& caller, const std::string& key, Request& request,
                           const std::function<Response()>& handler)>
        idempotent;
    // True once the store answers (for /healthz).
    std::function<bool()> healthy;
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;  // 0 → any free port (tests)
    int io_threads = 2;
    int worker_threads = 8;
    size_t header_limit = 16 * 1024;
    size_t body_limit = 1024 * 1024;             // JSON bodies
    size_t upload_limit = 10 * 1024 * 1024 + 1;  // attachments and imports (413 decided by the handler)
    // Slowloris: these are absolute deadlines, so a trickle of bytes cannot extend them.
    // A new connection must deliver its whole first request header within read_timeout of the
    // accept; a kept-alive one waits idle_timeout for the next request's first byte, then again
    // read_timeout for the rest of its header.
    std::chrono::seconds read_timeout{10};  // the header deadline
    // A body must arrive within read_timeout + its length at body_min_rate, and never later than
    // body_timeout_max after its header. 12 KiB/s is a phone on EDGE (2G, ~100 kbit/s): the app's
    // compressed photos (≤ ~400 KB) need ~35 s. Ten MiB (the contract's limit) then needs a
    // 3G-class ~85 KiB/s to fit 120 s; before, the upload allowance was ~670 s.
    size_t body_min_rate = 12 * 1024;
    std::chrono::seconds body_timeout_max{120};
    std::chrono::seconds write_timeout{30};
    std::chrono::seconds idle_timeout{30};
    std::chrono::seconds shutdown_grace{10};
    std::string web_dir;  // built web app (web/dist); empty → a short page explaining how to build it
    // Peers whose X-Forwarded-For is believed (http/client_address.hpp). Empty by default: without
    // a proxy, any client could claim any address and dodge the per-address rate limits.
    TrustedProxies trusted_proxies;
    // Connections beyond this are accepted and closed at once, so a flood cannot exhaust file
    // descriptors or memory (each connection holds at most header_limit + one body). The systemd
    // unit's LimitNOFILE must stay well above it (packaging/safegrid.service).
    size_t max_connections = 10000;
    // SO_REUSEPORT: several serve processes share one HOST:PORT (docs/multi-process.md). Off by
    // default, so a second server started by mistake on a taken port fails instead of sharing it.
    bool reuse_port = false;
    // Per client address (IPv6 by /64, services::ClientAddressKey), so a thousand idle or trickling
    // connections from one address cannot keep others out. Trusted proxies are exempt: every
    // client behind them shares their address (their own limits apply there).
    size_t max_connections_per_address = 64;
    // HTTPS (http/tls_context.hpp): every connection starts with a TLS handshake, answers carry
    // Strict-Transport-Security. Null → plain HTTP (behind a TLS proxy, or on the office LAN).
    std::shared_ptr<boost::asio::ssl::context> tls;
};

class StaticFiles;

// The session token a request carries: `Authorization: Bearer <token>` (scheme case-insensitive),
// else the `sg_session` cookie. This is what Dispatch passes to Hooks::authenticate; logout can use
// it to know which session to end.
std::optional<std::string> SessionToken(const Request& request);
// True when SessionToken() comes from the sg_session cookie (no usable Bearer header): the browser
// sends that on its own, so an unsafe method must also carry `X-CSRF-Token: CsrfTokenFor(token)`
// and no foreign Origin, else Dispatch answers 403 csrf_failed (a public route runs as anonymous).
bool AuthenticatedByCookie(const Request& request);
// Lower-case hex of a keyed BLAKE2b of the session token: derivable from the token, nothing stored.
std::string CsrfTokenFor(std::string_view session_token);
// Set-Cookie value for the sg_csrf cookie (readable by the page's script; SameSite=Strict).
std::string CsrfCookie(std::string_view csrf, int64_t max_age, bool secure);
// nosniff and Referrer-Policy on every answer; Cache-Control: no-store on /api/; on everything else
// (the web app's pages and files) a Content-Security-Policy and X-Frame-Options: DENY.
void AddSecurityHeaders(const Request& request, Response& response);

// The whole pipeline. Also: sets request.request_id and request.locale; fills path/query from
// request.target when request.path is empty; non-/api GET/HEAD paths no route claims go to `web`
// (see http/static_files.hpp; nullptr → the "web app not built" page); adds X-Request-Id to the
// response; records metrics and one access-log line. HEAD runs the GET handler; the session drops
// the body. Never throws.
Response Dispatch(const Router& router, const Hooks& hooks, Request& request);
Response Dispatch(const Router& router, const Hooks& hooks, Request& request, const StaticFiles* web);

class Server {
  public:
    Server(const Router& router, Hooks hooks, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts accepting; returns the bound port.
    Result<uint16_t> Start();
    // Stops accepting, lets in-flight requests finish (up to shutdown_grace), then closes.
    void Stop();
    // Blocks until Stop() completes.
    void Wait();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace safegrid::http
