#include "importer/zip_archive.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "zip_writer.hpp"

namespace safegrid::importer {
namespace {

using testing::BuildZip;
using testing::ZipEntry;

TEST(ZipArchive, ReadsStoredAndDeflatedEntriesCaseInsensitively) {
    const std::string bytes = BuildZip({{"xl/Workbook.xml", "<a/>", false}, {"xl\\styles.xml", "<b/>", true}});
    auto zip = ZipArchive::Open(bytes);
    ASSERT_TRUE(zip) << zip.error().internal;
    EXPECT_TRUE(zip->Has("XL/workbook.xml"));
    EXPECT_TRUE(zip->Has("/xl/styles.xml"));
    EXPECT_FALSE(zip->Has("xl/sharedStrings.xml"));
    EXPECT_EQ(zip->ReadAll("xl/workbook.xml", 100).value(), "<a/>");
    EXPECT_EQ(zip->ReadAll("xl/styles.xml", 100).value(), "<b/>");
    EXPECT_FALSE(zip->ReadAll("xl/styles.xml", 2));  // caller's cap
    EXPECT_FALSE(zip->ReadAll("missing", 100));
}

TEST(ZipArchive, RefusesHighCompressionRatio) {
    const std::string bytes = BuildZip({{"bomb.xml", std::string(8u << 20, 'a')}});
    auto zip = ZipArchive::Open(bytes);
    ASSERT_TRUE(zip);
    auto data = zip->ReadAll("bomb.xml", 100u << 20);
    ASSERT_FALSE(data);
    EXPECT_EQ(data.error().id, "xlsx_zip_bomb");
    EXPECT_EQ(data.error().code, Code::kTooLarge);
}

TEST(ZipArchive, RefusesDeclaredSizeBeyondBudget) {
    ZipEntry e{"big.xml", "small", false, static_cast<std::uint32_t>(kMaxUncompressedTotal + 1)};
    const std::string bytes = BuildZip({e});
    auto zip = ZipArchive::Open(bytes);
    ASSERT_TRUE(zip);
    auto data = zip->ReadAll("big.xml", 1u << 30);
    ASSERT_FALSE(data);
    EXPECT_EQ(data.error().id, "xlsx_zip_bomb");
}

TEST(ZipArchive, StopsAtTheDeclaredSizeOfALyingEntry) {
    // Declares 1000 bytes, inflates to 4 MiB: we must never produce more than 1000.
    ZipEntry e{"liar.xml", std::string(4u << 20, 'x'), true, 1000u};
    const std::string bytes = BuildZip({e});
    auto zip = ZipArchive::Open(bytes);
    ASSERT_TRUE(zip);
    std::size_t seen = 0;
    Status st = zip->Read("liar.xml", [&](std::string_view chunk) -> Status {
        seen += chunk.size();
        return {};
    });
    EXPECT_FALSE(st);
    EXPECT_LE(seen, 1000u);
    EXPECT_EQ(st.error().code, Code::kMalformed);  // the CRC does not match what was declared
}

TEST(ZipArchive, BudgetIsSharedAcrossEntries) {
    // Each entry fits the (test-sized) budget alone; the third one would exceed it.
    std::vector<ZipEntry> entries;
    for (int i = 0; i < 3; ++i) entries.push_back({"e" + std::to_string(i), std::string(400u << 10, 'a'), false});
    const std::string bytes = BuildZip(entries);
    auto zip = ZipArchive::Open(bytes, 1u << 20);
    ASSERT_TRUE(zip);
    const auto sink = [](std::string_view) -> Status { return {}; };
    EXPECT_TRUE(zip->Read("e0", sink));
    EXPECT_TRUE(zip->Read("e1", sink));
    Status third = zip->Read("e2", sink);
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().id, "xlsx_zip_bomb");
}

TEST(ZipArchive, RefusesTooManyEntries) {
    std::vector<ZipEntry> entries;
    for (int i = 0; i <= kMaxZipEntries; ++i) entries.push_back({"f" + std::to_string(i), "", false});
    const std::string bytes = BuildZip(entries);
    auto zip = ZipArchive::Open(bytes);
    ASSERT_FALSE(zip);
    EXPECT_EQ(zip.error().id, "xlsx_zip_bomb");
}

TEST(ZipArchive, CorruptInputIsAnError) {
    for (std::string bytes : {std::string(), std::string("PK\x03\x04"),
                              std::string("PK\x05\x06") + std::string(18, '\0'), std::string(1000, '\xFF')}) {
        auto zip = ZipArchive::Open(bytes);
        ASSERT_FALSE(zip);
        EXPECT_EQ(zip.error().id, "xlsx_corrupt");
    }
}

}  // namespace
}  // namespace safegrid::importer
