#include "support/temp_dir.hpp"

#include <stdlib.h>

#include <cstdlib>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace safegrid::test {

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/safegrid-test-XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp " + templ);
    path_ = buf.data();
}

TempDir::~TempDir() {
    std::error_code ec;  // never throw from a destructor; a leftover temp dir is harmless
    std::filesystem::remove_all(path_, ec);
}

}  // namespace safegrid::test
