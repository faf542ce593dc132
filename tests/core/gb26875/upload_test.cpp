// The unit side of the codec (upload.hpp) and what a frame means to the inbox (signals.hpp):
// every published upload of vectors.json is rebuilt byte for byte from its decoded fields, and the
// built frames of each upload type decode back to what was put in.
#include "core/gb26875/upload.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "core/gb26875/adu.hpp"
#include "core/gb26875/signals.hpp"
#include "support/source_tree.hpp"

namespace safegrid::gb26875 {
namespace {

std::string Unhex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

UnitOrigin Unit(uint16_t serial) {
    return UnitOrigin{serial, Address::FromValue(889), Address::FromValue(88888), TimeLabel{2, 58, 9, 26, 9, 12}};
}

Frame Decode(const std::string& bytes) {
    auto frame = ReadFrame(bytes);
    EXPECT_TRUE(frame) << "built frame does not decode";
    return frame ? *frame : Frame{};
}

TEST(Gb26875Upload, RebuildsEveryPublishedUploadByteForByte) {
    const auto path = test::SourceTreeDir() / "tests/core/gb26875/vectors.json";
    std::ifstream in(path);
    ASSERT_TRUE(in) << "cannot read " << path;
    std::stringstream text;
    text << in.rdbuf();
    const auto vectors = boost::json::parse(text.str()).at("vectors").as_array();
    int rebuilt = 0;
    for (const auto& v : vectors) {
        const std::string id(v.at("id").as_string());
        const std::string bytes = Unhex(v.at("hex").as_string());
        auto frame = ReadFrame(bytes);
        if (!frame || frame->Size() != bytes.size() || frame->header.command != 2 || frame->adu.empty()) continue;
        auto adu = DecodeAdu(frame->adu);
        if (!adu || !IsUploadType(adu->type)) continue;
        const Header& h = frame->header;
        if (h.version_main != 1 || h.version_user != 1) continue;  // the encoder writes version 1.1
        auto again = EncodeUpload(UnitOrigin{h.serial, h.source, h.destination, h.time}, adu->type, adu->objects);
        ASSERT_TRUE(again) << id;
        EXPECT_EQ(*again, bytes) << id;
        ++rebuilt;
    }
    // R01, R04… : the vendor document's and other published uploads; fewer means the vectors changed.
    EXPECT_GE(rebuilt, 10);
}

TEST(Gb26875Upload, EachUploadTypeRoundTripsThroughTheDecoder) {
    const TimeLabel t{5, 4, 3, 2, 1, 26};
    ComponentState component{1, 2, 40, ComponentAddress{{0x0A, 0, 0x02, 0}}, 0x0002, std::string(31, ' '), t};
    const std::vector<std::pair<uint8_t, std::vector<Object>>> cases = {
        {adu_type::kSystemState, {SystemState{1, 1, 0x0004, t}, SystemState{10, 3, 0x0001, t}}},
        {adu_type::kComponentState, {component}},
        {adu_type::kFacilityOperation, {FacilityOperation{1, 1, 0x01, 7, t}}},
        {adu_type::kUitdState, {UitdState{0x01, t}}},
        {adu_type::kUitdOperation, {UitdOperation{0x20, 3, t}}},
        {adu_type::kUitdTime, {UitdTime{t}}},
    };
    auto two = EncodeUpload(Unit(7), adu_type::kSystemState, cases[0].second);
    ASSERT_TRUE(two);
    auto decoded = DecodeAdu(Decode(*two).adu);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(std::get<SystemState>(decoded->objects[1]).system_type, 10);
    EXPECT_EQ(std::get<SystemState>(decoded->objects[0]).state, 0x0004);
    for (const auto& [type, objects] : cases) {
        auto bytes = EncodeUpload(Unit(7), type, objects);
        ASSERT_TRUE(bytes) << int(type);
        Frame frame = Decode(*bytes);
        EXPECT_EQ(frame.header.serial, 7);
        EXPECT_EQ(frame.header.command, 2);
        EXPECT_EQ(frame.header.source.Value(), 889U);
        EXPECT_EQ(frame.header.destination.Value(), 88888U);
        auto adu = DecodeAdu(frame.adu);
        ASSERT_TRUE(adu) << int(type);
        EXPECT_EQ(adu->type, type);
        ASSERT_EQ(adu->objects.size(), objects.size());
        // Objects have no operator==: the decoded ones must write the same bytes as the originals.
        EXPECT_EQ(EncodeAdu(type, adu->objects).value(), EncodeAdu(type, objects).value()) << int(type);
        EXPECT_EQ(adu->objects.front().index(), objects.front().index());
    }
}

TEST(Gb26875Upload, RefusesWhatAUnitDoesNotSend) {
    EXPECT_FALSE(EncodeUpload(Unit(0), adu_type::kSyncClock, {ClockSync{}}));
    EXPECT_FALSE(EncodeUpload(Unit(0), 9, {}));
    // The wrong object for the type is the caller's error, reported rather than sent.
    EXPECT_FALSE(EncodeUpload(Unit(0), adu_type::kSystemState, {UitdTime{}}));
    const Frame heartbeat = Decode(EncodeHeartbeat(Unit(3)));
    EXPECT_TRUE(heartbeat.adu.empty());
    EXPECT_EQ(heartbeat.header.serial, 3);
}

TEST(Gb26875Signals, StatesBecomeFireFaultOrClearAndTheRestIsContact) {
    const TimeLabel t{0, 0, 8, 1, 1, 26};  // 2026-01-01 08:00:00 Beijing = 00:00:00 UTC
    auto bytes =
        EncodeUpload(Unit(1), adu_type::kComponentState,
                     {ComponentState{1, 2, 40, ComponentAddress{{1, 2, 3, 4}}, 0x0002, std::string(31, ' '), t},
                      ComponentState{1, 2, 42, ComponentAddress{{5, 0, 0, 0}}, 0x0004, std::string(31, ' '), t},
                      ComponentState{1, 2, 42, ComponentAddress{{6, 0, 0, 0}}, 0x0001, std::string(31, ' '), t}});
    ASSERT_TRUE(bytes);
    Frame frame = Decode(*bytes);
    Classified c = Classify(frame);
    ASSERT_EQ(c.verdict, Verdict::kUpload);
    auto signals = FrameSignals(frame, c.adu, 42);
    ASSERT_EQ(signals.size(), 3U);
    EXPECT_EQ(signals[0].event, "fire");
    EXPECT_EQ(signals[0].at, 1767225600);
    ASSERT_TRUE(signals[0].component);
    EXPECT_EQ(signals[0].component->component_type, 40);
    EXPECT_EQ(signals[0].component->component_address, 0x04030201U);
    EXPECT_EQ(signals[1].event, "fault");
    EXPECT_EQ(signals[2].event, "clear");

    Frame heartbeat = Decode(EncodeHeartbeat(Unit(2)));
    Classified hc = Classify(heartbeat);
    ASSERT_EQ(hc.verdict, Verdict::kUpload);
    EXPECT_TRUE(IsHeartbeatOnly(FrameSignals(heartbeat, hc.adu, 42)));

    auto op = EncodeUpload(Unit(3), adu_type::kUitdOperation, {UitdOperation{0x20, 1, t}});
    Frame opf = Decode(*op);
    auto op_signals = FrameSignals(opf, Classify(opf).adu, 42);
    ASSERT_EQ(op_signals.size(), 2U);
    EXPECT_EQ(op_signals[0].event, "other");
    EXPECT_EQ(op_signals[0].detail, "uitd_operation: patrol_answer");
    EXPECT_EQ(op_signals[1].event, "heartbeat");
}

TEST(Gb26875Signals, CentreCommandsFromAUnitAndBrokenAdusAreDenied) {
    Header h;
    h.command = 1;
    EXPECT_EQ(Classify(Frame{h, {}, 0}).verdict, Verdict::kDeny);
    h.command = 3;
    EXPECT_EQ(Classify(Frame{h, {}, 0}).verdict, Verdict::kReply);
    h.command = 2;
    // Type 1 says one 10-byte object, only 4 bytes follow.
    Classified truncated = Classify(Frame{h, std::string("\x01\x01\x01\x01\x00\x00", 6), 0});
    EXPECT_EQ(truncated.verdict, Verdict::kDeny);
    EXPECT_EQ(truncated.reason, "adu_inconsistent");
    Classified reserved = Classify(Frame{h, std::string("\x09\x00", 2), 0});
    EXPECT_EQ(reserved.verdict, Verdict::kDeny);
    EXPECT_EQ(reserved.reason, "reserved_type");
    EXPECT_EQ(Classify(Frame{h, std::string("\x80\x00", 2), 0}).verdict, Verdict::kUpload);
}

TEST(Gb26875Signals, TimeLabelsAreBeijingTimeAndKeyTheDedupe) {
    const TimeLabel t{59, 58, 23, 31, 12, 26};
    const auto unix = LabelToUnix(t);
    ASSERT_TRUE(unix);
    EXPECT_EQ(FormatRfc3339(*unix), "2026-12-31T15:58:59Z");
    EXPECT_EQ(UnixToLabel(*unix), t);
    EXPECT_FALSE(LabelToUnix(TimeLabel{0, 0, 0, 0, 0, 0}));
    Header h;
    h.serial = 513;
    h.time = t;
    EXPECT_EQ(DedupeKey(h), "513@3b3a171f0c1a");
    EXPECT_EQ(OccurredAt(Header{}, 77), LabelToUnix(Header{}.time).value());
    h.time = TimeLabel{0, 0, 0, 0, 13, 0};
    EXPECT_EQ(OccurredAt(h, 77), 77);
}

}  // namespace
}  // namespace safegrid::gb26875
