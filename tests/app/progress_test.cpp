#include "app/progress.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace safegrid::app {
namespace {

// Everything written to the read end of a pipe so far (non-blocking).
std::string Drain(int fd) {
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

class ProgressPipe : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(::pipe(fds_), 0);
        ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
    }
    void TearDown() override {
        ::close(fds_[0]);
        ::close(fds_[1]);
    }
    int fds_[2] = {-1, -1};
    double now_ = 0;
};

TEST(FormatProgress, ShowsDoneTotalPercentRateAndTimeLeft) {
    EXPECT_EQ(FormatProgress("hazards", 1234, 20000, 1.0), "hazards 1,234/20,000 (6%) 1,234/s, 0:15 left");
    EXPECT_EQ(FormatProgress("hazards", 1000000, 2000000, 100.0),
              "hazards 1,000,000/2,000,000 (50%) 10,000/s, 1:40 left");
    EXPECT_EQ(FormatProgress("rows", 10, 7200, 10.0), "rows 10/7,200 (0%) 1/s, 1:59:50 left");
}

TEST(FormatProgress, LeavesOutTheRateBeforeAnythingIsDoneAndSaysTimeTakenAtTheEnd) {
    EXPECT_EQ(FormatProgress("hazards", 0, 100, 0.0), "hazards 0/100 (0%)");
    EXPECT_EQ(FormatProgress("hazards", 0, 100, 5.0), "hazards 0/100 (0%)");
    EXPECT_EQ(FormatProgress("hazards", 100, 100, 4.0), "hazards 100/100 (100%) 25/s, 0:04 taken");
}

TEST_F(ProgressPipe, PrintsNothingWhenNotATerminal) {
    {
        ProgressReporter p("hazards", 100, fds_[1], false, [&] { return now_; });
        for (int i = 0; i <= 100; i += 10) {
            now_ += 1;
            p.Update(i);
        }
        p.Finish();
    }
    EXPECT_EQ(Drain(fds_[0]), "");
}

TEST_F(ProgressPipe, RewritesOneLineAtMostTenTimesASecondOnATerminal) {
    ProgressReporter p("hazards", 1000, fds_[1], true, [&] { return now_; });
    now_ = 0.5;
    p.Update(100);  // the first update draws
    now_ = 0.55;
    p.Update(150);  // 50 ms later: skipped
    now_ = 0.7;
    p.Update(200);  // 200 ms after the last drawing: drawn
    std::string out = Drain(fds_[0]);
    EXPECT_EQ(out, "\rhazards 100/1,000 (10%) 200/s, 0:05 left\rhazards 200/1,000 (20%) 286/s, 0:03 left");
    now_ = 1.0;
    p.Finish();
    EXPECT_EQ(Drain(fds_[0]), "\rhazards 200/1,000 (20%) 200/s, 0:04 left\n");
    p.Finish();  // once only
    EXPECT_EQ(Drain(fds_[0]), "");
}

TEST_F(ProgressPipe, BlanksTheRestOfALongerPreviousLine) {
    ProgressReporter p("x", 100000, fds_[1], true, [&] { return now_; });
    now_ = 1;
    p.Update(1000);
    EXPECT_EQ(Drain(fds_[0]), "\rx 1,000/100,000 (1%) 1,000/s, 1:39 left");
    now_ = 1.2;
    p.Update(1000);  // the rate fell: a shorter line, padded over the old one
    EXPECT_EQ(Drain(fds_[0]), "\rx 1,000/100,000 (1%) 833/s, 1:59 left  ");
}

TEST_F(ProgressPipe, ACallbackLearnsTheTotalAsItGoes) {
    ProgressReporter p("backup pages", 0, fds_[1], true, [&] { return now_; });
    const ProgressFn report = p.Callback();
    now_ = 1;
    report(256, 1024);
    EXPECT_EQ(Drain(fds_[0]), "\rbackup pages 256/1,024 (25%) 256/s, 0:03 left");
    now_ = 2;
    report(1024, 1024);
    p.Finish();
    EXPECT_EQ(Drain(fds_[0]),
              "\rbackup pages 1,024/1,024 (100%) 512/s, 0:02 taken\r"
              "backup pages 1,024/1,024 (100%) 512/s, 0:02 taken\n");
}

TEST_F(ProgressPipe, WorkWithNothingToDoLeavesNoLine) {
    ProgressReporter p("migrations", 0, fds_[1], true, [&] { return now_; });
    p.Finish();
    EXPECT_EQ(Drain(fds_[0]), "");
}

TEST_F(ProgressPipe, ScopedOutputRedirectsTheDefaultReporter) {
    {
        const ScopedProgressOutput out(fds_[1], true);
        ProgressReporter p("rows", 10);
        p.Update(10);
    }
    EXPECT_NE(Drain(fds_[0]).find("\rrows 10/10 (100%)"), std::string::npos);
    {
        const ScopedProgressOutput out(fds_[1], false);
        ProgressReporter p("rows", 10);
        p.Update(10);
    }
    EXPECT_EQ(Drain(fds_[0]), "");
}

}  // namespace
}  // namespace safegrid::app
