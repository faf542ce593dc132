#include "app/commands.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string_view>

#include "app/application.hpp"
#include "app/progress.hpp"
#include "platform/logging.hpp"
#include "services/audit_checkpoint.hpp"
#include "services/seed/demo_alarms.hpp"
#include "services/seed/demo_campaigns.hpp"
#include "services/seed/demo_devices.hpp"
#include "services/seed/demo_history.hpp"
#include "services/seed/demo_reports.hpp"
#include "services/seed/demo_scorecards.hpp"
#include "services/seed/demo_signins.hpp"
#include "services/seed/demo_stations.hpp"
#include "services/seed/demo_training.hpp"
#include "services/seed/seed_demo.hpp"
#include "storage/backup.hpp"
#include "storage/maintenance.hpp"
#include "storage/migrate.hpp"

#ifndef SAFEGRID_SOURCE_DIR
#define SAFEGRID_SOURCE_DIR "."
#endif

namespace safegrid::app {
namespace {

// The password seed-demo gives its accounts is the one `serve` warns about.
static_assert(std::string_view(services::seed::kDemoPassword) == services::kDemoAccountPassword);

int Report(const Error& e) {
    std::cerr << "safegrid: " << e.message.zh << " / " << e.message.en;
    for (const auto& [field, why] : e.fields) std::cerr << "\n  " << field << ": " << why.zh << " / " << why.en;
    if (!e.internal.empty()) std::cerr << "\n  (" << e.internal << ")";
    std::cerr << "\n";
    return 1;
}

// The first line of standard input, without its line end; nullopt when there is none.
std::optional<std::string> ReadPasswordLine() {
    std::string password;
    if (!std::getline(std::cin, password)) {
        std::cerr << "safegrid: no password on standard input (use --password-stdin and pipe it in)\n";
        return std::nullopt;
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

// An account that kept the demo password is an open door: say so loudly, once per start.
void WarnAboutDemoPasswords(services::UserService& users) {
    auto names = users.DemoPasswordAccounts();
    if (!names) {
        spdlog::warn("could not check accounts for the demo password: {}", names.error().internal);
        return;
    }
    if (names->empty()) return;
    std::string list;
    for (const auto& name : *names) list += (list.empty() ? "" : ", ") + name;
    spdlog::warn(
        "SECURITY: {} account(s) still have the demo password and this is not a demo store: {} -- change it "
        "(safegrid user passwd USERNAME --password-stdin) or disable them (safegrid user disable USERNAME)",
        names->size(), list);
}

}  // namespace

int ServeCommand(const Config& config) {
    platform::SetupLogging(config.log_level);
    // Block the stop signals in every thread (threads inherit the mask); the main thread waits for them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    auto app = Application::Create(config);
    if (!app) return Report(app.error());
    // Before listening, so the warning is the first thing an operator reads about this start.
    WarnAboutDemoPasswords(*(*app)->services().users);
    auto port = (*app)->Start();
    if (!port) return Report(port.error());
    auto listen = ParseListen(config.listen);
    spdlog::info("safegrid listening on {}:{} (store {})", listen ? listen->first : "?", *port,
                 (*app)->services().db->Url());
    // What a printed notice or poster sends people to; behind a proxy or on 0.0.0.0 it must be set.
    spdlog::info("links and QR codes on notices and posters point at {}{}", ResolvePublicUrl(config).value_or("?"),
                 config.public_url.empty() ? " (the listen address: set --public-url to the address users reach)" : "");
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("signal {}: stopping (finishing in-flight requests)", sig);
    (*app)->Stop();
    (*app)->Wait();
    app->reset();  // closes the store
    spdlog::info("stopped");
    return 0;
}

int MigrateCommand(const Config& config) {
    auto db = storage::OpenDatabase(config.db);
    if (!db) return Report(db.error());
    {
        // Each migration is one step (a long data rewrite is one step too: its own transaction).
        ProgressReporter progress("migrations", 0);
        if (auto ok = storage::MigrateWithProgress(**db, progress.Callback()); !ok) return Report(ok.error());
    }
    auto applied = storage::AppliedMigration(**db);
    std::cout << "schema is at migration " << (applied ? *applied : -1) << "\n";
    return 0;
}

int SeedDemoCommand(const Config& config, const SeedOptions& options) {
    SystemClock clock;
    auto services = OpenServices(config, clock);
    if (!services) return Report(services.error());
    auto& s = **services;
    // Recorded first: `serve` does not warn about the demo password in a store made for showing.
    if (auto marked = s.users->MarkDemoStore(); !marked) return Report(marked.error());
    const std::string csv = DataDir() + "/regions/cn_divisions_kuangyan_330282110_2023.csv";
    auto villages = services::seed::ReadKuangyanVillages(csv);
    if (!villages) return Report(villages.error());
    std::vector<services::seed::TownSource> more_towns;  // the county's other towns, --towns > 1
    std::optional<int64_t> county_id;
    if (options.towns > 1) {
        auto towns = services::seed::ReadCixiTowns(DataDir() + "/regions/cn_divisions_cixi_330282_2023.csv");
        if (!towns) return Report(towns.error());
        std::erase_if(*towns, [](const auto& t) { return t.name == "匡堰镇"; });
        if (static_cast<int64_t>(towns->size()) < options.towns - 1) {
            std::cerr << "error: the divisions file has " << towns->size() + 1 << " towns, fewer than --towns\n";
            return 2;
        }
        towns->resize(static_cast<size_t>(options.towns - 1));
        more_towns = std::move(*towns);
    }
    std::cout << "seeding the demo town 匡堰镇 (" << options.enterprises << " enterprises, seed " << options.seed
              << ") into " << s.db->Url() << " ...\n";
    services::seed::SeedDeps deps{*s.db, *s.regions, *s.buildings, *s.enterprises, *s.users};
    if (options.towns > 1) {
        auto county = services::seed::SeedDemoCounty(deps);
        if (!county) return Report(county.error());
        county_id = *county;
    }
    services::seed::TownPlacement first;
    first.county_id = county_id;
    auto summary = services::seed::SeedDemoTownIn(deps, *villages, options.enterprises, options.seed, first);
    if (!summary) return Report(summary.error());
    std::cout << "done: " << summary->villages << " villages, " << summary->grids << " grids, " << summary->buildings
              << " buildings, " << summary->enterprises << " enterprises, " << summary->users << " users\n";

    const int64_t hazards =
        options.hazards >= 0 ? options.hazards : services::seed::DefaultHistoryHazards(options.enterprises);
    std::cout << "writing two years of history (" << hazards << " hazards" << (options.towns > 1 ? " per town" : "")
              << ") ...\n"
              << std::flush;
    const auto started = std::chrono::steady_clock::now();
    const DeadlinePolicy deadlines{.general_days = config.general_deadline_days,
                                   .major_days = config.major_deadline_days};
    ProgressReporter progress("hazards", hazards * options.towns);
    int64_t written_before = 0;  // by the towns already done
    services::seed::HistoryDeps history_deps{*s.db,     *s.hazards,
                                             clock,     s.checklists->List(),
                                             deadlines, [&](int64_t n) { progress.Update(written_before + n); }};
    auto history = services::seed::SeedDemoHistory(history_deps, *summary, hazards, options.seed);
    if (!history) return Report(history.error());
    written_before = history->hazards;
    for (size_t i = 0; i < more_towns.size(); ++i) {
        char prefix[8];
        std::snprintf(prefix, sizeof prefix, "t%02zu-", i + 2);
        services::seed::TownPlacement where{false, more_towns[i].name, more_towns[i].code, county_id, prefix};
        const uint64_t town_seed = options.seed + i + 1;
        auto town = services::seed::SeedDemoTownIn(deps, more_towns[i].villages, options.enterprises, town_seed, where);
        if (!town) return Report(town.error());
        auto more = services::seed::SeedDemoHistory(history_deps, *town, hazards, town_seed);
        if (!more) return Report(more.error());
        written_before += more->hazards;
    }
    progress.Finish();
    if (county_id) {
        if (auto u = services::seed::SeedDemoCountyUser(deps, *county_id); !u) return Report(u.error());
        std::cout << "county 慈溪市: " << options.towns << " towns, login county (users of town N: tNN-town, ...)\n";
    }
    if (auto c = services::seed::SeedDemoCampaigns(*s.db, *s.campaigns, *s.hazards, clock, *summary); !c)
        return Report(c.error());
    auto stations = services::seed::SeedDemoStations(*s.db, *s.stations, *summary);
    if (!stations) return Report(stations.error());
    if (auto d = services::seed::SeedDemoDevices(*s.db, *s.devices, clock, *summary); !d) return Report(d.error());
    auto alarms = services::seed::SeedDemoAlarms(s.db, *s.device_inbox, *s.live_events, *s.alarms, clock, *summary);
    if (!alarms) return Report(alarms.error());
    // The expiry reminders now, so the inboxes show them before the server's first job tick.
    if (auto r = s.station_reminders->Run(); !r) return Report(r.error());
    if (auto sc = services::seed::SeedDemoScorecards(*s.db, *s.scorecards, clock, *summary); !sc) {
        return Report(sc.error());
    }
    auto trained = services::seed::SeedDemoTraining(*s.db, *s.trainings, clock, *summary);
    if (!trained) return Report(trained.error());
    auto signed_in = services::seed::SeedDemoSignins(*s.trainings, *s.training_signins, clock, *summary);
    if (!signed_in) return Report(signed_in.error());
    // Last two months' stored reports (月报), as the scheduler would have made them.
    auto reports = services::seed::SeedDemoReports(*s.db, *s.monthly_report_job, *s.monthly_reports, clock, *summary);
    if (!reports) return Report(reports.error());
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    std::cout << "done: " << history->hazards << " hazards, " << history->inspections << " inspections, "
              << history->public_reports << " public reports, " << trained->sessions << " training sessions with "
              << trained->attendances << " attendances, " << signed_in->signins << " QR sign-ins in " << seconds.count()
              << " s\n";
    // A bulk load: give the planner statistics of the new data before anyone queries it.
    if (auto analyzed = storage::AnalyzeAll(*s.db); !analyzed) return Report(analyzed.error());
    return 0;
}

int DemoLoginsCommand() {
    std::cout << "\nSafeGrid 安全网格 — demo logins (password " << services::seed::kDemoPassword << " for all):\n"
              << "  admin        系统管理员 / administrator\n"
              << "  town         镇安全办 / town safety office (匡堰镇)\n"
              << "  village1     村干部 / officer of the first village\n"
              << "  inspector1   网格员 / inspector of its first grid\n"
              << "  enterprise1  企业 / contact of a workshop in that grid\n"
              << "  county       县级督导 / county overseer (only after seed-demo --towns N, N > 1)\n"
              << "Open http://127.0.0.1:8080 in a browser.\n\n";
    return 0;
}

namespace {

// The command line's own file limit (the importer's); HTTP uploads stop at kMaxImportUploadBytes.
constexpr uintmax_t kMaxImportFileBytes = 50u << 20;

Result<std::string> ReadWholeFile(const std::string& path, uintmax_t max_bytes) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    const Text unreadable{"无法读取文件：" + path, "cannot read " + path};
    if (ec) return Fail(Error{Code::kNotFound, "file_unreadable", unreadable, {}, ec.message()});
    if (size > max_bytes) return TooLarge({"文件过大：" + path, "file too large: " + path});
    std::ifstream in(path, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return Fail(Error{Code::kNotFound, "file_unreadable", unreadable, {}, "read failed"});
    return content;
}

void PrintIssues(const char* label, const std::vector<services::ImportIssue>& issues) {
    for (const auto& issue : issues) {
        std::cout << "  " << label << " row " << issue.row;
        if (!issue.column.empty())
            std::cout << " [" << issue.column << "]";
        else if (!issue.field.empty())
            std::cout << " [" << issue.field << "]";
        std::cout << ": " << issue.message.zh << " / " << issue.message.en << "\n";
    }
}

}  // namespace

int ImportCommand(const Config& config, const std::string& kind, const std::string& file,
                  const std::optional<std::string>& mapping_file, bool dry_run) {
    platform::SetupLogging("warn");
    auto content = ReadWholeFile(file, kMaxImportFileBytes);
    if (!content) return Report(content.error());
    services::ImportOptions options;
    options.dry_run = dry_run;
    options.content_hint = file;
    if (mapping_file) {
        auto mapping = ReadWholeFile(*mapping_file, 1u << 20);
        if (!mapping) return Report(mapping.error());
        options.mapping_json = std::move(*mapping);
    }
    SystemClock clock;
    auto services = OpenServices(config, clock);
    if (!services) return Report(services.error());
    ProgressReporter progress(kind + " rows written", 0);
    options.progress = progress.Callback();
    auto report = kind == "hazards" ? (*services)->hazard_import->Import(nullptr, *content, options)
                                    : (*services)->enterprise_import->Import(nullptr, *content, options);
    progress.Finish();
    if (!report) return Report(report.error());
    std::cout << (dry_run ? "dry run: " : "") << report->total_rows << " rows read, " << report->valid_rows
              << " valid, " << report->errors.size() << " with errors, " << report->created << " " << kind
              << " created\n";
    PrintIssues("error  ", report->errors);
    PrintIssues("warning", report->warnings);
    if (!report->errors.empty()) {
        std::cout << (dry_run ? "nothing would be imported until every error is fixed\n"
                              : "nothing was imported (all or nothing): fix the rows above and run again\n");
        return 1;
    }
    return 0;
}

namespace {

// The audit service on the store of `config` (migrated), without the rest of the services.
struct AuditTools {
    std::shared_ptr<storage::Database> db;
    std::unique_ptr<services::AuditService> audit;
    std::string identity;  // AuditDatabaseIdentity
};

Result<AuditTools> OpenAudit(const Config& config, const Clock& clock) {
    AuditTools t;
    SG_ASSIGN_OR_RETURN(t.db, storage::OpenDatabase(config.db));
    SG_TRY(storage::Migrate(*t.db));
    t.audit = std::make_unique<services::AuditService>(t.db, clock);
    t.identity = services::AuditDatabaseIdentity(*t.db);
    return t;
}

// What an audit entry records of a checkpoint (the chains, when it was written, its signature).
boost::json::value CheckpointJson(const std::optional<services::AuditCheckpoint>& cp) {
    if (!cp) return nullptr;
    return boost::json::parse(services::AuditCheckpointToJson(*cp));
}

std::string BackupCheckpointPath(const std::string& backup) { return backup + ".checkpoint"; }

}  // namespace

int BackupCommand(const Config& config, const std::string& out) {
    SystemClock clock;
    auto tools = OpenAudit(config, clock);
    if (!tools) return Report(tools.error());
    // The checkpoint is taken before the copy, so the backup holds at least what it names. It
    // continues the live checkpoint: a store that no longer reaches that one (a deleted tail) is
    // still backed up, but gets no checkpoint that would make the damage look honest.
    const services::AuditCheckpointFiles files(config.data_dir);
    auto live = files.Read(files.PathFor(tools->identity));
    Result<std::vector<services::AuditCheckpointChain>> chains =
        live ? tools->audit->CheckpointChains(*live ? &**live : nullptr) : tl::unexpected(live.error());
    {
        // SQLite: pages copied. PostgreSQL: dump bytes against the database's size, an estimate.
        ProgressReporter progress(tools->db->dialect() == storage::Dialect::kSqlite
                                      ? "backup pages"
                                      : "backup bytes (of the database size, an estimate)",
                                  0);
        if (auto ok = storage::Backup(*tools->db, out, progress.Callback()); !ok) return Report(ok.error());
    }
    std::cout << "backup written to " << out << "\n";
    if (!chains) {
        std::cerr << "safegrid: NO audit checkpoint written for this backup:\n";
        return Report(chains.error());
    }
    services::AuditCheckpoint cp;
    cp.database = tools->identity;
    cp.written_at = clock.Now();
    cp.chains = std::move(*chains);
    const std::string cp_path = BackupCheckpointPath(out);
    if (auto written = files.Write(cp_path, std::move(cp)); !written) return Report(written.error());
    std::cout << "audit checkpoint written to " << cp_path << " (keep it with the backup)\n";
    return 0;
}

int RestoreCommand(const Config& config, const std::string& in, bool without_checkpoint) {
    // The backup's own checkpoint, signed with this data dir's key, is what makes the restored (older)
    // chain legitimate. Without one, a store that has a checkpoint is only replaced when the operator
    // says so (--without-checkpoint); the audit log records it either way.
    const services::AuditCheckpointFiles files(config.data_dir);
    const std::string backup_cp_path = BackupCheckpointPath(in);
    auto backup_cp = files.Read(backup_cp_path);
    if (!backup_cp) {
        std::cerr << "safegrid: restore refused: the backup's checkpoint " << backup_cp_path
                  << " cannot be trusted (is " << files.KeyPath() << " the key it was made with?)\n";
        return Report(backup_cp.error());
    }
    if (!*backup_cp && !without_checkpoint) {
        auto target = storage::OpenDatabase(config.db);
        if (!target) return Report(target.error());
        const std::string current = files.PathFor(services::AuditDatabaseIdentity(**target));
        target->reset();
        std::error_code ec;
        if (std::filesystem::exists(current, ec) || ec) {
            std::cerr << "safegrid: restore refused: the backup has no audit checkpoint (" << backup_cp_path
                      << ") and this database has one (" << current
                      << ").\n  `audit verify` could not tell this restore from someone putting back an old copy.\n"
                      << "  If the restore is legitimate, run it again with --without-checkpoint "
                         "(recorded in the audit log).\n";
            return 1;
        }
    }
    {
        ProgressReporter progress("restore bytes", 0);
        if (auto ok = storage::Restore(in, config.db, progress.Callback()); !ok) return Report(ok.error());
    }
    std::cout << "restored " << in << " into " << config.db << "\n";

    SystemClock clock;
    auto tools = OpenAudit(config, clock);
    if (!tools) return Report(tools.error());
    const std::string path = files.PathFor(tools->identity);
    auto replaced = files.Read(path);  // a checkpoint that does not verify is recorded as such
    std::optional<services::AuditCheckpoint> installed;
    if (*backup_cp) {
        installed = **backup_cp;
        installed->database = tools->identity;
        auto v = tools->audit->Verify(&*installed);
        if (!v) return Report(v.error());
        if (!v->intact) {
            std::cerr << "safegrid: the restored audit chain does not match the backup's checkpoint (entry "
                      << v->first_bad_id.value_or(0) << ": " << v->reason << "); checkpoint left as it was\n";
            return 1;
        }
        auto written = files.Write(path, *installed);
        if (!written) return Report(written.error());
        installed = *written;
    }
    boost::json::object after{{"backup", std::filesystem::absolute(in).string()},
                              {"backup_checkpoint", CheckpointJson(installed)},
                              {"without_checkpoint", !installed.has_value()}};
    boost::json::value before =
        replaced ? CheckpointJson(*replaced)
                 : boost::json::value(boost::json::object{{"unverifiable_checkpoint", replaced.error().internal}});
    auto appended = tools->db->Transact(true, [&](storage::Connection& conn) {
        return tools->audit->Append(conn, nullptr, {0, "database", 0, "restore", before, after});
    });
    if (!appended) return Report(appended.error());
    auto chains = tools->audit->CheckpointChains(installed ? &*installed : nullptr);
    if (!chains) return Report(chains.error());
    services::AuditCheckpoint next;
    next.database = tools->identity;
    next.written_at = clock.Now();
    next.chains = std::move(*chains);
    if (auto written = files.Write(path, std::move(next)); !written) return Report(written.error());
    std::cout << "audit: restore recorded; checkpoint " << path << " rewritten\n";
    return 0;
}

int AuditVerifyCommand(const Config& config) {
    SystemClock clock;
    auto tools = OpenAudit(config, clock);
    if (!tools) return Report(tools.error());
    const services::AuditCheckpointFiles files(config.data_dir);
    const std::string path = files.PathFor(tools->identity);
    auto checkpoint = files.Read(path);
    if (!checkpoint) {
        std::cout << "audit checkpoint " << path << " REJECTED: " << checkpoint.error().message.zh << " / "
                  << checkpoint.error().message.en << " (" << checkpoint.error().internal << ")\n";
        return 1;
    }
    if (!*checkpoint) {
        std::cout << "no audit checkpoint for " << tools->identity << " in " << config.data_dir
                  << ": the chain is checked alone (a deleted tail or an older copy of the database cannot be seen)\n";
    }
    auto result = tools->audit->Verify(*checkpoint ? &**checkpoint : nullptr);
    if (!result) return Report(result.error());
    if (result->intact) {
        std::cout << "audit chain intact: " << result->entries_checked << " entries checked";
        if (*checkpoint) std::cout << ", every chain reaches the checkpoint " << path;
        std::cout << "\n";
        return 0;
    }
    std::cout << "audit chain BROKEN at entry " << (result->first_bad_id ? std::to_string(*result->first_bad_id) : "?")
              << ": " << result->reason << " (" << result->entries_checked << " entries checked)\n";
    return 1;
}

int UserAddCommand(const Config& config, const UserAddOptions& options) {
    auto line = ReadPasswordLine();
    if (!line) return 2;
    const std::string password = std::move(*line);
    SystemClock clock;
    auto services = OpenServices(config, clock);
    if (!services) return Report(services.error());
    services::NewUser user{options.username, options.role,         options.region_id, options.enterprise_id,
                           password,         options.display_name, std::nullopt};
    auto created = (*services)->users->Create(nullptr, user);
    if (!created) return Report(created.error());
    std::cout << "user " << created->username << " (id " << created->id << ", role " << options.role << ") created\n";
    return 0;
}

int UserPasswdCommand(const Config& config, const std::string& username) {
    auto password = ReadPasswordLine();
    if (!password) return 2;
    SystemClock clock;
    auto services = OpenServices(config, clock);
    if (!services) return Report(services.error());
    auto user = (*services)->users->SetPasswordBySystem(username, *password);
    if (!user) return Report(user.error());
    std::cout << "password of " << user->username << " (id " << user->id << ") set; its sessions ended\n";
    return 0;
}

int UserDisableCommand(const Config& config, const std::string& username, bool disable) {
    SystemClock clock;
    auto services = OpenServices(config, clock);
    if (!services) return Report(services.error());
    auto found = (*services)->users->FindByUsername(username);
    if (!found) return Report(found.error());
    auto user = (*services)->users->SetDisabled(nullptr, found->id, disable, std::nullopt);
    if (!user) return Report(user.error());
    std::cout << "user " << user->username << " (id " << user->id << ") "
              << (disable ? "disabled; its sessions ended\n" : "enabled\n");
    return 0;
}

}  // namespace safegrid::app
