#include "core/gb26875/framer.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/gb26875/adu.hpp"

namespace safegrid::gb26875 {
namespace {

// An upload of the UITD's state (type 21) with `serial`, built by the codec itself.
std::string StateFrame(uint16_t serial) {
    Header h;
    h.serial = serial;
    h.time = {9, 8, 7, 6, 5, 24};
    h.source = Address::FromValue(41394);
    h.destination = Address::FromValue(1);
    h.command = static_cast<uint8_t>(Command::kSendData);
    auto adu = EncodeAdu(adu_type::kUitdState, {UitdState{0x03, h.time}});
    EXPECT_TRUE(adu);
    return EncodeFrame(h, *adu);
}

// A type 2 upload whose address and description hold "##@@": only the length can delimit it.
std::string ComponentFrame(uint16_t serial) {
    Header h;
    h.serial = serial;
    h.command = static_cast<uint8_t>(Command::kSendData);
    ComponentState c;
    c.component_type = 42;
    c.component_address.bytes = {0x23, 0x23, 0x40, 0x40};
    c.state = 0x0002;
    c.description = "##@@ ## @@";
    auto adu = EncodeAdu(adu_type::kComponentState, {c});
    EXPECT_TRUE(adu);
    return EncodeFrame(h, *adu);
}

std::vector<uint16_t> Serials(const std::vector<Frame>& frames) {
    std::vector<uint16_t> out;
    for (const auto& f : frames) out.push_back(f.header.serial);
    return out;
}

TEST(Gb26875Framer, FindsEveryFrameWhereverTheStreamIsSplit) {
    const std::string stream = StateFrame(1) + ComponentFrame(2) + StateFrame(3);
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        Framer framer;
        auto first = framer.Feed(std::string_view(stream).substr(0, cut));
        auto second = framer.Feed(std::string_view(stream).substr(cut));
        first.frames.insert(first.frames.end(), second.frames.begin(), second.frames.end());
        EXPECT_EQ(Serials(first.frames), (std::vector<uint16_t>{1, 2, 3})) << "cut at " << cut;
        EXPECT_TRUE(first.rejected.empty() && second.rejected.empty()) << "cut at " << cut;
        EXPECT_TRUE(framer.Pending().empty());
    }
}

TEST(Gb26875Framer, FindsEveryFrameFedOneByteAtATime) {
    const std::string stream = ComponentFrame(7) + StateFrame(8);
    Framer framer;
    std::vector<Frame> frames;
    for (char c : stream) {
        auto out = framer.Feed(std::string_view(&c, 1));
        EXPECT_TRUE(out.rejected.empty());
        frames.insert(frames.end(), out.frames.begin(), out.frames.end());
    }
    EXPECT_EQ(Serials(frames), (std::vector<uint16_t>{7, 8}));
}

TEST(Gb26875Framer, SkipsGarbageBeforeAndBetweenFramesAndReportsEachRunOnce) {
    Framer framer;
    const auto out = framer.Feed("AT\r\n" + StateFrame(1) + "@x#\x23#garbage" + StateFrame(2) + "\n");
    EXPECT_EQ(Serials(out.frames), (std::vector<uint16_t>{1, 2}));
    ASSERT_EQ(out.rejected.size(), 3U);
    for (const auto& r : out.rejected) {
        EXPECT_EQ(r.fault, FrameFault::kBadStart);
        EXPECT_FALSE(r.header);
    }
    EXPECT_EQ(out.rejected[0].bytes, 4U);
    EXPECT_EQ(out.rejected[1].bytes, 12U);
    EXPECT_EQ(out.rejected[2].bytes, 1U);
}

TEST(Gb26875Framer, DropsAFrameWithABadChecksumAndFindsTheNextOne) {
    std::string bad = StateFrame(5);
    bad[bad.size() - 3] = static_cast<char>(bad[bad.size() - 3] + 1);
    Framer framer;
    const auto out = framer.Feed(bad + StateFrame(6));
    EXPECT_EQ(Serials(out.frames), (std::vector<uint16_t>{6}));
    ASSERT_EQ(out.rejected.size(), 1U);
    EXPECT_EQ(out.rejected[0].fault, FrameFault::kBadChecksum);
    EXPECT_EQ(out.rejected[0].bytes, bad.size());
    ASSERT_TRUE(out.rejected[0].header);
    EXPECT_EQ(out.rejected[0].header->serial, 5);  // what the gateway's deny answers
}

TEST(Gb26875Framer, ResyncsInsideAFrameWhoseEndMarkIsMissing) {
    // A frame cut short by the sender, then a good one: the length of the first one swallows the
    // start of the second, so the framer must find the second inside the first's claimed extent.
    const std::string good = StateFrame(2);
    const std::string cut = StateFrame(1).substr(0, 20);
    Framer framer;
    auto out = framer.Feed(cut + good + std::string(20, '\0'));
    EXPECT_EQ(Serials(out.frames), (std::vector<uint16_t>{2}));
    ASSERT_EQ(out.rejected.size(), 2U);
    EXPECT_EQ(out.rejected[0].fault, FrameFault::kIncomplete);
    EXPECT_EQ(out.rejected[0].bytes, cut.size());
    EXPECT_EQ(out.rejected[1].fault, FrameFault::kBadStart);  // the trailing NULs
}

TEST(Gb26875Framer, AStrayStartByteDoesNotHoldTheNextFrameBack) {
    Framer framer;
    const auto out = framer.Feed("@" + StateFrame(4));
    EXPECT_EQ(Serials(out.frames), (std::vector<uint16_t>{4}));
    EXPECT_TRUE(framer.Pending().empty());
}

TEST(Gb26875Framer, ResyncsAfterAWrongEndMark) {
    std::string bad = StateFrame(1);
    bad.back() = '$';
    Framer framer;
    const auto out = framer.Feed(bad + StateFrame(2));
    EXPECT_EQ(Serials(out.frames), (std::vector<uint16_t>{2}));
    ASSERT_EQ(out.rejected.size(), 2U);
    EXPECT_EQ(out.rejected[0].fault, FrameFault::kBadEnd);
    EXPECT_EQ(out.rejected[0].header->serial, 1);
    EXPECT_EQ(out.rejected[1].fault, FrameFault::kBadStart);
    EXPECT_EQ(out.rejected[1].bytes, bad.size() - 1);
}

TEST(Gb26875Framer, RefusesAnOversizedLengthWithoutWaitingForIt) {
    std::string frame = StateFrame(9);
    frame[24] = 0x01;
    frame[25] = 0x04;  // 1025
    Framer framer;
    const auto out = framer.Feed(std::string_view(frame).substr(0, kHeaderSize));
    ASSERT_FALSE(out.rejected.empty());
    EXPECT_EQ(out.rejected[0].fault, FrameFault::kAduTooLong);
    EXPECT_EQ(out.rejected[0].header->serial, 9);
    EXPECT_LT(framer.Pending().size(), kHeaderSize);
}

TEST(Gb26875Framer, RefusesAReservedCommandButKeepsTheStream) {
    Header h;
    h.serial = 40;
    h.command = 7;
    Framer framer;
    const auto out = framer.Feed(EncodeFrame(h, {}) + StateFrame(41));
    EXPECT_EQ(Serials(out.frames), (std::vector<uint16_t>{41}));
    ASSERT_EQ(out.rejected.size(), 1U);
    EXPECT_EQ(out.rejected[0].fault, FrameFault::kUnknownCommand);
}

TEST(Gb26875Framer, NeverHoldsMoreThanOneMaximumFrame) {
    std::mt19937 rng(26875);
    std::uniform_int_distribution<int> byte(0, 255);
    Framer framer;
    std::string noise(1 << 20, '\0');
    for (auto& c : noise) c = static_cast<char>(byte(rng) % 3 == 0 ? '@' : byte(rng));
    for (std::size_t at = 0; at < noise.size(); at += 4096) {
        framer.Feed(std::string_view(noise).substr(at, 4096));
        ASSERT_LE(framer.Pending().size(), kMaxFrameSize);
    }
    // A peer that announces the largest frame and stops: the framer waits with ≤ 1054 bytes.
    Header h;
    h.command = 2;
    std::string big = EncodeFrame(h, std::string(kMaxAduSize, 'x'));
    framer.Reset();
    framer.Feed(std::string_view(big).substr(0, big.size() - 1));
    EXPECT_EQ(framer.Pending().size(), big.size() - 1);
    const auto out = framer.Feed(std::string_view(big).substr(big.size() - 1));
    ASSERT_EQ(out.frames.size(), 1U);
    EXPECT_EQ(out.frames[0].adu.size(), kMaxAduSize);
}

TEST(Gb26875Framer, KeepsALoneStartByteForTheNextRead) {
    const std::string frame = StateFrame(3);
    Framer framer;
    auto out = framer.Feed("junk@");
    EXPECT_EQ(framer.Pending(), "@");
    out = framer.Feed(std::string_view(frame).substr(1));
    EXPECT_EQ(Serials(out.frames), (std::vector<uint16_t>{3}));
}

}  // namespace
}  // namespace safegrid::gb26875
