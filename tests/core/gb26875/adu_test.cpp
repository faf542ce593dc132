#include "core/gb26875/adu.hpp"

#include <gtest/gtest.h>

#include "core/gb26875/code_tables.hpp"
#include "core/gb26875/flags.hpp"
#include "core/gb26875/text.hpp"

namespace safegrid::gb26875 {
namespace {

const TimeLabel kT{9, 8, 7, 6, 5, 24};

ComponentAddress Addr(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return ComponentAddress{{a, b, c, d}}; }

// One object of every standard type, with non-zero fields so a field read at the wrong offset
// changes the re-encoded bytes.
std::vector<std::pair<uint8_t, Object>> OneOfEach() {
    ComponentState cs{1,
                      2,
                      42,
                      Addr(5, 0, 33, 0),
                      0x0106,
                      "\xb5\xe3"
                      "01",
                      kT};
    ComponentConfiguration cc{1, 2, 23, Addr(1, 0, 7, 0), "east"};
    return {
        {1, SystemState{1, 2, 0x2003, kT}},
        {2, cs},
        {3, AnalogValue{1, 2, 31, Addr(1, 0, 1, 0), 3, -55, kT}},
        {4, FacilityOperation{1, 2, 0x41, 7, kT}},
        {5, FacilitySoftwareVersion{1, 2, 3, 4}},
        {6, SystemConfiguration{10, 2,
                                "\xd6\xf7\xbb\xfa"
                                "A"}},
        {7, cc},
        {8, FacilityTime{1, 2, kT}},
        {21, UitdState{0x49, kT}},
        {24, UitdOperation{0x20, 9, kT}},
        {25, UitdSoftwareVersion{2, 3}},
        {26, UitdConfiguration{"UITD-V2"}},
        {28, UitdTime{kT}},
        {61, SystemQuery{1, 2}},
        {62, ComponentQuery{1, 2, Addr(1, 2, 3, 4)}},
        {63, ComponentQuery{1, 2, Addr(4, 3, 2, 1)}},
        {64, FacilityRecordQuery{1, 2, 10, kT}},
        {65, SystemQuery{1, 2}},
        {66, SystemQuery{10, 3}},
        {67, ComponentQuery{1, 2, Addr(9, 9, 9, 9)}},
        {68, SystemQuery{1, 2}},
        {81, Reserved{0}},
        {84, UitdRecordQuery{5, kT}},
        {85, Reserved{0}},
        {86, Reserved{0}},
        {88, Reserved{0}},
        {89, Reserved{0}},
        {90, ClockSync{kT}},
        {91, PatrolCheck{10}},
    };
}

TEST(Gb26875Adu, EveryStandardTypeRoundTripsWithItsExactSize) {
    for (const auto& [type, object] : OneOfEach()) {
        SCOPED_TRACE(int{type});
        auto bytes = EncodeAdu(type, {object, object});
        const TypeInfo* info = FindType(type);
        ASSERT_NE(info, nullptr);
        if (info->max_count < 2) {
            EXPECT_FALSE(bytes);  // two objects where the standard allows one
            bytes = EncodeAdu(type, {object});
        }
        ASSERT_TRUE(bytes) << bytes.error().internal;
        const std::size_t n = info->max_count < 2 ? 1 : 2;
        if (info->object_size != 0) EXPECT_EQ(bytes->size(), 2 + n * info->object_size);
        auto adu = DecodeAdu(*bytes);
        ASSERT_TRUE(adu) << adu.error().internal;
        EXPECT_EQ(adu->type, type);
        EXPECT_EQ(adu->count, n);
        ASSERT_EQ(adu->objects.size(), n);
        EXPECT_EQ(adu->objects[0].index(), object.index());
        EXPECT_EQ(EncodeAdu(type, adu->objects).value(), *bytes);
        // One byte short or one too many is inconsistent, never a crash or a partial object.
        EXPECT_FALSE(DecodeAdu(bytes->substr(0, bytes->size() - 1)));
        EXPECT_EQ(DecodeAdu(*bytes + "x").error().id, "gb26875_adu_inconsistent");
    }
}

TEST(Gb26875Adu, ReadsTheFieldsWhereTheStandardPutsThem) {
    auto bytes = EncodeAdu(adu_type::kAnalogValue, {AnalogValue{1, 1, 31, Addr(1, 0, 1, 0), 3, -55, kT}});
    ASSERT_TRUE(bytes);
    EXPECT_EQ(bytes->substr(2 + 8, 2), "\xc9\xff");  // -55 as int16 LE after type/count and 8 bytes
    const auto v = std::get<AnalogValue>(DecodeAdu(*bytes)->objects[0]);
    EXPECT_EQ(v.raw_value, -55);
    EXPECT_DOUBLE_EQ(AnalogEngineeringValue(v.analog_type, v.raw_value).value(), -5.5);
    EXPECT_EQ(v.component_address.Low(), 1);
    EXPECT_EQ(v.component_address.High(), 1);
    EXPECT_EQ(v.component_address.Value(), 65537U);
}

TEST(Gb26875Adu, WalksVariableLengthObjectsOneByOne) {
    // Type 6 with texts of 1 and 7 bytes: an even split of the ADU by the count would misread both.
    const std::string adu = std::string("\x06\x02", 2) +
                            "\x01\x01\x01"
                            "A" +
                            "\x0a\x02\x07"
                            "B-floor";
    auto decoded = DecodeAdu(adu);
    ASSERT_TRUE(decoded) << decoded.error().internal;
    EXPECT_EQ(std::get<SystemConfiguration>(decoded->objects[0]).text, "A");
    EXPECT_EQ(std::get<SystemConfiguration>(decoded->objects[1]).system_type, 10);
    EXPECT_EQ(std::get<SystemConfiguration>(decoded->objects[1]).text, "B-floor");
    // A length byte that runs past the ADU.
    EXPECT_EQ(DecodeAdu(std::string("\x1a\x01\x28"
                                    "abcde",
                                    8))
                  .error()
                  .id,
              "gb26875_adu_inconsistent");
}

TEST(Gb26875Adu, RefusesCountsOutsideTheTypesRange) {
    EXPECT_FALSE(DecodeAdu(std::string("\x15\x00", 2)));  // type 21 with no object
    std::string two_states = std::string("\x15\x02", 2) + std::string(14, '\x01');
    EXPECT_FALSE(DecodeAdu(two_states));  // type 21 allows exactly one
    EXPECT_FALSE(DecodeAdu("\x01"));      // no count
    // 102 system states fit in 1022 bytes; 103 are refused on both sides.
    std::vector<Object> states(102, SystemState{1, 1, 2, kT});
    auto max = EncodeAdu(adu_type::kSystemState, states);
    ASSERT_TRUE(max);
    EXPECT_EQ(max->size(), 1022U);
    EXPECT_TRUE(DecodeAdu(*max));
    states.push_back(SystemState{});
    EXPECT_FALSE(EncodeAdu(adu_type::kSystemState, states));
}

TEST(Gb26875Adu, KeepsTypesTheStandardDoesNotDefineRaw) {
    auto adu = DecodeAdu(std::string("\x96\x01\x00\x03[", 5));
    ASSERT_TRUE(adu);
    EXPECT_EQ(adu->type, 150);
    EXPECT_TRUE(adu->objects.empty());
    EXPECT_EQ(adu->raw_objects, std::string("\x00\x03[", 3));
    EXPECT_EQ(FindType(150), nullptr);
    EXPECT_EQ(FindType(22), nullptr);  // reserved between 21 and 24
    EXPECT_FALSE(EncodeAdu(150, {Reserved{}}));
}

TEST(Gb26875Adu, NamesTheSetFlags) {
    EXPECT_EQ(SetFlagNames(FlagField::kSystemState, 0x2106),
              (std::vector<std::string_view>{"fire", "fault", "main_power_fault", "reset"}));
    EXPECT_EQ(SetFlagNames(FlagField::kComponentState, 0x0100), (std::vector<std::string_view>{"power_fault"}));
    EXPECT_EQ(SetFlagNames(FlagField::kUitdState, 0x61),
              (std::vector<std::string_view>{"normal_monitor", "link_fault", "line_fault"}));
    EXPECT_TRUE(HasFlag(FlagField::kUitdOperation, 0x20, "patrol_answer"));
    EXPECT_FALSE(HasFlag(FlagField::kFacilityOperation, 0x20, "patrol_answer"));  // bit 5 is acknowledge there
    EXPECT_TRUE(HasFlag(FlagField::kFacilityOperation, 0x20, "acknowledge"));
    EXPECT_TRUE(SetFlagNames(FlagField::kSystemState, 0xC000).empty());  // reserved bits have no name
}

TEST(Gb26875Adu, CodeTablesNameTheStandardsCodes) {
    EXPECT_EQ(SystemTypeName(1)->zh, "火灾报警系统");
    EXPECT_EQ(SystemTypeName(23)->zh, "消防电源");  // not a second 消防电梯 (erratum of one transcription)
    EXPECT_EQ(SystemTypeName(2), nullptr);
    EXPECT_EQ(SystemTypeName(200), nullptr);
    EXPECT_EQ(ComponentTypeName(42)->zh, "点型光电感烟火灾探测器");
    EXPECT_EQ(ComponentTypeName(24)->zh, "消火栓按钮");
    EXPECT_EQ(ComponentTypeName(121)->zh, "警报装置");
    EXPECT_EQ(ComponentTypeName(128), nullptr);
    EXPECT_EQ(FindAnalogType(5)->unit, "kPa");
    EXPECT_DOUBLE_EQ(AnalogEngineeringValue(5, 3500).value(), 350.0);
    EXPECT_FALSE(AnalogEngineeringValue(13, 1));
}

TEST(Gb26875Text, TrimsPaddingWithoutCuttingCharacters) {
    EXPECT_EQ(TrimPadding(std::string(30, ' ') + '\0'), "");
    EXPECT_EQ(TrimPadding(std::string("\xb5\xe3"
                                      "01\0\0garbage",
                                      13)),
              "\xb5\xe3"
              "01");
    EXPECT_EQ(TrimPadding(" a b  "), " a b");
    struct FakeDecoder final : Gb18030Decoder {
        [[nodiscard]] Result<std::string> ToUtf8(std::string_view) const override { return std::string("decoded"); }
    } decoder;
    EXPECT_EQ(TextToUtf8("ASCII stays", decoder).value(), "ASCII stays");
    EXPECT_EQ(TextToUtf8("\xb5\xe3", decoder).value(), "decoded");
}

TEST(Gb26875Time, ValidatesTheCalendar) {
    EXPECT_TRUE((TimeLabel{59, 59, 23, 29, 2, 24}).Valid());  // 2024 is a leap year
    EXPECT_FALSE((TimeLabel{0, 0, 0, 29, 2, 23}).Valid());    // 2023 is not
    EXPECT_FALSE((TimeLabel{0, 0, 0, 1, 13, 24}).Valid());
    EXPECT_FALSE((TimeLabel{0, 0, 0, 0, 0, 0}).Valid());  // a dead clock's zeros
    EXPECT_FALSE((TimeLabel{60, 0, 0, 1, 1, 24}).Valid());
    EXPECT_FALSE((TimeLabel{0, 0, 0, 1, 1, 100}).Valid());
    EXPECT_EQ((TimeLabel{0, 0, 0, 1, 13, 24}).Text(), "2024-13-01 00:00:00");
}

}  // namespace
}  // namespace safegrid::gb26875
