#include "services/audit_checkpoint.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>

#include "platform/crypto.hpp"
#include "platform/files.hpp"

namespace safegrid::services {
namespace {

constexpr int64_t kFormatVersion = 1;
constexpr size_t kKeyBytes = 32;
constexpr size_t kMaxCheckpointBytes = 16u << 20;  // a chain per town: far below this

tl::unexpected<Error> Unreadable(const std::string& why) {
    return Fail({Code::kMalformed,
                 "audit_checkpoint_unreadable",
                 {"审计检查点文件无法读取", "The audit checkpoint file cannot be read"},
                 {},
                 why});
}

tl::unexpected<Error> BadSignature(const std::string& why) {
    return Fail({Code::kConflict,
                 "audit_checkpoint_signature",
                 {"审计检查点的签名无效", "The audit checkpoint's signature does not verify"},
                 {},
                 why});
}

bool IsHex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string HexDecode(std::string_view hex) {
    std::string out;
    out.reserve(hex.size() / 2);
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    return out;
}

}  // namespace

std::string AuditCheckpointSigningText(const AuditCheckpoint& cp) {
    boost::json::array chains;
    for (const auto& c : cp.chains) chains.push_back(boost::json::array{c.town_id, c.last_id, c.last_hash, c.entries});
    return boost::json::serialize(boost::json::array{kFormatVersion, cp.database, cp.written_at, std::move(chains)});
}

std::string AuditCheckpointToJson(const AuditCheckpoint& cp) {
    boost::json::array chains;
    for (const auto& c : cp.chains) {
        chains.push_back(boost::json::object{
            {"town_id", c.town_id}, {"last_id", c.last_id}, {"last_hash", c.last_hash}, {"entries", c.entries}});
    }
    boost::json::object o{{"version", kFormatVersion},
                          {"database", cp.database},
                          {"written_at", cp.written_at},
                          {"chains", std::move(chains)},
                          {"signature", cp.signature}};
    return boost::json::serialize(o) + "\n";
}

Result<AuditCheckpoint> ParseAuditCheckpoint(std::string_view json) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(json, ec);
    if (ec || !v.is_object()) return Unreadable("not a JSON object");
    const auto& o = v.as_object();
    auto int_of = [](const boost::json::object& obj, const char* key) -> std::optional<int64_t> {
        const auto* f = obj.if_contains(key);
        if (!f || !f->is_int64()) return std::nullopt;
        return f->as_int64();
    };
    auto text_of = [](const boost::json::object& obj, const char* key) -> std::optional<std::string> {
        const auto* f = obj.if_contains(key);
        if (!f || !f->is_string()) return std::nullopt;
        return std::string(f->as_string());
    };
    if (int_of(o, "version") != kFormatVersion) return Unreadable("unknown version");
    AuditCheckpoint cp;
    auto database = text_of(o, "database");
    auto written_at = int_of(o, "written_at");
    auto signature = text_of(o, "signature");
    const auto* chains = o.if_contains("chains");
    if (!database || !written_at || !signature || !chains || !chains->is_array()) return Unreadable("missing fields");
    cp.database = std::move(*database);
    cp.written_at = *written_at;
    cp.signature = std::move(*signature);
    for (const auto& item : chains->as_array()) {
        if (!item.is_object()) return Unreadable("a chain is not an object");
        const auto& c = item.as_object();
        auto town = int_of(c, "town_id");
        auto last_id = int_of(c, "last_id");
        auto last_hash = text_of(c, "last_hash");
        auto entries = int_of(c, "entries");
        if (!town || !last_id || !last_hash || !entries) return Unreadable("a chain misses fields");
        cp.chains.push_back({*town, *last_id, std::move(*last_hash), *entries});
    }
    return cp;
}

std::string AuditDatabaseIdentity(const storage::Database& db) {
    std::string url = db.Url();
    if (db.dialect() != storage::Dialect::kSqlite) return url;
    constexpr std::string_view kPrefix = "sqlite:";
    std::string path = url.starts_with(kPrefix) ? url.substr(kPrefix.size()) : url;
    if (path == ":memory:") return url;
    std::error_code ec;
    const auto absolute = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
    return std::string(kPrefix) + (ec ? path : absolute.string());
}

std::string AuditCheckpointFiles::KeyPath() const { return (std::filesystem::path(dir_) / "audit.key").string(); }

std::string AuditCheckpointFiles::PathFor(const std::string& database) const {
    const std::string name = "audit-" + platform::Blake2b256Hex(database).substr(0, 16) + ".checkpoint";
    return (std::filesystem::path(dir_) / name).string();
}

Result<std::string> AuditCheckpointFiles::Key(bool create) const {
    const std::string path = KeyPath();
    SG_ASSIGN_OR_RETURN(auto existing, platform::ReadFileIfExists(path, 1024));
    if (!existing) {
        if (!create) {
            return Fail({Code::kConflict,
                         "audit_key_missing",
                         {"缺少审计检查点密钥 " + path, "The audit checkpoint key " + path + " is missing"},
                         {},
                         path});
        }
        // Mode 0600 from creation on; another process creating it at the same time wins and is read back.
        SG_TRY(platform::CreateFileIfMissing(path, platform::HexEncode(platform::RandomBytes(kKeyBytes)) + "\n", 0600));
        SG_ASSIGN_OR_RETURN(existing, platform::ReadFileIfExists(path, 1024));
        if (!existing) return Internal("audit key vanished after creation: " + path);
    }
    std::string hex = *existing;
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) hex.pop_back();
    if (hex.size() != 2 * kKeyBytes || !IsHex(hex)) return Internal("the audit key " + path + " is not 64 hex digits");
    return HexDecode(hex);
}

Result<AuditCheckpoint> AuditCheckpointFiles::Write(const std::string& path, AuditCheckpoint cp) const {
    SG_ASSIGN_OR_RETURN(std::string key, Key(true));
    cp.signature = platform::Blake2b256KeyedHex(key, AuditCheckpointSigningText(cp));
    SG_TRY(platform::WriteFileAtomically(path, AuditCheckpointToJson(cp), 0644));
    return cp;
}

Result<std::optional<AuditCheckpoint>> AuditCheckpointFiles::Read(const std::string& path) const {
    SG_ASSIGN_OR_RETURN(auto text, platform::ReadFileIfExists(path, kMaxCheckpointBytes));
    if (!text) return std::optional<AuditCheckpoint>();
    auto cp = ParseAuditCheckpoint(*text);
    if (!cp) {
        cp.error().internal += " (" + path + ")";
        return tl::unexpected(cp.error());
    }
    auto key = Key(false);
    if (!key) return BadSignature("no key to check " + path + " with: " + key.error().internal);
    const std::string expected = platform::Blake2b256KeyedHex(*key, AuditCheckpointSigningText(*cp));
    if (!platform::ConstantTimeEqual(expected, cp->signature)) return BadSignature("signature mismatch in " + path);
    return std::optional<AuditCheckpoint>(std::move(*cp));
}

}  // namespace safegrid::services
