#include "storage/db_url.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <boost/url/authority_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <memory>

#include "core/text/trim.hpp"

namespace safegrid::storage::detail {
namespace {

namespace urls = boost::urls;

tl::unexpected<Error> Bad(std::string_view why_zh, std::string_view why_en) {
    return Malformed({"数据库地址格式错误：" + std::string(why_zh), "Malformed database URL: " + std::string(why_en)},
                     "malformed_db_url");
}

// Decodes an escape-checked component; nullopt when it holds a NUL, which would cut the value
// short in libpq's C strings (a password "a%00b" would silently become "a").
std::optional<std::string> Decoded(urls::pct_string_view s) {
    std::string out = s.decode();  // '+' stays '+': libpq does not read it as a space
    if (out.find('\0') != std::string::npos) return std::nullopt;
    return out;
}

bool ValidPort(std::string_view p) {
    int v = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
    return !p.empty() && ec == std::errc{} && end == p.data() + p.size() && v >= 1 && v <= 65535;
}

// One element of a libpq host list, read as an RFC 3986 authority by Boost.URL: "host",
// "host:port", "[v6]", "[v6]:port", ":port" or "" (libpq's default host). Host names are
// restricted further to what DNS and libpq's socket directories ("%2Fvar%2Frun%2Fpostgresql")
// use, so sub-delims such as "h!" are refused here rather than by a failed connection later.
bool ValidHost(std::string_view element) {
    auto parsed = urls::parse_authority(element);
    if (!parsed || parsed->has_userinfo()) return false;
    if (parsed->has_port() && !ValidPort(parsed->port())) return false;
    switch (parsed->host_type()) {
        case urls::host_type::ipv4:
        case urls::host_type::ipv6:
            return true;
        case urls::host_type::name: {
            const std::string name = parsed->host_name();
            for (char c : name) {
                const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '/';
                if (!ok) return false;
            }
            return true;
        }
        default:
            return false;  // IPvFuture: libpq cannot connect to it
    }
}

Result<DbUrl> ParseSqlite(std::string_view path) {
    if (path.starts_with("///"))
        path.remove_prefix(2);  // sqlite:///abs/path → /abs/path
    else if (path.starts_with("//"))
        return Bad("请使用 sqlite:路径", "use sqlite:PATH (no host part)");
    if (path.empty()) return Bad("缺少数据库文件路径", "missing database file path");
    DbUrl url;
    url.dialect = Dialect::kSqlite;
    url.sqlite_path = std::string(path);
    url.redacted = "sqlite:" + url.sqlite_path;
    return url;
}

Result<DbUrl> ParsePostgres(std::string_view text, std::string_view scheme) {
    // libpq extends RFC 3986 with a host list ("h1:5432,h2:5433"), which no URL parser reads.
    // Each element is checked on its own (ValidHost); the URL is then parsed by Boost.URL with
    // the first element alone, which is an ordinary URI.
    const size_t authority_begin = scheme.size();
    const size_t authority_end = std::min(text.find_first_of("/?#", authority_begin), text.size());
    const std::string_view authority = text.substr(authority_begin, authority_end - authority_begin);
    const size_t at = authority.rfind('@');
    const size_t hosts_begin = at == std::string_view::npos ? 0 : at + 1;
    const std::string_view hosts = authority.substr(hosts_begin);
    std::string_view first_host = hosts;
    size_t start = 0;
    while (true) {
        const size_t comma = hosts.find(',', start);
        const std::string_view element = hosts.substr(start, comma == std::string_view::npos ? comma : comma - start);
        if (start == 0) first_host = element;
        if (!ValidHost(element)) return Bad("主机或端口无效", "invalid host or port");
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    std::string single(text.substr(0, authority_begin + hosts_begin));
    single += first_host;
    single += text.substr(authority_end);
    auto parsed = urls::parse_uri(single);
    if (!parsed) {
        // A '@' left raw in a password is the usual culprit; libpq would split it differently.
        return Bad("百分号编码无效或含有未编码的保留字符（如密码中的 @ 应写作 %40）",
                   "bad %-escape or an unencoded reserved character (write '@' in a password as %40)");
    }
    const urls::url_view& u = *parsed;
    // Boost.URL 1.81 reads "u:p@ss@h" as host "ss" and a path "@h"; after an authority, RFC 3986
    // allows only an empty path or one that starts with '/'.
    if (!u.encoded_path().empty() && u.encoded_path().front() != '/') {
        return Bad("含有未编码的保留字符（如密码中的 @ 应写作 %40）",
                   "an unencoded reserved character (write '@' in a password as %40)");
    }
    if (u.has_fragment()) return Bad("不能包含 #", "must not contain '#'");

    DbUrl url;
    url.dialect = Dialect::kPostgres;
    url.full = std::string(text);
    if (!Decoded(u.encoded_user()) || !Decoded(u.encoded_path())) return Bad("百分号编码无效", "bad %-escape");
    auto password = Decoded(u.encoded_password());
    if (!password) return Bad("密码的百分号编码无效", "bad %-escape in password");
    url.password = std::move(*password);
    const std::string_view path = u.encoded_path();  // "" or "/dbname"
    if (path.size() > 1 && path.find('/', 1) != std::string_view::npos) {
        return Bad("数据库名不能包含 /", "database name must not contain '/'");
    }

    // Rebuild the query without a password=... parameter; every other one goes to pg_dump as is.
    std::string kept_query;
    for (const urls::param_pct_view& p : u.encoded_params()) {
        if (p.key.empty() && !p.has_value) continue;  // "a=1&&b=2"
        auto key = Decoded(p.key);
        auto value = Decoded(p.value);
        if (p.key.empty() || !p.has_value) return Bad("查询参数无效", "invalid query parameter");
        if (!key || !value) return Bad("百分号编码无效", "bad %-escape");
        if (*key == "password") {
            url.password = std::move(*value);
            continue;
        }
        if (!kept_query.empty()) kept_query += '&';
        kept_query += p.key;
        kept_query += '=';
        kept_query += p.value;
    }
    const std::string_view user = u.encoded_user();
    url.redacted = std::string(scheme) + std::string(user) + (user.empty() ? "" : "@") + std::string(hosts) +
                   std::string(path) + (kept_query.empty() ? "" : "?" + kept_query);

    // libpq has the last word on what it accepts (unknown parameters, bad values).
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(url.full.c_str(), &err);
    std::unique_ptr<char, decltype(&PQfreemem)> err_guard(err, &PQfreemem);
    if (!opts) {
        const std::string why = err ? TrimText(err) : "rejected by libpq";
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
