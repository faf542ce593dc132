// Everything a deployer can set. Precedence: command-line flag > environment variable >
// config file (--config FILE, JSON) > default. docs/deploy.md lists every key; unknown keys in
// the file are rejected so a typo cannot silently fall back to a default.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace safegrid::app {

struct Config {
    std::string db = "sqlite:./var/safegrid.db";  // SAFEGRID_DB
    // SAFEGRID_DB_READ: a PostgreSQL streaming replica for lag-tolerant reads (docs/replicas.md).
    std::string db_read;
    std::string listen = "127.0.0.1:8080";  // SAFEGRID_LISTEN
    std::string data_dir = "./var/data";    // SAFEGRID_DATA_DIR: attachments
    std::string web_dir;                    // SAFEGRID_WEB_DIR: built web app; default: found beside the binary
    std::string standards_dir;              // SAFEGRID_STANDARDS_DIR: checklist sources
    std::string industry_table;             // SAFEGRID_INDUSTRY_TABLE: GB/T 4754 names (CSV)
    std::string log_level = "info";         // SAFEGRID_LOG_LEVEL
    // 0 = sized to the machine and the store (ResolveThreads below).
    int io_threads = 0;
    int worker_threads = 0;
    int db_pool_size = 0;
    int session_ttl_hours = 12;
    bool cookie_secure = false;  // set when served over HTTPS behind a proxy (implied by tls_cert)
    // HTTPS served by safegrid itself (PEM files; both or neither). SAFEGRID_TLS_CERT / _KEY.
    std::string tls_cert;
    std::string tls_key;
    // X-Forwarded-For is believed only from these peers (addresses or CIDR networks, e.g.
    // ["127.0.0.1", "10.0.0.0/8"]); the right-most address not in the list is the client.
    std::vector<std::string> trusted_proxies;
    bool trust_proxy = false;     // legacy: with no trusted_proxies, trust a proxy on loopback only
    bool reuse_port = false;      // serve --reuse-port, SAFEGRID_REUSE_PORT=1: SO_REUSEPORT (docs/multi-process.md)
    int max_connections = 10000;  // open connections in all (LimitNOFILE stays above)
    int max_connections_per_address = 64;  // per client address (IPv6 by /64); proxies exempt
    std::string webhook_url;               // outbound notifications (SMS gateways speak HTTP); http:// only
    int scheduler_interval_seconds = 60;   // SAFEGRID_SCHEDULER_INTERVAL_SECONDS; 0 disables the scheduler
    // SAFEGRID_AUDIT_CHECKPOINT_SECONDS: how often serve writes the audit checkpoint into data_dir
    // (1..60; the contract promises at least every minute).
    int audit_checkpoint_seconds = 60;
    int general_deadline_days = 7;
    int major_deadline_days = 30;
    // Risk grading (core/enterprise/risk.hpp): a score above risk_band_red is red, above
    // risk_band_orange orange, above risk_band_yellow yellow, else blue. 0 = the D band of the
    // standards file risk_grading_methods.json (320 / 160 / 70 today).
    int64_t risk_band_red = 0;
    int64_t risk_band_orange = 0;
    int64_t risk_band_yellow = 0;
    // Days between inspections by colour (CONTRACT defaults); an enterprise is due past its interval.
    int inspection_interval_red_days = 30;
    int inspection_interval_orange_days = 90;
    int inspection_interval_yellow_days = 180;
    int inspection_interval_blue_days = 365;
    // The alarm ladder (docs/alarms-duty.md): an unacknowledged fire alarm goes to the village after
    // alarm.escalate_village_after_s, to the town after alarm.escalate_town_after_s; an uncleared
    // fault or offline alarm to the village after alarm.escalate_fault_after_s.
    int64_t alarm_escalate_village_after_s = 300;
    int64_t alarm_escalate_town_after_s = 900;
    int64_t alarm_escalate_fault_after_s = 86400;
    int64_t public_town_id = 0;  // the town public reports go to; 0 → the town with the smallest id
    // Retention (services/retention_job.hpp, the daily "retention" job).
    int idempotency_retention_days = 30;  // CONTRACT: a repeated Idempotency-Key replays within 30 days
    int public_upload_orphan_hours = 24;  // a citizen's upload no report claimed
    int staff_upload_orphan_days = 30;    // a staff upload linked to nothing
    // Processed device_inbox rows (the raw frames and payloads, kept for audit) older than this go.
    // Config key "device_inbox.retention_days".
    int device_inbox_retention_days = 90;
    // serve --gb26875-listen HOST:PORT: the GB/T 26875.3 gateway for transmission units; empty = off.
    // Config key "gb26875_listen"; env SAFEGRID_GB26875_LISTEN. docs/gb26875.md "The gateway".
    std::string gb26875_listen;
    // The town's time zone for every date a person reads (CONTRACT.md); see core/time_zone.hpp.
    std::string time_zone = "Asia/Shanghai";                                  // SAFEGRID_TIME_ZONE
    std::string cjk_font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";  // SAFEGRID_CJK_FONT: embedded in notices
    // SAFEGRID_PUBLIC_URL, serve --public-url: the address users reach the server by, for the links
    // and QR codes printed on notices and posters. Empty: ResolvePublicUrl's default.
    std::string public_url;
    // Config file key "device.offline_after_s" (CONTRACT "Devices and alarms"): a device silent longer
    // than this many seconds goes offline with an `offline` alarm (services/device_offline_job.hpp).
    int64_t device_offline_after_s = 600;
    // MQTT ingest (docs/mqtt.md): serve --mqtt mqtt://HOST:PORT, SAFEGRID_MQTT_URL; empty = off.
    std::string mqtt_url;
    // The fixed client id of the persistent session (SAFEGRID_MQTT_CLIENT_ID); empty = "safegrid-<host name>".
    std::string mqtt_client_id;
};

// Threads and connections actually used. SQLite work is CPU-bound and serialised on writes, so one
// worker per core keeps every core busy without the context switches that dominated the
// 32-connection benchmark (bench/README.md); PostgreSQL work mostly waits on the server, so more
// workers overlap that wait. The network needs half the cores at most. One connection per worker.
struct ThreadPlan {
    int io_threads;
    int worker_threads;
    int db_pool_size;
};
ThreadPlan ResolveThreads(const Config& config, unsigned hardware_threads);

// Reads the file at `path` (JSON object of the keys above) into `config`.
Status LoadConfigFile(const std::string& path, Config& config);
// Applies SAFEGRID_* environment variables.
void ApplyEnvironment(Config& config);
// The public URL without a trailing '/': `public_url` checked by Boost.URL (http or https, a host,
// an optional port and path, no user, query or fragment; 422 "public_url" otherwise), or when it is
// empty the listen address: http(s)://HOST:PORT (https with tls_cert), a wildcard host (0.0.0.0,
// ::, empty) read as 127.0.0.1 — so the default is http://127.0.0.1:8080.
Result<std::string> ResolvePublicUrl(const Config& config);
// "HOST:PORT" → parts; 422-style error on anything else.
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen);

}  // namespace safegrid::app
