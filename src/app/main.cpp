// `safegrid`: the server and the operator commands. Run `safegrid --help`.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/simulate_devices.hpp"

namespace {

using safegrid::app::Config;

// Flags shared by every sub-command that touches the store.
void AddDbFlag(CLI::App* cmd, Config& config) {
    cmd->add_option("--db", config.db,
                    "Where the data lives: sqlite:PATH (default sqlite:./var/safegrid.db) or "
                    "postgresql://user@host:port/dbname. Environment: SAFEGRID_DB");
}

// Where the audit checkpoint and its key live (the data dir of `serve`).
void AddDataDirFlag(CLI::App* cmd, Config& config) {
    cmd->add_option("--data-dir", config.data_dir,
                    "Data dir of `serve`, holding the audit checkpoint and its key (default ./var/data)");
}

}  // namespace

int main(int argc, char** argv) {
    Config config;
    std::string config_file;
    safegrid::app::ApplyEnvironment(config);

    CLI::App app{
        "SafeGrid 安全网格 — town safety-production and fire-safety supervision.\n"
        "Start the server with `safegrid serve`; the other commands look after the data.",
        "safegrid"};
    app.set_version_flag("--version", "safegrid 0.1.0");
    app.require_subcommand(1);
    app.add_option("--config", config_file, "JSON config file (keys: see docs/deploy.md); flags override it");

    auto* serve = app.add_subcommand("serve", "Serve the API and the web app (applies pending migrations first)");
    AddDbFlag(serve, config);
    serve->add_option("--db-read", config.db_read,
                      "A PostgreSQL streaming replica (postgresql://...) for reads that tolerate lag: lists and "
                      "statistics. Writes and read-your-writes stay on --db (docs/replicas.md). Env: SAFEGRID_DB_READ");
    serve->add_option("--listen", config.listen,
                      "HOST:PORT to listen on (default 127.0.0.1:8080). Env: SAFEGRID_LISTEN");
    serve->add_flag("--reuse-port", config.reuse_port,
                    "Share --listen with other serve processes (SO_REUSEPORT; docs/multi-process.md). "
                    "Env: SAFEGRID_REUSE_PORT=1");
    serve->add_option("--data-dir", config.data_dir,
                      "Directory for uploaded photos and files and the audit checkpoint (default ./var/data)");
    serve->add_option("--public-url", config.public_url,
                      "The address users reach this server by, e.g. https://safegrid.example.cn: the links and "
                      "QR codes printed on notices and posters use it (default http://LISTEN, so "
                      "http://127.0.0.1:8080). Env: SAFEGRID_PUBLIC_URL");
    serve->add_option("--web-dir", config.web_dir, "Directory of the built web app (default: web/dist)");
    serve->add_option("--log-level", config.log_level, "trace, debug, info, warn or error (default info)");
    serve->add_option("--tls-cert", config.tls_cert,
                      "Serve HTTPS with this PEM certificate (chain); needs --tls-key. Env: SAFEGRID_TLS_CERT");
    serve->add_option("--tls-key", config.tls_key, "The PEM private key of --tls-cert. Env: SAFEGRID_TLS_KEY");
    serve->add_option("--gb26875-listen", config.gb26875_listen,
                      "HOST:PORT for GB/T 26875.3 transmission units (e.g. 0.0.0.0:9300; off by default; see "
                      "docs/gb26875.md). Env: SAFEGRID_GB26875_LISTEN");
    serve->add_option(
        "--mqtt", config.mqtt_url,
        "Take device events from this MQTT broker, mqtt://HOST:PORT (docs/mqtt.md). Env: SAFEGRID_MQTT_URL");
    serve->add_option("--mqtt-client-id", config.mqtt_client_id,
                      "Client id of the persistent MQTT session (default safegrid-<host name>). Env: "
                      "SAFEGRID_MQTT_CLIENT_ID");

    auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema, then exit");
    AddDbFlag(migrate, config);

    safegrid::app::SeedOptions seed;
    auto* seed_cmd = app.add_subcommand(
        "seed-demo", "Fill an empty database with the demo town 匡堰镇 (villages, grids, workshops, users, history)");
    AddDbFlag(seed_cmd, config);
    seed_cmd->add_option("--enterprises", seed.enterprises, "How many workshops (default 1000)")
        ->check(CLI::Range(1, 10'000'000));
    seed_cmd->add_option("--hazards", seed.hazards, "How many hazards of history (default: about two years' worth)")
        ->check(CLI::Range(0, 100'000'000));
    seed_cmd->add_option("--seed", seed.seed, "Random seed; the same seed gives the same town");
    seed_cmd->add_option("--towns", seed.towns, "Towns (default 1); more makes a county, each town of the given sizes")
        ->check(CLI::Range(1, 30));

    app.add_subcommand("demo-logins", "Print the demo users and their password");

    std::string import_kind, import_file;
    std::optional<std::string> mapping_file;
    bool dry_run = false;
    auto* import_cmd = app.add_subcommand(
        "import", "Import a spreadsheet (CSV in UTF-8 or GBK, or .xlsx): enterprises or historic hazards");
    import_cmd->add_option("kind", import_kind, "enterprises or hazards")
        ->required()
        ->check(CLI::IsMember({"enterprises", "hazards"}));
    import_cmd->add_option("file", import_file, "The spreadsheet file")->required()->check(CLI::ExistingFile);
    AddDbFlag(import_cmd, config);
    import_cmd->add_option(
        "--mapping", mapping_file,
        "JSON column mapping; without it the default Chinese headers are expected (see docs/import.md)");
    import_cmd->add_flag("--dry-run", dry_run, "Check every row and report what would fail, change nothing");

    std::string backup_out;
    auto* backup = app.add_subcommand("backup", "Copy a live database to a file (SQLite online backup, or pg_dump)");
    AddDbFlag(backup, config);
    backup->add_option("out", backup_out, "Backup file to write (and OUT.checkpoint, its audit checkpoint)")
        ->required();
    AddDataDirFlag(backup, config);

    std::string restore_in;
    auto* restore = app.add_subcommand("restore", "Replace the database with a backup file (stop the server first)");
    restore->add_option("in", restore_in, "Backup file to read")->required()->check(CLI::ExistingFile);
    AddDbFlag(restore, config);
    AddDataDirFlag(restore, config);
    bool without_checkpoint = false;
    restore->add_flag("--without-checkpoint", without_checkpoint,
                      "Restore a backup that has no IN.checkpoint (recorded in the audit log; see docs/security.md)");

    auto* audit = app.add_subcommand("audit", "Audit log tools");
    auto* verify =
        audit->add_subcommand("verify", "Check the hash chain; exit 0 if intact, 1 and the first bad entry if not");
    AddDbFlag(verify, config);
    AddDataDirFlag(verify, config);
    audit->require_subcommand(1);

    safegrid::app::UserAddOptions user;
    auto* user_cmd = app.add_subcommand("user", "User accounts");
    auto* user_add = user_cmd->add_subcommand("add", "Create a user; the password is read from standard input");
    user_add->add_option("username", user.username, "Login name")->required();
    user_add->add_option("--role", user.role, "admin, county, town, village, inspector or enterprise")
        ->required()
        ->check(CLI::IsMember({"admin", "county", "town", "village", "inspector", "enterprise"}));
    auto* region_opt =
        user_add->add_option("--region", user.region_id, "Region id (town, village or grid) the user answers for");
    auto* ent_opt = user_add->add_option("--enterprise", user.enterprise_id, "Enterprise id (for the enterprise role)");
    region_opt->excludes(ent_opt);
    user_add->add_option("--name", user.display_name, "Display name, e.g. 张三");
    bool password_stdin = false;
    user_add->add_flag("--password-stdin", password_stdin, "Read the password from standard input (required)")
        ->required();
    AddDbFlag(user_add, config);
    std::string account_name;
    auto* user_passwd =
        user_cmd->add_subcommand("passwd", "Set a user's password (read from standard input); ends its sessions");
    user_passwd->add_option("username", account_name, "Login name")->required();
    bool passwd_stdin = false;
    user_passwd->add_flag("--password-stdin", passwd_stdin, "Read the password from standard input (required)")
        ->required();
    AddDbFlag(user_passwd, config);
    auto* user_disable = user_cmd->add_subcommand("disable", "Disable a user and end its sessions (--enable: undo)");
    user_disable->add_option("username", account_name, "Login name")->required();
    bool enable_account = false;
    user_disable->add_flag("--enable", enable_account, "Enable the user again instead");
    AddDbFlag(user_disable, config);
    user_cmd->require_subcommand(1);

    safegrid::app::SimulateOptions simulate;
    auto* simulate_cmd = app.add_subcommand(
        "simulate-devices", "Simulated fire-alarm transmission units (GB/T 26875.3) for demos and load tests");
    simulate_cmd->add_option("--gb26875", simulate.gb26875, "HOST:PORT of `serve --gb26875-listen`");
    simulate_cmd->add_option("--mqtt", simulate.mqtt, "MQTT broker URL (the MQTT devices)");
    simulate_cmd->add_option("--units", simulate.units, "How many units (default 10)")->check(CLI::Range(1, 1'000'000));
    simulate_cmd->add_option("--rate", simulate.rate, "State events per second, all units together (default 10)")
        ->check(CLI::Range(0.0, 10'000'000.0));
    simulate_cmd->add_option("--duration", simulate.duration, "Seconds to send; 0 = until Ctrl-C (default)")
        ->check(CLI::Range(0.0, 1e9));
    simulate_cmd->add_option("--resend-after", simulate.resend_after,
                             "Seconds a unit waits for a confirm before it sends the frame again (default 10)");
    simulate_cmd->add_option("--db", simulate.db,
                             "Use the gb26875 devices registered in this store (their unit addresses); else 1..N");
    simulate_cmd->add_option("--confirmed-log", simulate.confirmed_log,
                             "Append one line per confirmed event: ADDRESS SERIAL@TIMELABEL");
    simulate_cmd->add_option("--seed", simulate.seed, "Random seed of the events");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (!config_file.empty()) {
        // Re-parse so flags given on the command line win over the file.
        Config from_file;
        if (auto loaded = safegrid::app::LoadConfigFile(config_file, from_file); !loaded) {
            std::cerr << "safegrid: " << loaded.error().message.en;
            for (const auto& [field, why] : loaded.error().fields) std::cerr << " (" << field << ": " << why.en << ")";
            std::cerr << "\n";
            return 2;
        }
        safegrid::app::ApplyEnvironment(from_file);
        config = from_file;
        app.parse(argc, argv);
    }

    if (serve->parsed()) return safegrid::app::ServeCommand(config);
    if (simulate_cmd->parsed()) return safegrid::app::SimulateDevicesCommand(simulate);
    if (migrate->parsed()) return safegrid::app::MigrateCommand(config);
    if (seed_cmd->parsed()) return safegrid::app::SeedDemoCommand(config, seed);
    if (app.got_subcommand("demo-logins")) return safegrid::app::DemoLoginsCommand();
    if (import_cmd->parsed())
        return safegrid::app::ImportCommand(config, import_kind, import_file, mapping_file, dry_run);
    if (backup->parsed()) return safegrid::app::BackupCommand(config, backup_out);
    if (restore->parsed()) return safegrid::app::RestoreCommand(config, restore_in, without_checkpoint);
    if (verify->parsed()) return safegrid::app::AuditVerifyCommand(config);
    if (user_add->parsed()) return safegrid::app::UserAddCommand(config, user);
    if (user_passwd->parsed()) return safegrid::app::UserPasswdCommand(config, account_name);
    if (user_disable->parsed()) return safegrid::app::UserDisableCommand(config, account_name, !enable_account);
    return 2;
}
