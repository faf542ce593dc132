// A phone that was offline longer than its session: it logs in again (a new session) and sends its
// queued POSTs with their original Idempotency-Keys. The key belongs to the USER, not the session,
// so a replay answers the first response and nothing is created twice; another user's identical
// key is theirs alone.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "http/handlers/evidence_http.hpp"

namespace safegrid::http {
namespace {

class OfflineReplayHttp : public test::EvidenceHttp {
  protected:
    Response CreateHazard(const std::string& token, const std::string& key) {
        const std::string body = R"({"enterprise_id":)" + std::to_string(w_->ent1a) +
                                 R"(,"title":"疏散通道堵塞","severity":"general","category":"evacuation","due_at":")" +
                                 FormatRfc3339(w_->clock.Now() + 86400) + R"("})";
        return Send(Method::kPost, "/api/v1/hazards", token, body, "application/json", "192.0.2.1",
                    {{"idempotency-key", key}});
    }
    int64_t Hazards() { return w_->store->QueryInt("SELECT COUNT(*) FROM hazards"); }
};

TEST_P(OfflineReplayHttp, ReplayAfterReLoginAnswersTheFirstResponseAndCreatesNothing) {
    logins_ = {{"inspector-session-1", &w_->inspector}, {"enterprise-session", &w_->enterprise_user}};
    Response first = CreateHazard("inspector-session-1", "queue-0001");
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(Hazards(), 1);

    // The session ended while the phone was offline: the queued retry is refused and stores nothing.
    logins_.erase("inspector-session-1");
    w_->clock.Advance(3 * 86400);
    EXPECT_EQ(CreateHazard("inspector-session-1", "queue-0001").status, 401);

    // Logged in again: a new session of the same user replays the first answer.
    logins_["inspector-session-2"] = &w_->inspector;
    Response again = CreateHazard("inspector-session-2", "queue-0001");
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(Header(again, "Idempotent-Replayed"), "true");
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(Hazards(), 1);

    // Another user sending the same key gets their own answer, not the inspector's.
    Response other = CreateHazard("enterprise-session", "queue-0001");
    EXPECT_EQ(other.status, 201) << other.body;
    EXPECT_EQ(Header(other, "Idempotent-Replayed"), "");
    EXPECT_NE(other.body, first.body);
    EXPECT_EQ(Hazards(), 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, OfflineReplayHttp, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::http
