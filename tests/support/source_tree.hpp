// Where tests find files of the source tree and the optional real-world data set, without naming
// any machine's directories.
//
// SourceTreeDir(): $SAFEGRID_SOURCE_DIR (ctest sets it), else derived from this header's own path.
// __FILE__ is absolute, or relative to the build directory when ccache's base_dir rewrote it; then
// it is resolved from the test binary's directory and its parents (build/tests/test_x).
//
// RealworldDir(): the shared real-world data (OSHA ledgers) lives outside the repository. It comes
// only from $SAFEGRID_REALWORLD_DIR (scripts/test.sh sets it when the data is present). Unset, the
// tests that need it skip and say so (docs/architecture.md "Tests"); set, a missing file fails.
//
// Header-only so the suites built without tests/support (core, importer) can use it too.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>

namespace safegrid::test {

inline std::filesystem::path SourceTreeDir() {
    namespace fs = std::filesystem;
    if (const char* src = std::getenv("SAFEGRID_SOURCE_DIR"); src && *src) return src;
    // tests/support/source_tree.hpp → the root, three levels up.
    const fs::path root = fs::path(__FILE__).parent_path().parent_path().parent_path();
    if (root.is_absolute()) return root;
    const fs::path self = "tests/support/source_tree.hpp";
    std::error_code ec;
    fs::path dir = fs::read_symlink("/proc/self/exe", ec);
    for (dir = ec ? fs::current_path() : dir.parent_path(); !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / root / self, ec)) return (dir / root).lexically_normal();
        if (dir == dir.root_path()) break;
    }
    return root;  // relative to the working directory: the last resort, and the error names it
}

// Null when $SAFEGRID_REALWORLD_DIR is unset or empty.
inline std::optional<std::filesystem::path> RealworldDir() {
    if (const char* dir = std::getenv("SAFEGRID_REALWORLD_DIR"); dir && *dir) return std::filesystem::path(dir);
    return std::nullopt;
}

inline constexpr const char* kNoRealworldData =
    "SAFEGRID_REALWORLD_DIR is not set: the real-world data set lives outside the repository "
    "(docs/architecture.md, Tests)";

}  // namespace safegrid::test
