#include "storage/db_url.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <memory>

namespace safegrid::storage::detail {
namespace {

tl::unexpected<Error> Bad(std::string_view why_zh, std::string_view why_en) {
    return Malformed({"数据库地址格式错误：" + std::string(why_zh), "Malformed database URL: " + std::string(why_en)},
                     "malformed_db_url");
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexVal(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

// Percent-decodes; false on a truncated or non-hex escape.
bool PercentDecode(std::string_view in, std::string& out) {
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size() || !IsHex(in[i + 1]) || !IsHex(in[i + 2])) return false;
        out.push_back(static_cast<char>(HexVal(in[i + 1]) * 16 + HexVal(in[i + 2])));
        i += 2;
    }
    return true;
}

bool ValidPort(std::string_view p) {
    if (p.empty() || p.size() > 5) return false;
    int v = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
    return ec == std::errc{} && end == p.data() + p.size() && v >= 1 && v <= 65535;
}

// One element of a libpq host list: "host", "host:port", "[v6]", "[v6]:port", ":port" or "".
bool ValidHost(std::string_view h) {
    std::string_view port;
    if (!h.empty() && h.front() == '[') {
        const size_t close = h.find(']');
        if (close == std::string_view::npos || close == 1) return false;
        for (char c : h.substr(1, close - 1)) {
            if (!IsHex(c) && c != ':' && c != '.' && c != '%') return false;
        }
        std::string_view rest = h.substr(close + 1);
        if (rest.empty()) return true;
        if (rest.front() != ':') return false;
        port = rest.substr(1);
        return ValidPort(port);
    }
    const size_t colon = h.find(':');
    std::string_view name = h.substr(0, colon);
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '.' || c == '_' || c == '%';
        if (!ok) return false;
    }
    if (colon == std::string_view::npos) return true;
    return ValidPort(h.substr(colon + 1));
}

Result<DbUrl> ParseSqlite(std::string_view path) {
    if (path.starts_with("///")) path.remove_prefix(2);  // sqlite:///abs/path → /abs/path
    else if (path.starts_with("//")) return Bad("请使用 sqlite:路径", "use sqlite:PATH (no host part)");
    if (path.empty()) return Bad("缺少数据库文件路径", "missing database file path");
    DbUrl url;
    url.dialect = Dialect::kSqlite;
    url.sqlite_path = std::string(path);
    url.redacted = "sqlite:" + url.sqlite_path;
    return url;
}

Result<DbUrl> ParsePostgres(std::string_view text, std::string_view scheme) {
    std::string_view rest = text.substr(scheme.size());
    std::string_view query;
    if (const size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string_view authority = rest;
    std::string_view path;
    if (const size_t slash = rest.find('/'); slash != std::string_view::npos) {
        authority = rest.substr(0, slash);
        path = rest.substr(slash);  // "/dbname"
    }
    std::string_view userinfo;
    std::string_view hosts = authority;
    if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
        userinfo = authority.substr(0, at);
        hosts = authority.substr(at + 1);
    }
    std::string_view user = userinfo;
    std::string_view password_enc;
    if (const size_t colon = userinfo.find(':'); colon != std::string_view::npos) {
        user = userinfo.substr(0, colon);
        password_enc = userinfo.substr(colon + 1);
    }

    DbUrl url;
    url.dialect = Dialect::kPostgres;
    url.full = std::string(text);
    std::string scratch;
    if (!PercentDecode(user, scratch) || !PercentDecode(path, scratch)) return Bad("百分号编码无效", "bad %-escape");
    if (!PercentDecode(password_enc, url.password)) return Bad("密码的百分号编码无效", "bad %-escape in password");
    if (path.size() > 1 && path.find('/', 1) != std::string_view::npos) {
        return Bad("数据库名不能包含 /", "database name must not contain '/'");
    }
    size_t start = 0;
    while (start <= hosts.size()) {
        const size_t comma = hosts.find(',', start);
        const size_t end = comma == std::string_view::npos ? hosts.size() : comma;
        if (!ValidHost(hosts.substr(start, end - start))) return Bad("主机或端口无效", "invalid host or port");
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }

    // Rebuild the query without a password=... parameter.
    std::string kept_query;
    size_t qs = 0;
    while (qs < query.size()) {
        const size_t amp = query.find('&', qs);
        std::string_view kv = query.substr(qs, amp == std::string_view::npos ? std::string_view::npos : amp - qs);
        qs = amp == std::string_view::npos ? query.size() : amp + 1;
        if (kv.empty()) continue;
        const size_t eq = kv.find('=');
        if (eq == std::string_view::npos || eq == 0) return Bad("查询参数无效", "invalid query parameter");
        std::string key;
        std::string value;
        if (!PercentDecode(kv.substr(0, eq), key) || !PercentDecode(kv.substr(eq + 1), value)) {
            return Bad("百分号编码无效", "bad %-escape");
        }
        if (key == "password") {
            url.password = value;
            continue;
        }
        if (!kept_query.empty()) kept_query += '&';
        kept_query += kv;
    }
    url.redacted = std::string(scheme) + std::string(user) + (user.empty() ? "" : "@") + std::string(hosts) +
                   std::string(path) + (kept_query.empty() ? "" : "?" + kept_query);

    // libpq has the last word on what it accepts (unknown parameters, bad values).
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(url.full.c_str(), &err);
    std::unique_ptr<char, decltype(&PQfreemem)> err_guard(err, &PQfreemem);
    if (!opts) {
        std::string why = err ? err : "rejected by libpq";
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        return Bad(why, why);
    }
    PQconninfoFree(opts);
    return url;
}

}  // namespace

Result<DbUrl> ParseDbUrl(std::string_view text) {
    // Control characters are never part of a valid URL or a sane file name; refusing them early
    // also keeps them out of logs and child-process arguments. Spaces are fine in a file path
    // but must be %-encoded in a PostgreSQL URL.
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) return Bad("包含控制字符", "contains control characters");
    }
    if (text.starts_with("sqlite:")) return ParseSqlite(text.substr(7));
    if (text.find(' ') != std::string_view::npos) return Bad("包含空格", "contains a space");
    if (text.starts_with("postgresql://")) return ParsePostgres(text, "postgresql://");
    if (text.starts_with("postgres://")) return ParsePostgres(text, "postgres://");
    return Bad("应以 sqlite: 或 postgresql:// 开头", "expected sqlite:PATH or postgresql://...");
}

}  // namespace safegrid::storage::detail
