#include "core/gb26875/adu.hpp"

#include <fmt/format.h>

#include <array>
#include <variant>

#include "core/gb26875/object_codec.hpp"

namespace safegrid::gb26875 {
namespace {

// GB26875.md Table 3 with the object sizes of §5 (time tags included where the type has one).
constexpr std::array kTypes = {
    TypeInfo{1, 10, 102, "上传建筑消防设施系统状态", "facility system state"},
    TypeInfo{2, 46, 22, "上传建筑消防设施部件运行状态", "facility component state"},
    TypeInfo{3, 16, 63, "上传建筑消防设施部件模拟量值", "component analog value"},
    TypeInfo{4, 10, 102, "上传建筑消防设施操作信息", "facility operation record"},
    TypeInfo{5, 4, 1, "上传建筑消防设施软件版本", "facility software version"},
    TypeInfo{6, 0, 3, "上传建筑消防设施系统配置情况", "facility system configuration"},
    TypeInfo{7, 38, 26, "上传建筑消防设施部件配置情况", "facility component configuration"},
    TypeInfo{8, 8, 1, "上传建筑消防设施系统时间", "facility system time"},
    TypeInfo{21, 7, 1, "上传用户信息传输装置运行状态", "UITD running state"},
    TypeInfo{24, 8, 127, "上传用户信息传输装置操作信息", "UITD operation record"},
    TypeInfo{25, 2, 1, "上传用户信息传输装置软件版本", "UITD software version"},
    TypeInfo{26, 0, 1, "上传用户信息传输装置配置情况", "UITD configuration"},
    TypeInfo{28, 6, 1, "上传用户信息传输装置系统时间", "UITD system time"},
    TypeInfo{61, 2, 102, "读建筑消防设施系统状态", "read facility system state"},
    TypeInfo{62, 6, 22, "读建筑消防设施部件运行状态", "read component state"},
    TypeInfo{63, 6, 63, "读建筑消防设施部件模拟量值", "read component analog value"},
    TypeInfo{64, 9, 1, "读建筑消防设施操作信息", "read facility operation records"},
    TypeInfo{65, 2, 1, "读建筑消防设施软件版本", "read facility software version"},
    TypeInfo{66, 2, 3, "读建筑消防设施系统配置情况", "read facility system configuration"},
    TypeInfo{67, 6, 26, "读建筑消防设施部件配置情况", "read component configuration"},
    TypeInfo{68, 2, 1, "读建筑消防设施系统时间", "read facility system time"},
    TypeInfo{81, 1, 1, "读用户信息传输装置运行状态", "read UITD running state"},
    TypeInfo{84, 7, 1, "读用户信息传输装置操作信息记录", "read UITD operation records"},
    TypeInfo{85, 1, 1, "读用户信息传输装置软件版本", "read UITD software version"},
    TypeInfo{86, 1, 1, "读用户信息传输装置配置情况", "read UITD configuration"},
    TypeInfo{88, 1, 1, "读用户信息传输装置系统时间", "read UITD system time"},
    TypeInfo{89, 1, 1, "初始化用户信息传输装置", "initialise UITD"},
    TypeInfo{90, 6, 1, "同步用户信息传输装置时钟", "sync UITD clock"},
    TypeInfo{91, 1, 1, "查岗命令", "patrol check"},
};

tl::unexpected<Error> Inconsistent(std::string why) {
    auto e = Malformed({"GB26875 应用数据单元与其类型不符", "GB26875 application data does not match its type"},
                       "gb26875_adu_inconsistent");
    e.value().internal = std::move(why);
    return e;
}

tl::unexpected<Error> InvalidAdu(std::string why) {
    auto e = Invalid("adu", {"GB26875 应用数据单元无效", "Invalid GB26875 application data"});
    e.value().id = "gb26875_adu_invalid";
    e.value().internal = std::move(why);
    return e;
}

}  // namespace

const TypeInfo* FindType(uint8_t type) {
    for (const auto& t : kTypes) {
        if (t.code == type) return &t;
    }
    return nullptr;
}

Result<Adu> DecodeAdu(std::string_view bytes) {
    if (bytes.size() < 2) return Inconsistent(fmt::format("ADU of {} byte(s): no type and count", bytes.size()));
    Adu adu;
    adu.type = static_cast<uint8_t>(bytes[0]);
    adu.count = static_cast<uint8_t>(bytes[1]);
    const TypeInfo* info = FindType(adu.type);
    if (info == nullptr) {
        adu.raw_objects = std::string(bytes.substr(2));
        return adu;
    }
    if (adu.count < 1 || adu.count > info->max_count) {
        return Inconsistent(
            fmt::format("type {} with {} objects (allowed 1..{})", adu.type, adu.count, info->max_count));
    }
    ByteReader r(bytes.substr(2));
    adu.objects.reserve(adu.count);
    for (int i = 0; i < adu.count; ++i) {
        adu.objects.push_back(ReadObject(adu.type, r));
        if (!r.Ok())
            return Inconsistent(fmt::format("type {}: object {} of {} runs past the ADU", adu.type, i + 1, adu.count));
    }
    if (r.Left() != 0) {
        return Inconsistent(fmt::format("type {}: {} byte(s) after the {} objects", adu.type, r.Left(), adu.count));
    }
    return adu;
}

Result<std::string> EncodeAdu(uint8_t type, const std::vector<Object>& objects) {
    const TypeInfo* info = FindType(type);
    if (info == nullptr) return InvalidAdu(fmt::format("type {} is not defined by the standard", type));
    if (objects.empty() || objects.size() > info->max_count) {
        return InvalidAdu(
            fmt::format("type {} with {} objects (allowed 1..{})", type, objects.size(), info->max_count));
    }
    std::string out;
    out.push_back(static_cast<char>(type));
    out.push_back(static_cast<char>(objects.size()));
    for (const auto& o : objects) {
        if (o.index() != AlternativeOf(type)) return InvalidAdu(fmt::format("type {}: wrong object kind", type));
        WriteObject(out, o);
    }
    if (out.size() > 1024) return InvalidAdu(fmt::format("type {}: {} bytes > 1024", type, out.size()));
    return out;
}

}  // namespace safegrid::gb26875
