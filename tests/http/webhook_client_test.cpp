#include "http/webhook_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <deque>
#include <mutex>
#include <thread>

#include "services/notification_world.hpp"

namespace safegrid::http {
namespace {

using services::OutboxOptions;
using services::OutboxReport;
using services::OutboxSender;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

// A real HTTP server on 127.0.0.1:<free port>, one connection at a time: it records each request
// and answers with the next status of its script (200 once the script is used up). A status of 0
// means "read the request and never answer" (the sender's timeout).
class TinyListener {
  public:
    struct Received {
        std::string target;
        std::string content_type;
        std::string delivery;
        std::string body;
    };

    explicit TinyListener(std::deque<int> script = {}) : script_(std::move(script)), acceptor_(ioc_) {
        tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.bind(endpoint);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { Serve(); });
    }
    ~TinyListener() {
        stopping_ = true;
        beast::error_code ec;
        // Wake the blocking accept with a connection of our own.
        tcp::socket poke(ioc_);
        poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
        thread_.join();
    }
    [[nodiscard]] uint16_t port() const { return port_; }
    std::vector<Received> received() {
        std::lock_guard lock(mutex_);
        return received_;
    }

  private:
    void Serve() {
        while (!stopping_) {
            tcp::socket socket(ioc_);
            beast::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stopping_) return;
            beast::flat_buffer buffer;
            bhttp::request<bhttp::string_body> req;
            bhttp::read(socket, buffer, req, ec);
            if (ec) continue;
            int status = 200;
            {
                std::lock_guard lock(mutex_);
                received_.push_back({std::string(req.target()), std::string(req[bhttp::field::content_type]),
                                     std::string(req["X-SafeGrid-Delivery"]), req.body()});
                if (!script_.empty()) {
                    status = script_.front();
                    script_.pop_front();
                }
            }
            if (status == 0) {
                // Hold the connection without answering until the sender gives up and closes it.
                char byte;
                socket.read_some(asio::buffer(&byte, 1), ec);
                continue;
            }
            bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
            res.body() = "{}";
            res.prepare_payload();
            bhttp::write(socket, res, ec);
            socket.shutdown(tcp::socket::shutdown_both, ec);
        }
    }

    std::deque<int> script_;
    asio::io_context ioc_;
    tcp::acceptor acceptor_;
    uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::vector<Received> received_;
    std::thread thread_;
};

TEST(WebhookUrl, ParsesPlainHttpAndRejectsTheRest) {
    auto t = ParseWebhookUrl("http://127.0.0.1:8089/hooks/sms?key=1");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->host, "127.0.0.1");
    EXPECT_EQ(t->port, "8089");
    EXPECT_EQ(t->target, "/hooks/sms?key=1");
    auto plain = ParseWebhookUrl("http://gateway.local");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->port, "80");
    EXPECT_EQ(plain->target, "/");
    auto v6 = ParseWebhookUrl("http://[::1]:9000/x");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    for (const char* bad :
         {"", "https://example.com/", "ftp://x", "http://", "http://:80/", "http://h:0/", "http://h:99999/",
          "http://h:8x/", "http://u:p@h/", "http://h/a b", "gateway.local", "http://::1/", "http://h?x=1"}) {
        auto r = ParseWebhookUrl(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Code::kValidation) << bad;
        EXPECT_TRUE(r.error().fields.contains("webhook_url")) << bad;
    }
}

TEST(WebhookUrl, FollowsRfc3986ForHostsEscapesAndFragments) {
    auto upper = ParseWebhookUrl("HTTP://Gateway.local:8089/a%20b?x=%2B");  // the scheme is case-insensitive
    ASSERT_TRUE(upper);
    EXPECT_EQ(upper->host, "Gateway.local");
    EXPECT_EQ(upper->port, "8089");
    EXPECT_EQ(upper->target, "/a%20b?x=%2B");  // sent as written: the receiver decodes
    auto fragment = ParseWebhookUrl("http://h/hook#section");
    ASSERT_TRUE(fragment);
    EXPECT_EQ(fragment->target, "/hook");  // a fragment is never sent (RFC 9110 §7.1)
    auto v6 = ParseWebhookUrl("http://[2001:db8::1]/x");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "2001:db8::1");
    for (const char* bad : {"http://[zz]/", "http://[1::2::3]/", "http://[::1/", "http://h/%zz", "http://h/%4",
                            "http://h%zz/", "http://h/a\x01", "http://h/\xE5\x8C\xA0", "http://h:/"}) {
        auto r = ParseWebhookUrl(bad);
        ASSERT_FALSE(r) << testing::PrintToString(std::string(bad));
        EXPECT_EQ(r.error().code, Code::kValidation) << bad;
    }
}

TEST(WebhookChannel, UnreachableAndSilentReceiversFailWithinTheTimeout) {
    uint16_t closed_port = 0;
    {
        TinyListener gone;
        closed_port = gone.port();
    }
    auto refused = MakeWebhookChannel(*ParseWebhookUrl("http://127.0.0.1:" + std::to_string(closed_port) + "/"),
                                      std::chrono::milliseconds(500));
    auto r = refused("{}", 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kUnavailable);

    TinyListener silent({0});
    auto slow = MakeWebhookChannel(*ParseWebhookUrl("http://127.0.0.1:" + std::to_string(silent.port()) + "/"),
                                   std::chrono::milliseconds(300));
    const auto start = std::chrono::steady_clock::now();
    auto timed_out = slow("{}", 2);
    ASSERT_FALSE(timed_out);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

class OutboxSenderTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = test::NotificationWorld::Make(GetParam(), {.outbound = true});
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }
    std::unique_ptr<OutboxSender> Sender(const TinyListener& listener, OutboxOptions options = {}) {
        auto target = ParseWebhookUrl("http://127.0.0.1:" + std::to_string(listener.port()) + "/hook");
        EXPECT_TRUE(target);
        return std::make_unique<OutboxSender>(w_->store().shared(), w_->clock(),
                                              MakeWebhookChannel(*target, std::chrono::seconds(5)), options);
    }
    OutboxReport Send(OutboxSender& sender) {
        auto r = sender.RunOnce();
        EXPECT_TRUE(r) << (r ? "" : r.error().internal);
        return r ? *r : OutboxReport{};
    }
    int64_t Unsent() { return w_->store().QueryInt("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"); }

    std::unique_ptr<test::NotificationWorld> w_;
};

TEST_P(OutboxSenderTest, DeliversEachNotificationOnceToARealListener) {
    TinyListener listener;
    auto sender = Sender(listener);
    const int64_t id = w_->hw->Create(w_->r().inspector, w_->r().ent1a);  // users 5 and 10
    EXPECT_EQ(Send(*sender).sent, 2);
    EXPECT_EQ(Unsent(), 0);
    EXPECT_EQ(Send(*sender).sent, 0);
    w_->clock().Advance(86400);
    EXPECT_EQ(Send(*sender).sent, 0);
    auto got = listener.received();
    ASSERT_EQ(got.size(), 2u);
    std::set<int64_t> users;
    for (const auto& req : got) {
        EXPECT_EQ(req.target, "/hook");
        EXPECT_EQ(req.content_type, "application/json; charset=utf-8");
        auto body = boost::json::parse(req.body).as_object();
        for (const char* key : {"id", "user_id", "username", "phone", "kind", "title", "title_en", "body", "link",
                                "hazard_id", "created_at"}) {
            EXPECT_TRUE(body.contains(key)) << key;
        }
        EXPECT_EQ(req.delivery, std::to_string(body.at("id").as_int64()));
        EXPECT_EQ(body.at("kind"), "hazard_created");
        EXPECT_EQ(body.at("hazard_id").as_int64(), id);
        EXPECT_EQ(body.at("link").as_string(), "/hazards/" + std::to_string(id));
        EXPECT_EQ(body.at("created_at"), "2026-11-29T11:31:14Z");
        users.insert(body.at("user_id").as_int64());
    }
    EXPECT_EQ(users, (std::set<int64_t>{5, 10}));
}

TEST_P(OutboxSenderTest, RetriesA500WithBackoffAndNeverDeliversTwice) {
    TinyListener listener({500, 503});
    auto sender = Sender(listener);
    w_->store().Exec("DELETE FROM users WHERE id = 10");  // one recipient keeps the count simple
    w_->hw->Create(w_->r().inspector, w_->r().ent1a);
    auto first = Send(*sender);
    EXPECT_EQ(first.sent, 0);
    EXPECT_EQ(first.failed, 1);
    EXPECT_EQ(w_->store().QueryInt("SELECT attempts FROM outbox"), 1);
    EXPECT_EQ(w_->store().QueryInt("SELECT next_attempt_at FROM outbox"), w_->clock().Now() + 30);
    EXPECT_EQ(Send(*sender).failed, 0);  // not due again yet
    w_->clock().Advance(30);
    EXPECT_EQ(Send(*sender).failed, 1);  // 503
    EXPECT_EQ(w_->store().QueryInt("SELECT next_attempt_at FROM outbox"), w_->clock().Now() + 60);
    w_->clock().Advance(60);
    EXPECT_EQ(Send(*sender).sent, 1);
    EXPECT_EQ(Unsent(), 0);
    EXPECT_EQ(w_->store().QueryInt("SELECT attempts FROM outbox"), 3);
    w_->clock().Advance(3600);
    EXPECT_EQ(Send(*sender).sent, 0);
    auto got = listener.received();
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].body, got[2].body);  // the same delivery, retried
    EXPECT_EQ(got[0].delivery, got[2].delivery);
}

TEST_P(OutboxSenderTest, GivesUpAfterTheLastAttempt) {
    TinyListener listener({500, 500, 500, 500, 500});
    OutboxOptions options;
    options.max_attempts = 3;
    auto sender = Sender(listener, options);
    w_->store().Exec("DELETE FROM users WHERE id = 10");
    w_->hw->Create(w_->r().inspector, w_->r().ent1a);
    for (int i = 0; i < 6; ++i) {
        Send(*sender);
        w_->clock().Advance(7200);
    }
    EXPECT_EQ(listener.received().size(), 3u);
    EXPECT_EQ(Unsent(), 1);
    EXPECT_EQ(w_->store().QueryInt("SELECT next_attempt_at FROM outbox"), OutboxSender::kParked);
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM outbox WHERE last_error LIKE 'gave up after 3 attempts%'"), 1);
}

TEST_P(OutboxSenderTest, ARowClaimedByAnotherSenderIsLeftAlone) {
    TinyListener listener;
    auto sender = Sender(listener);
    w_->store().Exec("DELETE FROM users WHERE id = 10");
    w_->hw->Create(w_->r().inspector, w_->r().ent1a);
    // Another process took it a moment ago (its lease runs).
    w_->store().Exec("UPDATE outbox SET attempts = 1, next_attempt_at = ?", {w_->clock().Now() + 300});
    EXPECT_EQ(Send(*sender).sent, 0);
    EXPECT_TRUE(listener.received().empty());
    w_->clock().Advance(301);  // the lease ran out without a mark: that sender died
    EXPECT_EQ(Send(*sender).sent, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, OutboxSenderTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
