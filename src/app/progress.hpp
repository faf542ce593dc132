// A one-line progress display for long commands (seed-demo, ...): done/total, rate and time left,
// rewritten in place with '\r' at most ~10 times a second. Only on a terminal: when the stream is
// not a TTY (CI logs, pipes, files) it prints nothing at all, so logs stay clean.
//
// Services and storage report through a plain callback (ProgressFn, core/progress_fn.hpp: imports,
// backup, restore, migrations); Callback() turns a reporter into one. Only app knows terminals.
//
// Thread-safety: one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/progress_fn.hpp"

namespace safegrid::app {

// "label 1,234/20,000 (6%) 1,234/s, 0:13 left" — the text of one update (no '\r', no newline).
// seconds is the time since the start; rate and time left are left out until it is > 0.
std::string FormatProgress(std::string_view label, int64_t done, int64_t total, double seconds);

class ProgressReporter {
  public:
    // Writes to stderr when it is a terminal (or where a ScopedProgressOutput says).
    ProgressReporter(std::string label, int64_t total);
    // For tests: writes to `fd` when `tty`, reading the time (seconds, monotonic) from `now`.
    ProgressReporter(std::string label, int64_t total, int fd, bool tty, std::function<double()> now);
    ~ProgressReporter();
    ProgressReporter(const ProgressReporter&) = delete;
    ProgressReporter& operator=(const ProgressReporter&) = delete;

    // Records `done`; redraws when 100 ms passed since the last drawing (or done reaches total).
    void Update(int64_t done);
    // The same, for work that learns its total as it goes (pages of a backup, pending migrations).
    void Update(int64_t done, int64_t total);
    // Update(done, total) as a callback for services and storage; valid while this reporter lives.
    ProgressFn Callback();
    // Draws the last state and ends the line (once; the destructor calls it). Prints nothing when
    // Update was never called: work that had nothing to do leaves no empty "0/0" line.
    void Finish();
    [[nodiscard]] bool active() const { return tty_; }

  private:
    void Draw();

    std::string label_;
    int64_t total_;
    int fd_;
    bool tty_;
    std::function<double()> now_;
    double started_ = 0;
    double last_draw_ = -1;
    int64_t done_ = 0;
    size_t last_width_ = 0;
    bool finished_ = false;
    bool updated_ = false;
};

// While alive, reporters made with the two-argument constructor write to `fd` and take `tty` as
// whether it is a terminal: tests run a whole command (BackupCommand, ...) as if on a terminal and
// read its progress lines. Not thread-safe; one at a time.
class ScopedProgressOutput {
  public:
    ScopedProgressOutput(int fd, bool tty);
    ~ScopedProgressOutput();
    ScopedProgressOutput(const ScopedProgressOutput&) = delete;
    ScopedProgressOutput& operator=(const ScopedProgressOutput&) = delete;
};

}  // namespace safegrid::app
