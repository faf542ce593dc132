// A unique temporary directory for one test, removed with everything in it at destruction.
#pragma once

#include <filesystem>
#include <string>

namespace safegrid::test {

class TempDir {
  public:
    // Created under $TMPDIR (or /tmp) as safegrid-test-XXXXXX. Throws if it cannot be created
    // (a broken test environment, not something a test should handle).
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    // path() / name, as a string (handy for "sqlite:" + dir.File("x.db")).
    [[nodiscard]] std::string File(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

}  // namespace safegrid::test
