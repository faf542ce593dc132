#include "platform/qr_code.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace safegrid::platform {
namespace {

namespace fs = std::filesystem;

// A finder pattern (ISO/IEC 18004 §6.3.3): a 7×7 dark ring, a light ring, a 3×3 dark centre, and a
// light separator on its inner sides.
bool FinderAt(const QrMatrix& m, int x0, int y0) {
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 7; ++x) {
            const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
            const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (m.Dark(x0 + x, y0 + y) != (ring || centre)) return false;
        }
    }
    return true;
}

TEST(QrCode, KnownLinkGivesAVersion4MatrixWithThreeFinderPatterns) {
    // 49 bytes in byte mode at level M: version 3 holds 42, version 4 holds 62.
    const std::string url = "https://safegrid.example.cn/report?place=ABCD2345";
    ASSERT_EQ(url.size(), 49u);
    auto m = EncodeQr(url);
    ASSERT_TRUE(m) << m.error().internal;
    EXPECT_EQ(m->size, 33);  // 17 + 4 × 4
    EXPECT_EQ(m->Version(), 4);
    ASSERT_EQ(m->dark.size(), 33u * 33u);
    EXPECT_TRUE(FinderAt(*m, 0, 0));
    EXPECT_TRUE(FinderAt(*m, m->size - 7, 0));
    EXPECT_TRUE(FinderAt(*m, 0, m->size - 7));
    EXPECT_FALSE(FinderAt(*m, m->size - 7, m->size - 7));  // the fourth corner holds data
    // The timing pattern: row 6 alternates dark and light between the finders.
    for (int x = 8; x < m->size - 8; ++x) EXPECT_EQ(m->Dark(x, 6), x % 2 == 0) << x;
}

TEST(QrCode, LongerTextTakesALargerVersionAndTooLongIsAnError) {
    auto small = EncodeQr("A");
    ASSERT_TRUE(small);
    EXPECT_EQ(small->size, 21);
    auto big = EncodeQr(std::string(1000, 'x'));
    ASSERT_TRUE(big);
    EXPECT_GT(big->size, 60);
    auto too_long = EncodeQr(std::string(5000, 'x'));
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().code, Code::kValidation);
}

// Writes the matrix as a PGM (4 pixels a module, with the quiet zone) and reads it back with zbarimg
// (Debian zbar-tools), a reader that knows nothing of libqrencode.
std::string ReadBack(const QrMatrix& m) {
    constexpr int kScale = 4;
    const int side = (m.size + 2 * kQrQuietZone) * kScale;
    std::string pgm = "P5\n" + std::to_string(side) + " " + std::to_string(side) + "\n255\n";
    for (int py = 0; py < side; ++py) {
        for (int px = 0; px < side; ++px) {
            const int x = px / kScale - kQrQuietZone;
            const int y = py / kScale - kQrQuietZone;
            const bool dark = x >= 0 && y >= 0 && x < m.size && y < m.size && m.Dark(x, y);
            pgm += static_cast<char>(dark ? 0 : 255);
        }
    }
    std::string path = (fs::temp_directory_path() / "sg_qr_XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "<mkstemp failed>";
    close(fd);
    const std::string file = path + ".pgm";
    std::ofstream(file, std::ios::binary) << pgm;
    std::string out;
    if (FILE* p = popen(("zbarimg --quiet --raw '" + file + "' 2>/dev/null").c_str(), "r")) {
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    fs::remove(path);
    fs::remove(file);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

TEST(QrCode, ZbarReadsTheLinkBack) {
    if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "zbarimg missing: install the Debian package zbar-tools (scripts/install-deps.sh)";
    }
    const std::string url = "http://192.168.1.20:8080/report?place=K7MNP2QX";
    auto m = EncodeQr(url);
    ASSERT_TRUE(m);
    EXPECT_EQ(ReadBack(*m), url);
}

}  // namespace
}  // namespace safegrid::platform
