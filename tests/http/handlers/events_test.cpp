// GET /api/v1/events on a real Server (ephemeral port) over both stores, read by a raw socket
// client: the SSE wire format, scope, resume, 401/429/422, keep-alive, the session re-check and
// Stop() ending open streams at once.
#include "http/handlers/events.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "http/server.hpp"
#include "services/registry_world.hpp"

namespace safegrid::http {
namespace {

using namespace std::chrono_literals;
using test::RegistryWorld;

// A blocking loopback client that sends one request and accumulates what the server sends.
class RawClient {
  public:
    explicit RawClient(uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        timeval tv{0, 50'000};  // short reads, so WaitFor can watch the clock
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~RawClient() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    void Get(const std::string& target, const std::string& token, const std::string& extra = "") {
        std::string req = "GET " + target + " HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n";
        if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
        req += extra + "\r\n";
        ASSERT_EQ(::send(fd_, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
    }
    // Reads until `needle` appears in what was received (true), the server closes, or `max` passes.
    bool WaitFor(const std::string& needle, std::chrono::milliseconds max = 5s) {
        auto until = std::chrono::steady_clock::now() + max;
        while (text_.find(needle) == std::string::npos) {
            if (closed_ || std::chrono::steady_clock::now() >= until) return false;
            ReadSome();
        }
        return true;
    }
    // Reads until the server closes the connection (true) or `max` passes.
    bool WaitClosed(std::chrono::milliseconds max) {
        auto until = std::chrono::steady_clock::now() + max;
        while (!closed_ && std::chrono::steady_clock::now() < until) ReadSome();
        return closed_;
    }
    void Close() {
        ::close(fd_);
        fd_ = -1;
    }
    [[nodiscard]] const std::string& text() const { return text_; }
    // The body after the header.
    [[nodiscard]] std::string Body() const {
        auto at = text_.find("\r\n\r\n");
        return at == std::string::npos ? "" : text_.substr(at + 4);
    }
    // The ids of the events received so far, in order.
    [[nodiscard]] std::vector<int64_t> Ids() const {
        std::vector<int64_t> ids;
        std::string body = Body();
        size_t at = 0;
        while ((at = body.find("id: ", at)) != std::string::npos) {
            ids.push_back(std::stoll(body.substr(at + 4)));
            at += 4;
        }
        return ids;
    }

  private:
    void ReadSome() {
        char buf[4096];
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n > 0) {
            text_.append(buf, static_cast<size_t>(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            closed_ = true;
        }
    }

    int fd_ = -1;
    std::string text_;
    bool closed_ = false;
};

class EventsHttpTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        live_ = std::make_unique<services::LiveEvents>(w_->clock);
        feed_ = std::make_unique<services::LiveFeed>(w_->store->shared(), *live_, w_->clock);
        ASSERT_TRUE(feed_->Start());
        logins_ = {{"town", w_->town_officer},
                   {"village1", w_->village_officer},
                   {"village2", w_->other_village_officer},
                   {"enterprise", w_->enterprise_user}};
        auto authenticate = [this](std::string_view token) -> Result<Principal> {
            std::lock_guard lock(mutex_);
            auto it = logins_.find(std::string(token));
            if (it == logins_.end()) return Unauthenticated();
            return it->second;
        };
        EventRouteOptions options;
        options.keep_alive = 300ms;
        options.recheck = 200ms;
        RegisterEventRoutes(router_, *feed_, authenticate, options);
        Hooks hooks;
        hooks.authenticate = authenticate;
        ServerOptions server_options;
        server_options.port = 0;
        server_options.shutdown_grace = 10s;  // streams must not wait for it
        server_ = std::make_unique<Server>(router_, hooks, server_options);
        auto port = server_->Start();
        ASSERT_TRUE(port);
        port_ = *port;
    }
    void TearDown() override {
        if (server_) server_->Stop();
        if (feed_) feed_->Stop();
    }

    int64_t Record(int64_t village, int64_t grid, int64_t enterprise, const std::string& tag) {
        services::LiveEvent e{
            "alarm.raised", {w_->town, village, grid}, enterprise, R"({"id":1,"tag":")" + tag + R"("})"};
        auto id = w_->store->shared()->Transact(true, [&](storage::Connection& c) { return live_->Record(c, e); });
        EXPECT_TRUE(id) << (id ? "" : id.error().internal);
        live_->Wake();
        return id ? *id : 0;
    }
    // A stream that has its header and retry line: the subscription exists from here on.
    std::unique_ptr<RawClient> Open(const std::string& token, const std::string& target = "/api/v1/events",
                                    const std::string& extra = "") {
        auto c = std::make_unique<RawClient>(port_);
        c->Get(target, token, extra);
        EXPECT_TRUE(c->WaitFor("retry: 3000\n\n")) << c->text();
        return c;
    }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<services::LiveEvents> live_;
    std::unique_ptr<services::LiveFeed> feed_;
    std::mutex mutex_;
    std::map<std::string, Principal> logins_;
    Router router_;
    std::unique_ptr<Server> server_;
    uint16_t port_ = 0;
};

TEST_P(EventsHttpTest, WithoutAuthenticationIs401) {
    RawClient c(port_);
    c.Get("/api/v1/events", "");
    ASSERT_TRUE(c.WaitFor("\r\n\r\n"));
    EXPECT_EQ(c.text().rfind("HTTP/1.1 401", 0), 0U) << c.text();
    RawClient bad(port_);
    bad.Get("/api/v1/events", "nobody");
    ASSERT_TRUE(bad.WaitFor("\r\n\r\n"));
    EXPECT_EQ(bad.text().rfind("HTTP/1.1 401", 0), 0U) << bad.text();
}

TEST_P(EventsHttpTest, StreamSendsRetryThenEventsInOrderWithIdsTypeAndData) {
    auto c = Open("town");
    const std::string& head = c->text();
    EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0U) << head;
    EXPECT_NE(head.find("Content-Type: text/event-stream\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("Cache-Control: no-store\r\n"), std::string::npos) << head;
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
    EXPECT_EQ(c->Body().rfind("retry: 3000\n\n", 0), 0U);

    const int64_t a = Record(w_->village1, w_->grid1a, w_->ent1a, "a");
    const int64_t b = Record(w_->village2, w_->grid2a, w_->ent2a, "b");
    const std::string second = "id: " + std::to_string(b) + "\nevent: alarm.raised\ndata: {\"id\":1,\"tag\":\"b\"}\n\n";
    ASSERT_TRUE(c->WaitFor(second)) << c->text();
    EXPECT_EQ(c->Ids(), (std::vector<int64_t>{a, b}));
    EXPECT_NE(c->Body().find("id: " + std::to_string(a) + "\nevent: alarm.raised\ndata: {\"id\":1,\"tag\":\"a\"}\n\n"),
              std::string::npos);
}

TEST_P(EventsHttpTest, AVillageUserNeverGetsAnotherVillagesEventsNorAnEnterpriseAnotherEnterprises) {
    auto village1 = Open("village1");
    auto village2 = Open("village2");
    auto enterprise = Open("enterprise");
    const int64_t a = Record(w_->village1, w_->grid1b, w_->ent1b, "v1-other-enterprise");
    const int64_t b = Record(w_->village2, w_->grid2a, w_->ent2a, "v2");
    const int64_t c = Record(w_->village1, w_->grid1a, w_->ent1a, "own");
    ASSERT_TRUE(village1->WaitFor("id: " + std::to_string(c) + "\n"));
    ASSERT_TRUE(village2->WaitFor("id: " + std::to_string(b) + "\n"));
    ASSERT_TRUE(enterprise->WaitFor("id: " + std::to_string(c) + "\n"));
    // The last event reached everyone it concerns; give a wrong delivery time to show too.
    std::this_thread::sleep_for(200ms);
    village1->WaitFor("never", 50ms);
    village2->WaitFor("never", 50ms);
    enterprise->WaitFor("never", 50ms);
    EXPECT_EQ(village1->Ids(), (std::vector<int64_t>{a, c}));
    EXPECT_EQ(village2->Ids(), (std::vector<int64_t>{b}));
    EXPECT_EQ(enterprise->Ids(), (std::vector<int64_t>{c}));
}

TEST_P(EventsHttpTest, ResumeWithLastEventIdHeaderOrQueryGetsExactlyTheMissedOnes) {
    auto first = Open("village1");
    const int64_t a = Record(w_->village1, w_->grid1a, w_->ent1a, "a");
    ASSERT_TRUE(first->WaitFor("id: " + std::to_string(a) + "\n"));
    first->Close();  // the client drops; three events happen meanwhile
    const int64_t b = Record(w_->village1, w_->grid1a, w_->ent1a, "b");
    Record(w_->village2, w_->grid2a, w_->ent2a, "not for village1");
    const int64_t d = Record(w_->village1, w_->grid1b, w_->ent1b, "d");

    auto by_header = Open("village1", "/api/v1/events", "Last-Event-ID: " + std::to_string(a) + "\r\n");
    ASSERT_TRUE(by_header->WaitFor("id: " + std::to_string(d) + "\n")) << by_header->text();
    EXPECT_EQ(by_header->Ids(), (std::vector<int64_t>{b, d}));

    auto by_query = Open("village1", "/api/v1/events?last_event_id=" + std::to_string(b));
    ASSERT_TRUE(by_query->WaitFor("id: " + std::to_string(d) + "\n")) << by_query->text();
    EXPECT_EQ(by_query->Ids(), (std::vector<int64_t>{d}));

    // Without one: the newest first, no history.
    auto fresh = Open("village1");
    const int64_t e = Record(w_->village1, w_->grid1a, w_->ent1a, "e");
    ASSERT_TRUE(fresh->WaitFor("id: " + std::to_string(e) + "\n"));
    EXPECT_EQ(fresh->Ids(), (std::vector<int64_t>{e}));
}

TEST_P(EventsHttpTest, AMalformedLastEventIdIs422AndASixthStreamIs429) {
    RawClient bad(port_);
    bad.Get("/api/v1/events?last_event_id=abc", "town");
    ASSERT_TRUE(bad.WaitFor("}"));
    EXPECT_EQ(bad.text().rfind("HTTP/1.1 422", 0), 0U) << bad.text();
    EXPECT_NE(bad.text().find("\"last_event_id\""), std::string::npos) << bad.text();

    std::vector<std::unique_ptr<RawClient>> open;
    for (int i = 0; i < 5; ++i) open.push_back(Open("town"));
    RawClient sixth(port_);
    sixth.Get("/api/v1/events", "town");
    ASSERT_TRUE(sixth.WaitFor("}"));
    EXPECT_EQ(sixth.text().rfind("HTTP/1.1 429", 0), 0U) << sixth.text();
    // A closed stream frees its slot once the server sees the close.
    open.front()->Close();
    auto until = std::chrono::steady_clock::now() + 5s;
    while (feed_->OpenStreams() > 4 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(feed_->OpenStreams(), 4U);
    auto again = Open("town");
    EXPECT_EQ(again->text().rfind("HTTP/1.1 200", 0), 0U);
}

TEST_P(EventsHttpTest, SilenceSendsKeepAliveCommentsAndAnEndedSessionEndsTheStream) {
    auto c = Open("village2");
    ASSERT_TRUE(c->WaitFor(": keep-alive\n\n", 3s)) << c->text();
    {
        std::lock_guard lock(mutex_);
        logins_.erase("village2");  // logout / expiry
    }
    EXPECT_TRUE(c->WaitClosed(3s));
    auto until = std::chrono::steady_clock::now() + 2s;
    while (feed_->OpenStreams() > 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(feed_->OpenStreams(), 0U);
}

TEST_P(EventsHttpTest, StopEndsOpenStreamsWithoutWaitingForTheGracePeriod) {
    std::vector<std::unique_ptr<RawClient>> open;
    open.push_back(Open("town"));
    open.push_back(Open("village1"));
    open.push_back(Open("enterprise"));
    auto started = std::chrono::steady_clock::now();
    server_->Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
    for (auto& c : open) EXPECT_TRUE(c->WaitClosed(2s));
    EXPECT_EQ(feed_->OpenStreams(), 0U);
}

INSTANTIATE_TEST_SUITE_P(Stores, EventsHttpTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
