#include "http/handlers/events.hpp"

#include <charconv>
#include <memory>
#include <utility>

#include "http/server.hpp"

namespace safegrid::http {
namespace {

bool SameScope(const Principal& a, const Principal& b) {
    return a.user_id == b.user_id && a.scope.level == b.scope.level && a.scope.id == b.scope.id;
}

// Adapts a feed subscription to the session's EventStream.
class SseStream final : public EventStream {
  public:
    SseStream(std::shared_ptr<services::LiveSubscription> subscription, std::string token,
              std::function<Result<Principal>(std::string_view)> authenticate)
        : subscription_(std::move(subscription)), token_(std::move(token)), authenticate_(std::move(authenticate)) {}
    ~SseStream() override { subscription_->Close(); }

    void SetNotify(std::function<void()> notify) override { subscription_->SetNotify(std::move(notify)); }

    std::string Take(bool& ended) override {
        std::string out;
        for (const auto& event : subscription_->Take(ended)) out += SseEventText(event);
        return out;
    }

    bool StillAuthorized() override {
        if (!authenticate_) return true;
        auto principal = authenticate_(token_);
        // A changed scope (the user moved to another village) ends the stream too: the client
        // reconnects and gets a stream for the new scope.
        return principal && SameScope(*principal, subscription_->caller());
    }

    void Close() override { subscription_->Close(); }

  private:
    std::shared_ptr<services::LiveSubscription> subscription_;
    std::string token_;
    std::function<Result<Principal>(std::string_view)> authenticate_;
};

Result<std::optional<int64_t>> LastEventId(const Request& request) {
    std::optional<std::string> raw = request.Header("last-event-id");
    if (!raw || raw->empty()) raw = request.Query("last_event_id");
    if (!raw || raw->empty()) return std::optional<int64_t>();
    int64_t id = 0;
    auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), id);
    if (ec != std::errc() || end != raw->data() + raw->size() || id < 0) {
        return Invalid("last_event_id", {"事件编号应为非负整数", "must be a non-negative integer"});
    }
    return std::optional<int64_t>(id);
}

}  // namespace

std::string SseEventText(const services::StreamedEvent& event) {
    std::string out = "id: " + std::to_string(event.id) + "\nevent: ";
    for (char c : event.type) {
        if (c != '\n' && c != '\r') out += c;
    }
    out += '\n';
    std::string_view rest = event.data;
    for (;;) {
        size_t cut = rest.find_first_of("\r\n");
        out += "data: ";
        out += rest.substr(0, cut);
        out += '\n';
        if (cut == std::string_view::npos) break;
        rest.remove_prefix(cut + 1);
    }
    out += '\n';
    return out;
}

void RegisterEventRoutes(Router& router, services::LiveFeed& feed,
                         std::function<Result<Principal>(std::string_view token)> authenticate,
                         EventRouteOptions options) {
    router.Add(Method::kGet, "/api/v1/events", [&feed, authenticate, options](Request& request) -> Response {
        auto last = LastEventId(request);
        if (!last) return ErrorResponse(last.error(), request.locale);
        auto subscription = feed.Subscribe(*request.principal, *last);
        if (!subscription) return ErrorResponse(subscription.error(), request.locale);
        auto stream =
            std::make_shared<SseStream>(std::move(*subscription), SessionToken(request).value_or(""), authenticate);
        stream->first = "retry: " + std::to_string(options.retry_ms) + "\n\n";
        stream->keep_alive = options.keep_alive;
        stream->recheck = options.recheck;
        Response response;
        response.status = 200;
        response.content_type = "text/event-stream";
        response.stream = std::move(stream);
        return response;
    });
}

}  // namespace safegrid::http
