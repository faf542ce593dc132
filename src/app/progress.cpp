#include "app/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace safegrid::app {
namespace {

constexpr double kRedrawSeconds = 0.1;

// Set by ScopedProgressOutput: where the default reporters write, and whether that is a terminal.
struct Output {
    int fd = -1;
    bool tty = false;
};
Output redirected;

std::string Grouped(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return n < 0 ? "-" + out : out;
}

std::string Clock(int64_t seconds) {
    char buf[32];
    if (seconds >= 3600) {
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                      static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    } else {
        std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(seconds / 60),
                      static_cast<long long>(seconds % 60));
    }
    return buf;
}

double SteadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void WriteAll(int fd, const std::string& text) {
    size_t off = 0;
    while (off < text.size()) {
        const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
        if (n <= 0) return;  // a closed terminal is no reason to fail the command
        off += static_cast<size_t>(n);
    }
}

}  // namespace

std::string FormatProgress(std::string_view label, int64_t done, int64_t total, double seconds) {
    std::string out(label);
    out += " " + Grouped(done) + "/" + Grouped(total);
    if (total > 0) {
        const int64_t percent = std::clamp<int64_t>(done * 100 / total, 0, 100);
        out += " (" + std::to_string(percent) + "%)";
    }
    if (seconds > 0 && done > 0) {
        const double rate = static_cast<double>(done) / seconds;
        out += " " + Grouped(static_cast<int64_t>(rate + 0.5)) + "/s";
        if (total > done) {
            out += ", " + Clock(static_cast<int64_t>(static_cast<double>(total - done) / rate + 0.5)) + " left";
        } else {
            out += ", " + Clock(static_cast<int64_t>(seconds + 0.5)) + " taken";
        }
    }
    return out;
}

ProgressReporter::ProgressReporter(std::string label, int64_t total)
    : ProgressReporter(std::move(label), total, redirected.fd >= 0 ? redirected.fd : STDERR_FILENO,
                       redirected.fd >= 0 ? redirected.tty : ::isatty(STDERR_FILENO) == 1, SteadySeconds) {}

ScopedProgressOutput::ScopedProgressOutput(int fd, bool tty) { redirected = {fd, tty}; }
ScopedProgressOutput::~ScopedProgressOutput() { redirected = {}; }

ProgressReporter::ProgressReporter(std::string label, int64_t total, int fd, bool tty, std::function<double()> now)
    : label_(std::move(label)), total_(total), fd_(fd), tty_(tty), now_(std::move(now)) {
    if (tty_) started_ = now_();
}

ProgressReporter::~ProgressReporter() { Finish(); }

void ProgressReporter::Update(int64_t done, int64_t total) {
    total_ = total;
    Update(done);
}

ProgressFn ProgressReporter::Callback() {
    return [this](int64_t done, int64_t total) { Update(done, total); };
}

void ProgressReporter::Update(int64_t done) {
    done_ = done;
    updated_ = true;
    if (!tty_ || finished_) return;
    const double t = now_();
    if (last_draw_ >= 0 && t - last_draw_ < kRedrawSeconds && done < total_) return;
    last_draw_ = t;
    Draw();
}

void ProgressReporter::Finish() {
    if (finished_) return;
    finished_ = true;
    if (!tty_ || !updated_) return;
    Draw();
    WriteAll(fd_, "\n");
}

void ProgressReporter::Draw() {
    std::string line = FormatProgress(label_, done_, total_, now_() - started_);
    const size_t width = line.size();
    // Blank out what is left of a longer previous line.
    if (width < last_width_) line.append(last_width_ - width, ' ');
    last_width_ = width;
    WriteAll(fd_, "\r" + line);
}

}  // namespace safegrid::app
