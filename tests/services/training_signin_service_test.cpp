#include "services/training_signin_service.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;
constexpr const char* kPublicUrl = "https://safegrid.example.cn";

// pdftotext of a PDF, lines joined (the layout may wrap the link).
std::string PdfText(const std::string& pdf) {
    namespace fs = std::filesystem;
    std::string path = (fs::temp_directory_path() / "sg_signin_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "<mkstemp failed>";
    close(fd);
    std::ofstream(path, std::ios::binary) << pdf;
    std::string out;
    if (FILE* p = popen(("pdftotext -enc UTF-8 '" + path + "' - 2>/dev/null").c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    std::string joined;
    for (char c : out)
        if (c != '\n' && c != '\f') joined += c;
    return joined;
}

// The fake clock reads 2026-11-29 in China; sessions held 2026-11-28 … 2026-11-30 take sign-ins today.
class TrainingSigninTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        trainings_ = std::make_unique<TrainingService>(w_->store->shared(), w_->clock, *w_->audit);
        Make(SigninOptions{.public_url = kPublicUrl});
    }

    void Make(SigninOptions options) {
        signins_ = std::make_unique<TrainingSigninService>(w_->store->shared(), w_->clock, *w_->audit, *trainings_,
                                                           TimeZone{}, std::move(options));
    }

    int64_t Session(int64_t region, std::string held_on = "2026-11-29") {
        TrainingInput in;
        in.title = "全员消防安全培训";
        in.kind = "fire";
        in.held_on = std::move(held_on);
        in.region_id = region;
        in.hours = 2;
        auto t = trainings_->Create(&w_->town_officer, in);
        EXPECT_TRUE(t) << (t ? "" : t.error().id);
        return t ? t->training.id : 0;
    }

    std::string OpenCode(int64_t training) {
        auto opened = signins_->Open(w_->town_officer, training);
        EXPECT_TRUE(opened) << (opened ? "" : opened.error().id);
        return opened ? opened->first.code : "";
    }

    static NewSignin Worker(std::string name, std::string phone, int64_t enterprise) {
        return NewSignin{std::move(name), std::move(phone), enterprise};
    }

    static std::string FirstField(const Error& e) { return e.fields.empty() ? "" : e.fields.begin()->first; }
    int64_t Count(const std::string& sql) { return w_->store->QueryInt(sql, {}); }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<TrainingService> trainings_;
    std::unique_ptr<TrainingSigninService> signins_;
};

TEST_P(TrainingSigninTest, StaffOpenOnceGetTheLinkAndCloseStopsIt) {
    const int64_t t = Session(w_->village1);
    auto opened = signins_->Open(w_->village_officer, t);
    ASSERT_TRUE(opened) << opened.error().id;
    EXPECT_TRUE(opened->second);
    EXPECT_EQ(opened->first.code.size(), kSigninCodeLength);
    EXPECT_EQ(opened->first.url, std::string(kPublicUrl) + "/t/" + opened->first.code);
    auto again = signins_->Open(w_->town_officer, t);
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->second);
    EXPECT_EQ(again->first.code, opened->first.code);
    EXPECT_TRUE(signins_->Lookup(opened->first.code, "10.0.0.1"));

    ASSERT_TRUE(signins_->Close(w_->village_officer, t));
    EXPECT_EQ(signins_->Lookup(opened->first.code, "10.0.0.1").error().code, Code::kNotFound);
    EXPECT_EQ(signins_->SignIn(opened->first.code, Worker("张三", "13812345678", w_->ent1a), "10.0.0.1").error().code,
              Code::kNotFound);
    // Reopening draws a new code: a poster taken down never works again.
    const std::string reopened = OpenCode(t);
    EXPECT_NE(reopened, opened->first.code);
    EXPECT_EQ(
        w_->store->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entity = 'training' AND action LIKE 'signin%'", {}),
        3);
}

TEST_P(TrainingSigninTest, OnlyWritingStaffInScopeMayOpenOrClose) {
    const int64_t town_wide = Session(w_->town);
    // A village officer sees a town-wide session but may not open it for the whole town.
    EXPECT_EQ(signins_->Open(w_->village_officer, town_wide).error().code, Code::kForbidden);
    EXPECT_EQ(signins_->Open(w_->inspector, town_wide).error().code, Code::kForbidden);
    EXPECT_EQ(signins_->Open(w_->enterprise_user, town_wide).error().code, Code::kForbidden);
    EXPECT_EQ(signins_->Open(w_->other_town_officer, town_wide).error().code, Code::kNotFound);
    EXPECT_EQ(signins_->Close(w_->other_town_officer, town_wide).error().code, Code::kNotFound);
    EXPECT_EQ(signins_->Open(w_->town_officer, 99999).error().code, Code::kNotFound);
    EXPECT_TRUE(signins_->Open(w_->admin, town_wide));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM trainings WHERE signin_code IS NOT NULL"), 1);
}

TEST_P(TrainingSigninTest, ThePublicPageShowsTheSessionAndOnlyItsRegionsEnterprises) {
    const int64_t t = Session(w_->village1);
    const std::string code = OpenCode(t);
    // Case and blanks around the code do not matter.
    std::string lower = " " + code + " ";
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto found = signins_->Lookup(lower, "10.0.0.1");
    ASSERT_TRUE(found) << found.error().id;
    EXPECT_EQ(found->training.title, "全员消防安全培训");
    EXPECT_EQ(found->training.region_name, "高家村");
    EXPECT_EQ(found->first_day, "2026-11-28");
    EXPECT_EQ(found->last_day, "2026-11-30");
    EXPECT_TRUE(found->accepting);
    ASSERT_EQ(found->enterprises.size(), 2u);  // the two of 高家村, none of 倡隆村 or the other town
    for (const auto& e : found->enterprises) EXPECT_TRUE(e.id == w_->ent1a || e.id == w_->ent1b) << e.name;
    EXPECT_EQ(signins_->Lookup("ABCDEFGHJK", "10.0.0.1").error().code, Code::kNotFound);
    EXPECT_EQ(signins_->Lookup("short", "10.0.0.1").error().code, Code::kNotFound);
}

TEST_P(TrainingSigninTest, OnePhoneSignsInOncePerSession) {
    const int64_t t = Session(w_->village1);
    const std::string code = OpenCode(t);
    auto first = signins_->SignIn(code, Worker(" 张三 ", "138 1234 5678", w_->ent1a), "10.0.0.1");
    ASSERT_TRUE(first) << first.error().id;
    EXPECT_TRUE(first->second);
    EXPECT_EQ(first->first.name, "张三");
    EXPECT_EQ(first->first.phone, "13812345678");
    EXPECT_EQ(first->first.enterprise_name, "慈溪市宏达服饰有限公司");
    auto repeat = signins_->SignIn(code, Worker("张三丰", "+86 13812345678", w_->ent1b), "10.0.0.2");
    ASSERT_TRUE(repeat) << repeat.error().id;
    EXPECT_FALSE(repeat->second);
    EXPECT_EQ(repeat->first.id, first->first.id);
    EXPECT_EQ(repeat->first.enterprise_id, w_->ent1a);  // the first sign-in, unchanged
    EXPECT_EQ(Count("SELECT COUNT(*) FROM training_signins"), 1);
    // The sign-in carries its training's town (0031), the shard key it is read by.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM training_signins s JOIN trainings t ON t.id = s.training_id WHERE "
                    "s.town_id = t.town_id AND s.town_id <> 0"),
              1);
    EXPECT_EQ(w_->AuditCount("training_signin"), 1);
    // The same phone at another session is another sign-in.
    const std::string other = OpenCode(Session(w_->grid1a));
    auto elsewhere = signins_->SignIn(other, Worker("张三", "13812345678", w_->ent1a), "10.0.0.1");
    ASSERT_TRUE(elsewhere);
    EXPECT_TRUE(elsewhere->second);
}

TEST_P(TrainingSigninTest, BadInputNamesTheFieldAndWritesNothing) {
    const std::string code = OpenCode(Session(w_->village1));
    auto field_of = [&](NewSignin in) {
        auto s = signins_->SignIn(code, in, "10.0.0.1");
        EXPECT_FALSE(s);
        if (s) return std::string();
        EXPECT_EQ(s.error().code, Code::kValidation);
        return FirstField(s.error());
    };
    EXPECT_EQ(field_of(Worker("  ", "13812345678", w_->ent1a)), "name");
    EXPECT_EQ(field_of(Worker(std::string(51, 'a'), "13812345678", w_->ent1a)), "name");
    EXPECT_EQ(field_of(Worker("张三", "12812345678", w_->ent1a)), "phone");
    EXPECT_EQ(field_of(Worker("张三", "6321000", w_->ent1a)), "phone");
    EXPECT_EQ(field_of(Worker("张三", "", w_->ent1a)), "phone");
    EXPECT_EQ(field_of(Worker("张三", "13812345678", w_->ent2a)), "enterprise_id");      // another village
    EXPECT_EQ(field_of(Worker("张三", "13812345678", w_->ent_other)), "enterprise_id");  // another town
    EXPECT_EQ(field_of(Worker("张三", "13812345678", 999999)), "enterprise_id");
    EXPECT_EQ(field_of(NewSignin{"张三", "13812345678", std::nullopt}), "enterprise_id");
    // 50 code points is the most a name may have.
    std::string fifty;
    for (int i = 0; i < 50; ++i) fifty += "张";
    EXPECT_EQ(Count("SELECT COUNT(*) FROM training_signins"), 0);
    EXPECT_TRUE(signins_->SignIn(code, Worker(fifty, "0574-63210000", w_->ent1b), "10.0.0.1"));
    EXPECT_EQ(field_of(Worker(fifty + "张", "13812345679", w_->ent1b)), "name");
}

TEST_P(TrainingSigninTest, SignInsAreTakenFromTheDayBeforeToTheDayAfter) {
    const int64_t t = Session(w_->village1, "2026-12-01");
    const std::string code = OpenCode(t);
    auto early = signins_->SignIn(code, Worker("张三", "13812345678", w_->ent1a), "10.0.0.1");
    ASSERT_FALSE(early);
    EXPECT_EQ(FirstField(early.error()), "code");
    EXPECT_FALSE(signins_->Lookup(code, "10.0.0.1")->accepting);
    w_->clock.Advance(86400);  // 2026-11-30: the day before
    EXPECT_TRUE(signins_->SignIn(code, Worker("张三", "13812345678", w_->ent1a), "10.0.0.1"));
    w_->clock.Advance(2 * 86400);  // 2026-12-02: the day after
    EXPECT_TRUE(signins_->SignIn(code, Worker("李四", "13812345679", w_->ent1a), "10.0.0.1"));
    w_->clock.Advance(86400);  // 2026-12-03: too late
    auto late = signins_->SignIn(code, Worker("王五", "13812345670", w_->ent1a), "10.0.0.1");
    ASSERT_FALSE(late);
    EXPECT_EQ(FirstField(late.error()), "code");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM training_signins"), 2);
}

TEST_P(TrainingSigninTest, EveryAttemptFromOneAddressCountsTowardsItsLimit) {
    Make(SigninOptions{.public_url = kPublicUrl, .signins_per_hour = 2, .lookups_per_hour = 2});
    const std::string code = OpenCode(Session(w_->village1));
    EXPECT_FALSE(signins_->SignIn(code, Worker("", "", w_->ent1a), "10.0.0.9"));  // a refused one counts
    EXPECT_TRUE(signins_->SignIn(code, Worker("张三", "13812345678", w_->ent1a), "10.0.0.9"));
    auto third = signins_->SignIn(code, Worker("李四", "13812345679", w_->ent1a), "10.0.0.9");
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().code, Code::kRateLimited);
    EXPECT_GT(signins_->SigninRetryAfter("10.0.0.9"), 0);
    EXPECT_TRUE(signins_->SignIn(code, Worker("李四", "13812345679", w_->ent1a), "10.0.0.10"));  // another address
    EXPECT_TRUE(signins_->Lookup(code, "10.0.0.9"));
    EXPECT_EQ(signins_->Lookup("ABCDEFGHJK", "10.0.0.9").error().code, Code::kNotFound);
    EXPECT_EQ(signins_->Lookup(code, "10.0.0.9").error().code, Code::kRateLimited);
    EXPECT_GT(signins_->LookupRetryAfter("10.0.0.9"), 0);
}

TEST_P(TrainingSigninTest, StaffSeeTheirScopesSigninsAndTakeThemIntoAttendance) {
    const int64_t t = Session(w_->town);
    const std::string code = OpenCode(t);
    ASSERT_TRUE(signins_->SignIn(code, Worker("张三", "13812345678", w_->ent1a), "10.0.0.1"));
    ASSERT_TRUE(signins_->SignIn(code, Worker("李四", "13812345679", w_->ent1a), "10.0.0.1"));
    ASSERT_TRUE(signins_->SignIn(code, Worker("王五", "13812345670", w_->ent1b), "10.0.0.1"));
    ASSERT_TRUE(signins_->SignIn(code, Worker("赵六", "13812345671", w_->ent2a), "10.0.0.1"));

    auto town = signins_->Sheet(w_->town_officer, t);
    ASSERT_TRUE(town) << town.error().id;
    EXPECT_EQ(town->total, 4);
    EXPECT_EQ(town->groups.size(), 3u);
    ASSERT_TRUE(town->link);
    EXPECT_EQ(town->link->code, code);
    auto village = signins_->Sheet(w_->village_officer, t);  // 高家村 only: ent1a and ent1b
    ASSERT_TRUE(village);
    EXPECT_EQ(village->total, 3);
    ASSERT_EQ(village->groups.size(), 2u);
    for (const auto& g : village->groups) EXPECT_NE(g.enterprise_id, w_->ent2a);
    EXPECT_EQ(signins_->Sheet(w_->enterprise_user, t).error().code, Code::kForbidden);
    EXPECT_EQ(signins_->Sheet(w_->other_town_officer, t).error().code, Code::kNotFound);

    // 计入出勤: a new row with the sign-in count...
    auto taken = signins_->Accept(w_->village_officer, t, w_->ent1a);
    ASSERT_TRUE(taken) << taken.error().id;
    EXPECT_TRUE(taken->second);
    EXPECT_EQ(taken->first.people, 2);
    // ... a smaller count recorded by hand is raised, a larger one is kept.
    ASSERT_TRUE(trainings_->RecordAttendance(&w_->town_officer, t, w_->ent1b, 12));
    auto kept = signins_->Accept(w_->town_officer, t, w_->ent1b);
    ASSERT_TRUE(kept);
    EXPECT_FALSE(kept->second);
    EXPECT_EQ(kept->first.people, 12);
    ASSERT_TRUE(signins_->SignIn(code, Worker("钱七", "13812345672", w_->ent1a), "10.0.0.1"));
    auto raised = signins_->Accept(w_->town_officer, t, w_->ent1a);
    ASSERT_TRUE(raised);
    EXPECT_FALSE(raised->second);
    EXPECT_EQ(raised->first.people, 3);
    EXPECT_EQ(w_->store->QueryInt("SELECT people FROM training_attendance WHERE enterprise_id = ?", {w_->ent1a}), 3);
    EXPECT_EQ(w_->store->QueryInt("SELECT people FROM training_attendance WHERE enterprise_id = ?", {w_->ent1b}), 12);
    // Outside the caller's scope, or without sign-ins: 422, nothing written.
    EXPECT_EQ(FirstField(signins_->Accept(w_->village_officer, t, w_->ent2a).error()), "enterprise_id");
    EXPECT_EQ(FirstField(signins_->Accept(w_->town_officer, t, w_->ent_other).error()), "enterprise_id");
    EXPECT_EQ(signins_->Accept(w_->inspector, t, w_->ent1a).error().code, Code::kForbidden);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM training_attendance"), 2);
    auto sheet = signins_->Sheet(w_->town_officer, t);
    ASSERT_TRUE(sheet);
    // Each group shows the people recorded for its enterprise now.
    for (const auto& g : sheet->groups) {
        if (g.enterprise_id == w_->ent1a) EXPECT_EQ(g.attendance, 3);
        if (g.enterprise_id == w_->ent1b) EXPECT_EQ(g.attendance, 12);
        if (g.enterprise_id == w_->ent2a) EXPECT_EQ(g.attendance, std::nullopt);
    }
}

TEST_P(TrainingSigninTest, ThePosterPrintsTheSessionAndItsLinkOnlyWhileOpen) {
    const int64_t t = Session(w_->village1);
    EXPECT_EQ(signins_->Poster(w_->town_officer, t).error().code, Code::kNotFound);
    const std::string code = OpenCode(t);
    auto file = signins_->Poster(w_->village_officer, t);
    ASSERT_TRUE(file) << file.error().id << " " << file.error().internal;
    EXPECT_EQ(file->content_type, "application/pdf");
    const std::string text = PdfText(file->bytes);
    for (const std::string& want : {std::string("扫码签到"), std::string("全员消防安全培训"), std::string("高家村"),
                                    std::string(kPublicUrl) + "/t/" + code, std::string("2026-11-28")}) {
        EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
    }
    EXPECT_EQ(signins_->Poster(w_->inspector, t).error().code, Code::kForbidden);
}

INSTANTIATE_TEST_SUITE_P(Stores, TrainingSigninTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
