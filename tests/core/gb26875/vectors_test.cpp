// Every frame of tests/core/gb26875/vectors.json (a copy of the project's shared GB26875 test
// vectors: 28 published frames, 34 built from the standard) decodes to the fields the vector lists,
// or is refused with the error it names. The expected fields are compared key by key, so a vector
// that gains a key fails here until the codec reads it too.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "core/gb26875/adu.hpp"
#include "core/gb26875/flags.hpp"
#include "core/gb26875/frame.hpp"
#include "core/gb26875/framer.hpp"
#include "core/gb26875/text.hpp"
#include "importer/gb18030_decoder.hpp"
#include "support/source_tree.hpp"

namespace safegrid::gb26875 {
namespace {

namespace json = boost::json;

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

json::value LoadVectors() {
    const auto path = test::SourceTreeDir() / "tests/core/gb26875/vectors.json";
    std::ifstream in(path);
    EXPECT_TRUE(in) << "cannot read " << path;
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

json::object Time(const TimeLabel& t) { return {{"text", t.Text()}, {"valid", t.Valid()}}; }

json::object Address6(const Address& a) {
    return {{"hex_wire", Hex(std::string_view(reinterpret_cast<const char*>(a.bytes.data()), 6))},
            {"u48_le", a.Value()}};
}

json::object CompAddr(const ComponentAddress& a) {
    return {{"hex_wire", Hex(std::string_view(reinterpret_cast<const char*>(a.bytes.data()), 4))},
            {"u32_le", a.Value()},
            {"lo16_hi16", json::array{a.Low(), a.High()}}};
}

json::array Names(FlagField field, uint16_t value) {
    json::array out;
    for (auto n : SetFlagNames(field, value)) out.emplace_back(n);
    return out;
}

std::string Utf8(std::string_view gb18030) {
    const importer::IconvGb18030Decoder decoder;
    auto text = TextToUtf8(TrimPadding(gb18030), decoder);
    return text ? *text : "<not GB 18030>";
}

void System(json::object& o, uint8_t type, uint8_t address) {
    o["sys_type"] = type;
    o["sys_addr"] = address;
}

// An object in the shape of the vectors' "decoded" objects.
json::object ToJson(const Object& object) {
    json::object o;
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, SystemState>) {
                System(o, v.system_type, v.system_address);
                o["state"] = fmt::format("0x{:04x}", v.state);
                o["state_bits"] = Names(FlagField::kSystemState, v.state);
                o["time"] = Time(v.time);
            } else if constexpr (std::is_same_v<T, ComponentState>) {
                System(o, v.system_type, v.system_address);
                o["comp_type"] = v.component_type;
                o["comp_addr"] = CompAddr(v.component_address);
                o["state"] = fmt::format("0x{:04x}", v.state);
                o["state_bits"] = Names(FlagField::kComponentState, v.state);
                o["desc"] = Utf8(v.description);
                o["desc_hex"] = Hex(v.description);
                o["time"] = Time(v.time);
            } else if constexpr (std::is_same_v<T, AnalogValue>) {
                System(o, v.system_type, v.system_address);
                o["comp_type"] = v.component_type;
                o["comp_addr"] = CompAddr(v.component_address);
                o["analog_type"] = v.analog_type;
                o["raw_value"] = v.raw_value;
                o["time"] = Time(v.time);
            } else if constexpr (std::is_same_v<T, FacilityOperation> || std::is_same_v<T, UitdOperation>) {
                if constexpr (std::is_same_v<T, FacilityOperation>) System(o, v.system_type, v.system_address);
                constexpr auto field =
                    std::is_same_v<T, FacilityOperation> ? FlagField::kFacilityOperation : FlagField::kUitdOperation;
                o["op_flags"] = fmt::format("0x{:02x}", v.operation);
                o["op_bits"] = Names(field, v.operation);
                o["operator"] = v.operator_number;
                o["time"] = Time(v.time);
            } else if constexpr (std::is_same_v<T, FacilitySoftwareVersion>) {
                System(o, v.system_type, v.system_address);
                o["version"] = fmt::format("{}.{}", v.major, v.minor);
            } else if constexpr (std::is_same_v<T, SystemConfiguration>) {
                System(o, v.system_type, v.system_address);
                o["len"] = v.text.size();
                o["text"] = Utf8(v.text);
            } else if constexpr (std::is_same_v<T, ComponentConfiguration>) {
                System(o, v.system_type, v.system_address);
                o["comp_type"] = v.component_type;
                o["comp_addr"] = CompAddr(v.component_address);
                o["desc"] = Utf8(v.description);
                o["desc_hex"] = Hex(v.description);
            } else if constexpr (std::is_same_v<T, FacilityTime>) {
                System(o, v.system_type, v.system_address);
                o["time"] = Time(v.time);
            } else if constexpr (std::is_same_v<T, UitdState>) {
                o["state"] = fmt::format("0x{:02x}", v.state);
                o["state_bits"] = Names(FlagField::kUitdState, v.state);
                o["time"] = Time(v.time);
            } else if constexpr (std::is_same_v<T, UitdSoftwareVersion>) {
                o["version"] = fmt::format("{}.{}", v.major, v.minor);
            } else if constexpr (std::is_same_v<T, UitdConfiguration>) {
                o["len"] = v.text.size();
                o["text"] = Utf8(v.text);
            } else if constexpr (std::is_same_v<T, UitdTime>) {
                o["time"] = Time(v.time);
            } else if constexpr (std::is_same_v<T, SystemQuery>) {
                System(o, v.system_type, v.system_address);
            } else if constexpr (std::is_same_v<T, ComponentQuery>) {
                System(o, v.system_type, v.system_address);
                o["comp_addr"] = CompAddr(v.component_address);
            } else if constexpr (std::is_same_v<T, FacilityRecordQuery>) {
                System(o, v.system_type, v.system_address);
                o["record_count"] = v.record_count;
                o["start_time"] = Time(v.start);
            } else if constexpr (std::is_same_v<T, UitdRecordQuery>) {
                o["record_count"] = v.record_count;
                o["start_time"] = Time(v.start);
            } else if constexpr (std::is_same_v<T, Reserved>) {
                o["reserved"] = v.value;
            } else if constexpr (std::is_same_v<T, ClockSync>) {
                o["center_time"] = Time(v.centre_time);
            } else if constexpr (std::is_same_v<T, PatrolCheck>) {
                o["answer_timeout_min"] = v.answer_timeout_minutes;
            }
        },
        object);
    return o;
}

// Numbers compare by value whatever their JSON kind (int64 vs uint64).
bool Same(const json::value& a, const json::value& b) {
    if (a.is_number() && b.is_number()) return a.to_number<double>() == b.to_number<double>();
    if (a.is_array() && b.is_array()) {
        const auto &x = a.as_array(), &y = b.as_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!Same(x[i], y[i])) return false;
        }
        return true;
    }
    if (a.is_object() && b.is_object()) {
        for (const auto& [k, v] : b.as_object()) {
            if (!a.as_object().contains(k) || !Same(a.as_object().at(k), v)) return false;
        }
        return a.as_object().size() == b.as_object().size();
    }
    return a == b;
}

// Checks every key the vector expects; `where` names the vector in failures.
void ExpectFields(const json::object& actual, const json::object& expected, const std::string& where) {
    for (const auto& [key, value] : expected) {
        if (key == "note") continue;  // prose
        ASSERT_TRUE(actual.contains(key)) << where << ": no " << key;
        EXPECT_TRUE(Same(actual.at(key), value)) << where << "." << key << ": got " << json::serialize(actual.at(key))
                                                 << ", want " << json::serialize(value);
    }
}

void ExpectFrame(const Frame& f, const json::object& want, const std::string& id) {
    const Header& h = f.header;
    json::object got{{"serial", h.serial},
                     {"version", json::array{h.version_main, h.version_user}},
                     {"time", Time(h.time)},
                     {"src", Address6(h.source)},
                     {"dst", Address6(h.destination)},
                     {"adu_len", h.adu_length},
                     {"cmd", h.command},
                     {"cmd_name", CommandName(h.command)},
                     {"checksum", fmt::format("0x{:02x}", f.checksum)},
                     {"total_len", f.Size()},
                     {"adu", nullptr}};
    if (!f.adu.empty()) {
        auto adu = DecodeAdu(f.adu);
        ASSERT_TRUE(adu) << id << ": " << adu.error().internal;
        json::array objects;
        for (const auto& o : adu->objects) objects.push_back(ToJson(o));
        json::object a{{"type", adu->type}, {"count", adu->count}, {"objects", objects}};
        if (!FindType(adu->type)) a["raw_objects_hex"] = Hex(adu->raw_objects);
        got["adu"] = a;
        if (want.at("adu").is_object()) {
            const auto& want_adu = want.at("adu").as_object();
            ExpectFields(a, want_adu, id + ".adu");
            const auto& wo = want_adu.at("objects").as_array();
            ASSERT_EQ(objects.size(), wo.size()) << id;
            for (std::size_t i = 0; i < wo.size(); ++i) {
                ExpectFields(objects[i].as_object(), wo[i].as_object(), fmt::format("{}.adu.objects[{}]", id, i));
            }
        }
    }
    json::object header_want = want;
    header_want.erase("adu");
    ExpectFields(got, header_want, id);
    if (want.at("adu").is_null()) EXPECT_TRUE(f.adu.empty()) << id;
}

TEST(Gb26875Vectors, EveryVectorDecodesToItsFieldsOrItsError) {
    const json::value doc = LoadVectors();
    const auto& vectors = doc.at("vectors").as_array();
    ASSERT_EQ(vectors.size(), 62U);
    int checked = 0;
    for (const auto& item : vectors) {
        const auto& v = item.as_object();
        const std::string id(v.at("id").as_string());
        const std::string bytes = Unhex(v.at("hex").as_string());
        const auto& expect = v.at("expect").as_object();
        const std::string result(expect.at("result").as_string());
        SCOPED_TRACE(id);
        if (result == "stream") {
            Framer framer;
            const FramerOutput out = framer.Feed(bytes);
            ASSERT_EQ(out.frames.size(), expect.at("frames").to_number<std::size_t>());
            EXPECT_EQ(out.rejected.size(), expect.at("errors").to_number<std::size_t>());
            EXPECT_EQ(Hex(framer.Pending()), expect.at("leftover_hex").as_string());
            const auto& decoded = v.at("decoded").as_array();
            for (std::size_t i = 0; i < out.frames.size(); ++i) {
                ExpectFrame(out.frames[i], decoded[i].as_object(), fmt::format("{}[{}]", id, i));
            }
        } else if (result == "error") {
            const std::string error(expect.at("error").as_string());
            auto frame = ReadFrame(bytes);
            if (error == "adu_inconsistent") {
                ASSERT_TRUE(frame) << FrameFaultName(frame.error());
                auto adu = DecodeAdu(frame->adu);
                ASSERT_FALSE(adu);
                EXPECT_EQ(adu.error().id, "gb26875_adu_inconsistent");
            } else {
                ASSERT_FALSE(frame);
                EXPECT_EQ(FrameFaultName(frame.error()), error);
                EXPECT_EQ(DecodeFrame(bytes).error().id, "gb26875_" + error);
            }
        } else {
            ASSERT_EQ(result, "ok");
            auto frame = ReadFrame(bytes);
            ASSERT_TRUE(frame) << FrameFaultName(frame.error());
            EXPECT_EQ(frame->Size(), bytes.size());
            ExpectFrame(*frame, v.at("decoded").as_object(), id);
            // Whatever decodes re-encodes to the same bytes: nothing read is lost.
            EXPECT_EQ(Hex(EncodeFrame(frame->header, frame->adu)), Hex(bytes));
        }
        ++checked;
    }
    EXPECT_EQ(checked, 62);
}

}  // namespace
}  // namespace safegrid::gb26875
