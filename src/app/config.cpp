#include "app/config.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace safegrid::app {
namespace {

Text Msg(const std::string& zh, const std::string& en) { return {zh, en}; }

template <class T>
Status ReadInto(const boost::json::object& obj, const char* key, T& out) {
    auto it = obj.find(key);
    if (it == obj.end()) return {};
    if constexpr (std::is_same_v<T, std::string>) {
        if (!it->value().is_string()) return Invalid(key, Msg("必须是字符串", "must be a string"));
        out = std::string(it->value().as_string());
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!it->value().is_bool()) return Invalid(key, Msg("必须是布尔值", "must be a boolean"));
        out = it->value().as_bool();
    } else {
        if (!it->value().is_int64()) return Invalid(key, Msg("必须是整数", "must be an integer"));
        const int64_t v = it->value().as_int64();
        if (v < 0 || v > 1'000'000) return Invalid(key, Msg("超出范围", "out of range"));
        out = static_cast<T>(v);
    }
    return {};
}

}  // namespace

Status LoadConfigFile(const std::string& path, Config& config) {
    std::ifstream in(path);
    if (!in) return Malformed(Msg("无法读取配置文件 " + path, "cannot read config file " + path));
    std::stringstream ss;
    ss << in.rdbuf();
    boost::system::error_code ec;
    auto value = boost::json::parse(ss.str(), ec);
    if (ec || !value.is_object())
        return Malformed(Msg("配置文件不是 JSON 对象: " + path, "config file is not a JSON object: " + path));
    const auto& obj = value.as_object();
    static const char* kKeys[] = {"db",
                                  "db_read",
                                  "listen",
                                  "data_dir",
                                  "web_dir",
                                  "standards_dir",
                                  "industry_table",
                                  "log_level",
                                  "io_threads",
                                  "worker_threads",
                                  "db_pool_size",
                                  "session_ttl_hours",
                                  "cookie_secure",
                                  "tls_cert",
                                  "tls_key",
                                  "trust_proxy",
                                  "reuse_port",
                                  "trusted_proxies",
                                  "max_connections",
                                  "max_connections_per_address",
                                  "webhook_url",
                                  "general_deadline_days",
                                  "major_deadline_days",
                                  "scheduler_interval_seconds",
                                  "audit_checkpoint_seconds",
                                  "public_town_id",
                                  "idempotency_retention_days",
                                  "public_upload_orphan_hours",
                                  "staff_upload_orphan_days",
                                  "device_inbox.retention_days",
                                  "gb26875_listen",
                                  "time_zone",
                                  "cjk_font",
                                  "public_url",
                                  "mqtt_url",
                                  "mqtt_client_id",
                                  "risk_band_red",
                                  "risk_band_orange",
                                  "risk_band_yellow",
                                  "inspection_interval_red_days",
                                  "inspection_interval_orange_days",
                                  "inspection_interval_yellow_days",
                                  "inspection_interval_blue_days",
                                  "device.offline_after_s",
                                  "alarm.escalate_village_after_s",
                                  "alarm.escalate_town_after_s",
                                  "alarm.escalate_fault_after_s"};
    for (const auto& kv : obj) {
        bool known = false;
        for (const char* k : kKeys) known = known || kv.key() == k;
        if (!known) return Invalid(std::string(kv.key()), Msg("未知的配置项", "unknown config key"));
    }
    SG_TRY(ReadInto(obj, "db", config.db));
    SG_TRY(ReadInto(obj, "db_read", config.db_read));
    SG_TRY(ReadInto(obj, "listen", config.listen));
    SG_TRY(ReadInto(obj, "data_dir", config.data_dir));
    SG_TRY(ReadInto(obj, "web_dir", config.web_dir));
    SG_TRY(ReadInto(obj, "standards_dir", config.standards_dir));
    SG_TRY(ReadInto(obj, "industry_table", config.industry_table));
    SG_TRY(ReadInto(obj, "log_level", config.log_level));
    SG_TRY(ReadInto(obj, "io_threads", config.io_threads));
    SG_TRY(ReadInto(obj, "worker_threads", config.worker_threads));
    SG_TRY(ReadInto(obj, "db_pool_size", config.db_pool_size));
    SG_TRY(ReadInto(obj, "session_ttl_hours", config.session_ttl_hours));
    SG_TRY(ReadInto(obj, "cookie_secure", config.cookie_secure));
    SG_TRY(ReadInto(obj, "tls_cert", config.tls_cert));
    SG_TRY(ReadInto(obj, "tls_key", config.tls_key));
    SG_TRY(ReadInto(obj, "trust_proxy", config.trust_proxy));
    SG_TRY(ReadInto(obj, "reuse_port", config.reuse_port));
    SG_TRY(ReadInto(obj, "max_connections", config.max_connections));
    SG_TRY(ReadInto(obj, "max_connections_per_address", config.max_connections_per_address));
    if (config.max_connections < 1 || config.max_connections_per_address < 1) {
        return Invalid("max_connections", Msg("必须至少为 1", "must be at least 1"));
    }
    if (auto it = obj.find("trusted_proxies"); it != obj.end()) {
        const Text why = Msg("必须是地址或网段（CIDR）字符串的数组", "must be an array of address or CIDR strings");
        if (!it->value().is_array()) return Invalid("trusted_proxies", why);
        config.trusted_proxies.clear();
        for (const auto& entry : it->value().as_array()) {
            if (!entry.is_string()) return Invalid("trusted_proxies", why);
            config.trusted_proxies.emplace_back(entry.as_string());
        }
    }
    SG_TRY(ReadInto(obj, "webhook_url", config.webhook_url));
    SG_TRY(ReadInto(obj, "general_deadline_days", config.general_deadline_days));
    SG_TRY(ReadInto(obj, "major_deadline_days", config.major_deadline_days));
    SG_TRY(ReadInto(obj, "public_town_id", config.public_town_id));
    SG_TRY(ReadInto(obj, "scheduler_interval_seconds", config.scheduler_interval_seconds));
    SG_TRY(ReadInto(obj, "audit_checkpoint_seconds", config.audit_checkpoint_seconds));
    SG_TRY(ReadInto(obj, "idempotency_retention_days", config.idempotency_retention_days));
    SG_TRY(ReadInto(obj, "public_upload_orphan_hours", config.public_upload_orphan_hours));
    SG_TRY(ReadInto(obj, "staff_upload_orphan_days", config.staff_upload_orphan_days));
    SG_TRY(ReadInto(obj, "device_inbox.retention_days", config.device_inbox_retention_days));
    if (config.device_inbox_retention_days < 1) {
        return Invalid("device_inbox.retention_days", Msg("保留期限须至少为 1 天", "must be at least 1 day"));
    }
    SG_TRY(ReadInto(obj, "gb26875_listen", config.gb26875_listen));
    if (config.idempotency_retention_days < 1 || config.public_upload_orphan_hours < 1 ||
        config.staff_upload_orphan_days < 1) {
        return Malformed(Msg("保留期限须至少为 1", "retention periods must be at least 1"));
    }
    SG_TRY(ReadInto(obj, "time_zone", config.time_zone));
    SG_TRY(ReadInto(obj, "cjk_font", config.cjk_font));
    SG_TRY(ReadInto(obj, "public_url", config.public_url));
    SG_TRY(ReadInto(obj, "device.offline_after_s", config.device_offline_after_s));
    if (config.device_offline_after_s < 60) {
        return Invalid("device.offline_after_s", Msg("须至少为 60 秒", "must be at least 60 seconds"));
    }
    SG_TRY(ReadInto(obj, "mqtt_url", config.mqtt_url));
    SG_TRY(ReadInto(obj, "mqtt_client_id", config.mqtt_client_id));
    SG_TRY(ReadInto(obj, "risk_band_red", config.risk_band_red));
    SG_TRY(ReadInto(obj, "risk_band_orange", config.risk_band_orange));
    SG_TRY(ReadInto(obj, "risk_band_yellow", config.risk_band_yellow));
    if (config.risk_band_red < 0 || config.risk_band_orange < 0 || config.risk_band_yellow < 0) {
        return Invalid("risk_band_red", Msg("风险分值界限不能为负", "risk bands cannot be negative"));
    }
    SG_TRY(ReadInto(obj, "inspection_interval_red_days", config.inspection_interval_red_days));
    SG_TRY(ReadInto(obj, "inspection_interval_orange_days", config.inspection_interval_orange_days));
    SG_TRY(ReadInto(obj, "inspection_interval_yellow_days", config.inspection_interval_yellow_days));
    SG_TRY(ReadInto(obj, "inspection_interval_blue_days", config.inspection_interval_blue_days));
    for (int days : {config.inspection_interval_red_days, config.inspection_interval_orange_days,
                     config.inspection_interval_yellow_days, config.inspection_interval_blue_days}) {
        if (days < 1 || days > 3660) {
            return Invalid("inspection_interval_red_days",
                           Msg("检查间隔应为 1–3660 天", "intervals are 1 to 3660 days"));
        }
    }
    SG_TRY(ReadInto(obj, "alarm.escalate_village_after_s", config.alarm_escalate_village_after_s));
    SG_TRY(ReadInto(obj, "alarm.escalate_town_after_s", config.alarm_escalate_town_after_s));
    SG_TRY(ReadInto(obj, "alarm.escalate_fault_after_s", config.alarm_escalate_fault_after_s));
    if (config.alarm_escalate_village_after_s < 1 ||
        config.alarm_escalate_town_after_s <= config.alarm_escalate_village_after_s ||
        config.alarm_escalate_fault_after_s < 1) {
        return Invalid(
            "alarm.escalate_town_after_s",
            Msg("报警升级时限须为正数，且镇级晚于村级", "alarm escalation times must be positive, town after village"));
    }
    return {};
}

void ApplyEnvironment(Config& config) {
    auto env = [](const char* name, std::string& out) {
        if (const char* v = std::getenv(name); v && *v) out = v;
    };
    env("SAFEGRID_DB", config.db);
    env("SAFEGRID_DB_READ", config.db_read);
    env("SAFEGRID_LISTEN", config.listen);
    env("SAFEGRID_DATA_DIR", config.data_dir);
    env("SAFEGRID_WEB_DIR", config.web_dir);
    env("SAFEGRID_STANDARDS_DIR", config.standards_dir);
    env("SAFEGRID_INDUSTRY_TABLE", config.industry_table);
    env("SAFEGRID_LOG_LEVEL", config.log_level);
    env("SAFEGRID_WEBHOOK_URL", config.webhook_url);
    env("SAFEGRID_TLS_CERT", config.tls_cert);
    env("SAFEGRID_TLS_KEY", config.tls_key);
    env("SAFEGRID_GB26875_LISTEN", config.gb26875_listen);
    if (const char* v = std::getenv("SAFEGRID_AUDIT_CHECKPOINT_SECONDS"); v && *v) {
        int seconds = 0;
        const char* end = v + std::char_traits<char>::length(v);
        if (auto [p, ec] = std::from_chars(v, end, seconds); ec == std::errc() && p == end) {
            config.audit_checkpoint_seconds = seconds;
        }
    }
    env("SAFEGRID_TIME_ZONE", config.time_zone);
    env("SAFEGRID_CJK_FONT", config.cjk_font);
    env("SAFEGRID_PUBLIC_URL", config.public_url);
    env("SAFEGRID_MQTT_URL", config.mqtt_url);
    env("SAFEGRID_MQTT_CLIENT_ID", config.mqtt_client_id);
    if (const char* v = std::getenv("SAFEGRID_REUSE_PORT"); v && *v) config.reuse_port = std::string_view(v) == "1";
    // The multi-process test runs the scheduler every second (docs/multi-process.md).
    if (const char* v = std::getenv("SAFEGRID_SCHEDULER_INTERVAL_SECONDS"); v && *v) {
        int seconds = 0;
        const char* end = v + std::char_traits<char>::length(v);
        if (auto [p, ec] = std::from_chars(v, end, seconds); ec == std::errc() && p == end && seconds >= 0) {
            config.scheduler_interval_seconds = seconds;
        }
    }
}

Result<std::string> ResolvePublicUrl(const Config& config) {
    const bool https = !config.tls_cert.empty();
    if (config.public_url.empty()) {
        SG_ASSIGN_OR_RETURN(auto listen, ParseListen(config.listen));
        std::string host = listen.first;
        if (host.empty() || host == "0.0.0.0" || host == "::") host = "127.0.0.1";
        if (host.find(':') != std::string::npos) host = "[" + host + "]";
        return std::string(https ? "https://" : "http://") + host + ":" + std::to_string(listen.second);
    }
    const Text why = Msg("须为 http:// 或 https:// 开头的完整网址，例如 https://safegrid.example.cn",
                         "must be a whole http:// or https:// URL, e.g. https://safegrid.example.cn");
    auto parsed = boost::urls::parse_absolute_uri(config.public_url);
    if (!parsed) return Invalid("public_url", why);
    const boost::urls::url_view& u = *parsed;
    const bool web = u.scheme_id() == boost::urls::scheme::http || u.scheme_id() == boost::urls::scheme::https;
    if (!web || !u.has_authority() || u.host().empty() || u.has_userinfo() || u.has_query() || u.has_fragment()) {
        return Invalid("public_url", why);
    }
    // Boost.URL 1.81 reads "http://h:8x/" as port "8" and a path "x/": after an authority RFC 3986
    // allows only an empty path or one that starts with '/'.
    if (!u.encoded_path().empty() && u.encoded_path().front() != '/') return Invalid("public_url", why);
    if (u.has_port()) {
        const std::string_view port = u.port();
        unsigned value = 0;
        auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc() || p != port.data() + port.size() || value == 0 || value > 65535) {
            return Invalid("public_url", why);
        }
    }
    std::string out(u.buffer());
    while (!out.empty() && out.back() == '/') out.pop_back();
    return out;
}

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    const Text why = Msg("格式应为 主机:端口，例如 127.0.0.1:8080", "expected HOST:PORT, e.g. 127.0.0.1:8080");
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return Invalid("listen", why);
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned port = 0;
    const char* first = listen.data() + colon + 1;
    const char* last = listen.data() + listen.size();
    auto [p, ec] = std::from_chars(first, last, port);
    if (ec != std::errc() || p != last || port > 65535) return Invalid("listen", why);
    return std::make_pair(host, static_cast<uint16_t>(port));
}

ThreadPlan ResolveThreads(const Config& config, unsigned hardware_threads) {
    const int cores = std::max(1, static_cast<int>(hardware_threads));
    const bool postgres = config.db.rfind("postgres", 0) == 0;
    ThreadPlan plan{};
    plan.io_threads = config.io_threads > 0 ? config.io_threads : std::max(1, cores / 2);
    plan.worker_threads =
        config.worker_threads > 0 ? config.worker_threads : (postgres ? 4 * cores : std::max(2, cores));
    plan.db_pool_size = config.db_pool_size > 0 ? config.db_pool_size : plan.worker_threads;
    return plan;
}

}  // namespace safegrid::app
