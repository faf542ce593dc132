#include "core/attachment/exif.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/attachment/jpeg_builder.hpp"

namespace safegrid::attachment {
namespace {

using test::ExifBuilder;

constexpr UnixSeconds kChinaEvening = 1795951874;  // 2026-11-29T11:31:14Z = 19:31:14 in China

ExifBuilder Full(bool little) {
    ExifBuilder b(little);
    b.TakenAt("2026:11:29 19:31:14").Position('N', {{30, 1}, {10, 1}, {3000, 100}}, 'E', {{121, 1}, {15, 1}, {36, 1}});
    return b;
}

TEST(Exif, ReadsTimeAndPositionInBothByteOrders) {
    for (bool little : {true, false}) {
        PhotoMetadata m = ReadJpegMetadata(Full(little).Jpeg());
        ASSERT_TRUE(m.taken_at) << little;
        EXPECT_EQ(*m.taken_at, kChinaEvening);
        ASSERT_TRUE(m.lat && m.lng);
        EXPECT_NEAR(*m.lat, 30.175, 1e-9);
        EXPECT_NEAR(*m.lng, 121.26, 1e-9);
    }
}

TEST(Exif, OffsetTimeOriginalOverridesChinaTime) {
    ExifBuilder b;
    b.TakenAt("2026:11:29 19:31:14", "+00:00");
    EXPECT_EQ(ReadJpegMetadata(b.Jpeg()).taken_at, kChinaEvening + 8 * 3600);
    ExifBuilder junk_offset;
    junk_offset.TakenAt("2026:11:29 19:31:14", "local");
    EXPECT_EQ(ReadJpegMetadata(junk_offset.Jpeg()).taken_at, kChinaEvening);
}

TEST(Exif, SouthAndWestAreNegative) {
    ExifBuilder b;
    b.Position('S', {{33, 1}, {52, 1}, {0, 1}}, 'W', {{70, 1}, {30, 1}, {0, 1}});
    PhotoMetadata m = ReadJpegMetadata(b.Jpeg());
    EXPECT_FALSE(m.taken_at);
    ASSERT_TRUE(m.lat && m.lng);
    EXPECT_NEAR(*m.lat, -(33 + 52.0 / 60), 1e-9);
    EXPECT_NEAR(*m.lng, -70.5, 1e-9);
}

TEST(Exif, MalformedFieldsAreLeftEmptyAndTheRestIsStillRead) {
    for (const char* bad : {"0000:00:00 00:00:00", "    :  :     :  :  ", "2026:13:01 00:00:00", "2026:02:30 10:00:00",
                            "2026-11-29 19:31:14", "2026:11:29 19:31", "2026:11:29 25:00:00"}) {
        ExifBuilder b;
        b.TakenAt(bad).Position('N', {{30, 1}, {0, 1}, {0, 1}}, 'E', {{120, 1}, {0, 1}, {0, 1}});
        PhotoMetadata m = ReadJpegMetadata(b.Jpeg());
        EXPECT_FALSE(m.taken_at) << bad;
        EXPECT_TRUE(m.lat) << bad;
    }
    ExifBuilder zero_den;
    zero_den.TakenAt("2026:11:29 19:31:14").Position('N', {{30, 0}, {0, 1}, {0, 1}}, 'E', {{120, 1}, {0, 1}, {0, 1}});
    PhotoMetadata m = ReadJpegMetadata(zero_den.Jpeg());
    EXPECT_TRUE(m.taken_at);
    EXPECT_FALSE(m.lat);
    EXPECT_FALSE(m.lng);  // half a position is no position
}

TEST(Exif, RefusesImpossiblePositionsMissingReferencesAndNullIsland) {
    ExifBuilder too_far;
    too_far.Position('N', {{91, 1}, {0, 1}, {0, 1}}, 'E', {{120, 1}, {0, 1}, {0, 1}});
    EXPECT_FALSE(ReadJpegMetadata(too_far.Jpeg()).lat);
    ExifBuilder bad_ref;
    bad_ref.Position('X', {{30, 1}, {0, 1}, {0, 1}}, 'E', {{120, 1}, {0, 1}, {0, 1}});
    EXPECT_FALSE(ReadJpegMetadata(bad_ref.Jpeg()).lat);
    ExifBuilder two_values;
    two_values.GpsAscii(1, "N")
        .GpsRationals(2, {{30, 1}, {1, 1}})
        .GpsAscii(3, "E")
        .GpsRationals(4, {{1, 1}, {1, 1}, {1, 1}});
    EXPECT_FALSE(ReadJpegMetadata(two_values.Jpeg()).lat);
    ExifBuilder null_island;
    null_island.Position('N', {{0, 1}, {0, 1}, {0, 1}}, 'E', {{0, 1}, {0, 1}, {0, 1}});
    EXPECT_FALSE(ReadJpegMetadata(null_island.Jpeg()).lat);
}

TEST(Exif, NothingFromFilesWithoutExif) {
    EXPECT_FALSE(ReadJpegMetadata(ExifBuilder::PlainJpeg()).taken_at);
    EXPECT_FALSE(ReadJpegMetadata("").taken_at);
    EXPECT_FALSE(ReadJpegMetadata("\x89PNG\r\n\x1A\n").taken_at);
    EXPECT_FALSE(ReadJpegMetadata(ExifBuilder::JpegWithApp1("http://ns.adobe.com/xap/1.0/")).taken_at);
    EXPECT_FALSE(ReadTiffMetadata("II*\0").taken_at);
}

TEST(Exif, EveryTruncationAndByteFlipIsSafe) {
    // Under ASan (make test-asan, the fuzzer) an out-of-bounds read fails here; in any build the
    // reader must return, and must never invent a position.
    const std::string jpeg = Full(true).Jpeg();
    for (size_t n = 0; n <= jpeg.size(); ++n) {
        PhotoMetadata m = ReadJpegMetadata(std::string_view(jpeg).substr(0, n));
        if (m.lat) {
            EXPECT_NEAR(*m.lat, 30.175, 1e-9);
        }
    }
    std::mt19937 rng(7);
    for (int round = 0; round < 20000; ++round) {
        std::string mutated = Full(round % 2 == 0).Jpeg();
        for (int flips = 1 + static_cast<int>(rng() % 4); flips > 0; --flips) {
            mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xFF);
        }
        PhotoMetadata m = ReadJpegMetadata(mutated);
        EXPECT_LE(std::abs(m.lat.value_or(0)), 90.0);
        EXPECT_LE(std::abs(m.lng.value_or(0)), 180.0);
    }
}

TEST(Exif, HostileCountsAndOffsetsAreRefused) {
    // IFD0 claims 65535 entries and points its Exif IFD past the end.
    std::string tiff("II*\0\x08\0\0\0\xFF\xFF", 10);
    tiff += std::string("\x69\x87\x04\0\x01\0\0\0\xFF\xFF\xFF\x7F", 12);
    EXPECT_FALSE(ReadTiffMetadata(tiff).taken_at);
    // An ASCII value whose count runs past the end of the buffer.
    std::string ascii("MM\0*\0\0\0\x08\0\x01\x90\x03\0\x02\xFF\xFF\xFF\xF0\0\0\0\x1A", 22);
    EXPECT_FALSE(ReadTiffMetadata(ascii).taken_at);
    // IFD offset 0xFFFFFFFF.
    EXPECT_FALSE(ReadTiffMetadata(std::string("II*\0\xFF\xFF\xFF\xFF", 8)).taken_at);
    // A JPEG segment length larger than the file.
    EXPECT_FALSE(ReadJpegMetadata(std::string("\xFF\xD8\xFF\xE1\xFF\xFF"
                                              "Exif\0\0II",
                                              14))
                     .taken_at);
}

}  // namespace
}  // namespace safegrid::attachment
