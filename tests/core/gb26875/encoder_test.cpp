// The frames the centre sends, checked byte for byte against published frames of the shared
// vectors (R02/R03 answer R01; R08, R15, R17, R18 are a centre's commands) and built ones (C11).
#include "core/gb26875/encoder.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/gb26875/adu.hpp"

namespace safegrid::gb26875 {
namespace {

std::string Hex(std::string_view bytes) {
    std::string out;
    for (char c : bytes) out += fmt::format("{:02x}", static_cast<uint8_t>(c));
    return out;
}

std::string Unhex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

constexpr std::string_view kR01 =
    "404001000101203a091a090c790300000000385b0100000030000202010101280a000200020020202020202020202020202020202020202020"
    "202020202020202020202000023a091a090c462323";

// The vendor document's centre: address 88888, talking to UITD 889 at 2012-09-26 09:58:32.
Origin VendorCentre() {
    return Origin{1, Address::FromValue(88888), Address::FromValue(889), TimeLabel{32, 58, 9, 26, 9, 12}};
}

TEST(Gb26875Encoder, ConfirmAndDenyAnswerTheFramesSerialWithSwappedAddresses) {
    auto upload = ReadFrame(Unhex(kR01));
    ASSERT_TRUE(upload);
    const TimeLabel now{35, 58, 9, 26, 9, 12};
    EXPECT_EQ(Hex(EncodeConfirm(upload->header, now)), "404001000101233a091a090c385b01000000790300000000000003ab2323");
    EXPECT_EQ(Hex(EncodeDeny(upload->header, now)), "404001000101233a091a090c385b01000000790300000000000006ae2323");

    // Any serial is echoed, including the wrap value.
    Header h = upload->header;
    h.serial = 0xFFFF;
    auto confirm = ReadFrame(EncodeConfirm(h, now));
    ASSERT_TRUE(confirm);
    EXPECT_EQ(confirm->header.serial, 0xFFFF);
    EXPECT_EQ(confirm->header.command, static_cast<uint8_t>(Command::kConfirm));
    EXPECT_EQ(confirm->header.source.Value(), 88888U);
    EXPECT_EQ(confirm->header.destination.Value(), 889U);
    EXPECT_TRUE(confirm->adu.empty());
}

TEST(Gb26875Encoder, ControlCommandsMatchPublishedFrames) {
    EXPECT_EQ(Hex(EncodeInitialise(VendorCentre())),
              "404001000101203a091a090c385b01000000790300000000030001590100032323");
    EXPECT_EQ(Hex(EncodeClockSync(VendorCentre(), TimeLabel{2, 58, 9, 26, 9, 12})),
              "404001000101203a091a090c385b010000007903000000000800015a01023a091a090c7d2323");
    EXPECT_EQ(Hex(EncodePatrolCheck(VendorCentre(), 10)),
              "404001000101203a091a090c385b010000007903000000000300015b010a0f2323");
}

TEST(Gb26875Encoder, QueriesMatchPublishedAndBuiltFrames) {
    auto r08 = EncodeQuery(VendorCentre(), adu_type::kReadUitdState, {Reserved{0}});
    ASSERT_TRUE(r08);
    EXPECT_EQ(Hex(*r08), "404001000101203a091a090c385b01000000790300000000030004510100fe2323");

    const Origin c11{16, Address::FromValue(1), Address::FromValue(41394), TimeLabel{9, 8, 7, 6, 5, 24}};
    ComponentQuery a{1, 1, {}};
    a.component_address.bytes = {0x05, 0x00, 0x21, 0x00};
    ComponentQuery b{1, 1, {}};
    b.component_address.bytes = {0x01, 0x00, 0x07, 0x00};
    auto query = EncodeQuery(c11, adu_type::kReadComponentState, {a, b});
    ASSERT_TRUE(query);
    EXPECT_EQ(Hex(*query), "404010000101090807060518010000000000b2a1000000000e00043e02010105002100010101000700252323");
}

TEST(Gb26875Encoder, RefusesWhatIsNotAQuery) {
    for (uint8_t type : {uint8_t{2}, uint8_t{69}, uint8_t{90}, uint8_t{150}}) {
        auto q = EncodeQuery(VendorCentre(), type, {Reserved{0}});
        ASSERT_FALSE(q) << int{type};
        EXPECT_EQ(q.error().code, Code::kValidation);
    }
    // A query type with the wrong object kind or too many objects.
    EXPECT_FALSE(EncodeQuery(VendorCentre(), adu_type::kReadComponentState, {SystemQuery{1, 1}}));
    EXPECT_FALSE(
        EncodeQuery(VendorCentre(), adu_type::kReadSystemConfiguration, std::vector<Object>(4, SystemQuery{})));
    EXPECT_FALSE(EncodeQuery(VendorCentre(), adu_type::kReadUitdState, {}));
}

TEST(Gb26875Encoder, EveryCommandDecodesBackToWhatWasSent) {
    const Origin o{300, Address::FromValue(0xA1B2C3D4E5F6ULL), Address::FromValue(7), TimeLabel{1, 2, 3, 4, 5, 26}};
    auto sync = ReadFrame(EncodeClockSync(o, TimeLabel{59, 59, 23, 29, 2, 24}));
    ASSERT_TRUE(sync);
    EXPECT_EQ(sync->header.serial, 300);
    EXPECT_EQ(sync->header.source.Value(), 0xA1B2C3D4E5F6ULL);
    EXPECT_EQ(sync->header.time, o.now);
    auto adu = DecodeAdu(sync->adu);
    ASSERT_TRUE(adu);
    ASSERT_EQ(adu->objects.size(), 1U);
    EXPECT_EQ(std::get<ClockSync>(adu->objects[0]).centre_time, (TimeLabel{59, 59, 23, 29, 2, 24}));

    auto patrol = ReadFrame(EncodePatrolCheck(o, 15));
    ASSERT_TRUE(patrol);
    adu = DecodeAdu(patrol->adu);
    ASSERT_TRUE(adu);
    EXPECT_EQ(adu->type, adu_type::kPatrolCheck);
    EXPECT_EQ(std::get<PatrolCheck>(adu->objects[0]).answer_timeout_minutes, 15);

    auto records = EncodeQuery(o, adu_type::kReadFacilityOperations, {FacilityRecordQuery{1, 2, 10, o.now}});
    ASSERT_TRUE(records);
    auto frame = ReadFrame(*records);
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->header.command, static_cast<uint8_t>(Command::kRequest));
    adu = DecodeAdu(frame->adu);
    ASSERT_TRUE(adu);
    const auto& q = std::get<FacilityRecordQuery>(adu->objects[0]);
    EXPECT_EQ(q.system_address, 2);
    EXPECT_EQ(q.record_count, 10);
    EXPECT_EQ(q.start, o.now);
}

}  // namespace
}  // namespace safegrid::gb26875
