#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "core/time_zone.hpp"
#include "http/handlers/alarms.hpp"
#include "http/handlers/app_config.hpp"
#include "http/handlers/attachments.hpp"
#include "http/handlers/audit.hpp"
#include "http/handlers/auth.hpp"
#include "http/handlers/buildings.hpp"
#include "http/handlers/campaigns.hpp"
#include "http/handlers/checklists.hpp"
#include "http/handlers/devices.hpp"
#include "http/handlers/enterprises.hpp"
#include "http/handlers/events.hpp"
#include "http/handlers/hazard_documents.hpp"
#include "http/handlers/hazard_edit.hpp"
#include "http/handlers/hazards.hpp"
#include "http/handlers/imports.hpp"
#include "http/handlers/inspections.hpp"
#include "http/handlers/map.hpp"
#include "http/handlers/notifications.hpp"
#include "http/handlers/plan.hpp"
#include "http/handlers/posters.hpp"
#include "http/handlers/public_reports.hpp"
#include "http/handlers/regions.hpp"
#include "http/handlers/reports.hpp"
#include "http/handlers/scorecards.hpp"
#include "http/handlers/stations.hpp"
#include "http/handlers/stats.hpp"
#include "http/handlers/system.hpp"
#include "http/handlers/training_signins.hpp"
#include "http/handlers/trainings.hpp"
#include "http/handlers/users.hpp"
#include "http/tls_context.hpp"
#include "http/webhook_client.hpp"
#include "platform/metrics.hpp"
#include "services/alarm_risk.hpp"
#include "services/hazard_live_events.hpp"
#include "services/retention_job.hpp"
#include "services/risk_method_loader.hpp"
#include "services/scorecard_standard.hpp"
#include "services/station_standard_loader.hpp"
#include "storage/maintenance.hpp"
#include "storage/read_replica.hpp"

#ifndef SAFEGRID_SOURCE_DIR
#define SAFEGRID_SOURCE_DIR "."
#endif

namespace safegrid::app {

Result<services::RiskPolicy> RiskPolicyFor(const Config& config) {
    services::RiskPolicy policy;
    SG_ASSIGN_OR_RETURN(policy.method, services::LoadRiskMethod(StandardsDir(config)));
    RiskBands& bands = policy.method.bands;  // the file's D bands unless configured
    if (config.risk_band_red > 0) bands.red = config.risk_band_red;
    if (config.risk_band_orange > 0) bands.orange = config.risk_band_orange;
    if (config.risk_band_yellow > 0) bands.yellow = config.risk_band_yellow;
    if (!(bands.red > bands.orange && bands.orange > bands.yellow)) {
        return Invalid("risk_band_red", {"风险分值界限应为 红 > 橙 > 黄", "risk bands must be red > orange > yellow"});
    }
    SG_ASSIGN_OR_RETURN(policy.zone, ParseTimeZone(config.time_zone));
    policy.intervals = {.red_days = config.inspection_interval_red_days,
                        .orange_days = config.inspection_interval_orange_days,
                        .yellow_days = config.inspection_interval_yellow_days,
                        .blue_days = config.inspection_interval_blue_days};
    return policy;
}

namespace {

// Alarms and their duty side meet here (services may not call each other in circles): a raised
// alarm is told to the people who answer for it and regrades the enterprise; a cleared or acted-on
// one regrades it, all inside the writer's transaction (docs/alarms-duty.md).
void WireAlarmDuty(Services& s) {
    auto regrade = [e = s.enterprises.get()](storage::Connection& conn, int64_t enterprise_id) {
        return services::RegradeForAlarm(*e, conn, enterprise_id);
    };
    auto raised = [n = s.alarm_notifier.get(), regrade](storage::Connection& conn,
                                                        const storage::AlarmRecord& alarm) -> Status {
        SG_TRY(n->NotifyRaised(conn, alarm.id));
        return regrade(conn, alarm.enterprise_id);
    };
    s.alarm_processor->on_raised = raised;
    s.alarm_processor->on_cleared = regrade;
    s.device_offline->on_raised = raised;
    s.alarms->on_changed = regrade;
}

}  // namespace

Result<std::unique_ptr<Services>> OpenServices(const Config& config, const Clock& clock) {
    storage::DbOptions db_options;
    db_options.pool_size = ResolveThreads(config, std::thread::hardware_concurrency()).db_pool_size;
    SG_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(config.db, db_options));
    SG_TRY(storage::Migrate(*db));
    if (!config.db_read.empty()) {
        SG_ASSIGN_OR_RETURN(db, storage::WithReadReplica(db, config.db_read, db_options));
    }
    return BuildServices(std::move(db), config, clock);
}

Result<std::unique_ptr<Services>> BuildServices(std::shared_ptr<storage::Database> db, const Config& config,
                                                const Clock& clock) {
    auto s = std::make_unique<Services>();
    s->db = db;
    s->clock = &clock;
    s->audit = std::make_unique<services::AuditService>(db, clock);
    services::AuthOptions auth_options;
    auth_options.session_ttl_seconds = static_cast<int64_t>(config.session_ttl_hours) * 3600;
    s->auth = std::make_unique<services::AuthService>(db, clock, *s->audit, auth_options);
    s->users = std::make_unique<services::UserService>(db, clock, *s->audit, s->auth.get());
    s->idempotency = std::make_unique<services::IdempotencyService>(
        db, clock, static_cast<int64_t>(config.idempotency_retention_days) * 86400);
    s->regions = std::make_unique<services::RegionService>(db, clock, *s->audit);
    s->buildings = std::make_unique<services::BuildingService>(db, clock, *s->audit);
    SG_ASSIGN_OR_RETURN(services::RiskPolicy risk, RiskPolicyFor(config));
    s->enterprises = std::make_unique<services::EnterpriseService>(db, clock, *s->audit, std::move(risk));
    s->buildings->SetTenantRiskRefresh(
        [e = s->enterprises.get()](storage::Connection& conn, int64_t id, const std::string& reason) {
            return e->RefreshRisk(conn, id, reason);
        });
    s->hazards = std::make_unique<services::HazardService>(db, clock, *s->audit, *s->enterprises);
    // Notifications are written inside each hazard transition's transaction (the outbox pattern).
    std::optional<http::WebhookTarget> webhook;
    if (!config.webhook_url.empty()) {
        SG_ASSIGN_OR_RETURN(webhook, http::ParseWebhookUrl(config.webhook_url));
    }
    SG_ASSIGN_OR_RETURN(const TimeZone zone, ParseTimeZone(config.time_zone));
    s->notifications = std::make_unique<services::NotificationService>(
        db, clock, services::NotificationOptions{.outbound = webhook.has_value(), .zone = zone});
    s->live_events = std::make_unique<services::LiveEvents>(clock);
    s->live_feed = std::make_unique<services::LiveFeed>(db, *s->live_events, clock);
    // ... and hazard.updated on the live stream, in the same transaction (hazard_live_events.hpp).
    s->hazards->on_event = [n = s->notifications.get(), live = s->live_events.get()](
                               storage::Connection& conn, const services::HazardEventInfo& info) -> Status {
        SG_TRY(n->OnHazardEvent(conn, info));
        return services::RecordHazardUpdated(*live, conn, info);
    };
    s->hazard_edits = std::make_unique<services::HazardEditService>(db, clock, *s->audit, *s->hazards);
    s->escalation = std::make_unique<services::EscalationJob>(db, clock, *s->hazards, *s->notifications,
                                                              services::EscalationOptions{.zone = zone});
    if (webhook) {
        s->outbox = std::make_unique<services::OutboxSender>(db, clock, http::MakeWebhookChannel(*webhook));
    }
    s->stats = std::make_unique<services::StatsService>(db, clock);
    s->map = std::make_unique<services::MapService>(db);
    // The campaign stops: enterprises of an open campaign not yet inspected in it.
    s->plans = std::make_unique<services::PlanService>(db, clock, zone, &storage::OpenCampaignTargets);
    s->attachments = std::make_unique<services::AttachmentService>(
        db, clock, *s->audit,
        services::AttachmentOptions{
            .data_dir = config.data_dir,
            .public_orphan_seconds = static_cast<int64_t>(config.public_upload_orphan_hours) * 3600,
            .staff_orphan_seconds = static_cast<int64_t>(config.staff_upload_orphan_days) * 86400});
    services::PublicReportOptions public_reports;
    if (config.public_town_id > 0) public_reports.town_id = config.public_town_id;
    s->public_reports =
        std::make_unique<services::PublicReportService>(db, clock, *s->audit, *s->hazards, public_reports);
    s->checklists = std::make_unique<services::ChecklistService>(db, clock, *s->audit);
    SG_TRY(s->checklists->LoadFromDirectory(StandardsDir(config)));
    LoadIndustryNames(config, *s->enterprises);
    const DeadlinePolicy deadlines{.general_days = config.general_deadline_days,
                                   .major_days = config.major_deadline_days,
                                   .utc_offset_seconds = zone.utc_offset_seconds};
    s->inspections = std::make_unique<services::InspectionService>(db, clock, *s->audit, *s->hazards, *s->checklists,
                                                                   deadlines, zone);
    s->campaigns = std::make_unique<services::CampaignService>(db, clock, *s->audit, zone);
    // Micro fire stations: the standard's table of minimums is read once, here (a bad file stops the start).
    SG_ASSIGN_OR_RETURN(auto station_standard, services::LoadStationStandard(StandardsDir(config)));
    auto standard = std::make_shared<const station::StationStandard>(std::move(station_standard));
    s->stations = std::make_unique<services::StationService>(db, clock, *s->audit, standard, zone);
    s->station_reminders = std::make_unique<services::StationReminderJob>(db, clock, standard, zone);
    s->map->SetStations(s->stations.get());
    s->devices = std::make_unique<services::DeviceService>(db, clock, *s->audit);
    s->device_inbox = std::make_unique<services::DeviceInbox>(db, clock);
    s->alarms = std::make_unique<services::AlarmService>(db, clock, *s->audit, *s->live_events, *s->hazards);
    s->alarm_processor = std::make_unique<services::AlarmProcessor>(db, clock, *s->device_inbox, *s->live_events);
    s->device_offline =
        std::make_unique<services::DeviceOfflineJob>(db, clock, *s->live_events, config.device_offline_after_s);
    s->mqtt_ingest = std::make_unique<services::MqttIngest>(db, *s->device_inbox, clock);
    SG_ASSIGN_OR_RETURN(auto scorecard_standard, services::LoadScorecardStandard(StandardsDir(config)));
    s->scorecards =
        std::make_unique<services::ScorecardService>(db, clock, *s->audit, std::move(scorecard_standard), zone);
    s->trainings = std::make_unique<services::TrainingService>(db, clock, *s->audit, zone);
    // Recording or deleting an attendance regrades the enterprise in the same transaction.
    s->trainings->SetRiskRefresh(
        [e = s->enterprises.get()](storage::Connection& conn, int64_t id, const std::string& reason) {
            return e->RefreshRisk(conn, id, reason);
        });
    s->enterprise_import = std::make_unique<services::EnterpriseImportService>(db, clock, *s->audit, *s->enterprises);
    s->hazard_import = std::make_unique<services::HazardImportService>(db, clock, *s->audit, *s->hazards, deadlines);
    SG_TRY(services::CheckNoticeFont(config.cjk_font));  // fail at start-up, not at the first notice
    SG_ASSIGN_OR_RETURN(const std::string public_url, ResolvePublicUrl(config));  // links on notices and posters
    s->hazard_documents = std::make_unique<services::HazardDocumentService>(
        db, clock, *s->audit, *s->hazards,
        services::DocumentOptions{.zone = zone, .font_path = config.cjk_font, .public_url = public_url});
    s->places = std::make_unique<services::PlaceService>(
        db, clock, *s->audit, services::PlaceOptions{.public_url = public_url, .font_path = config.cjk_font});
    s->monthly_reports = std::make_unique<services::MonthlyReportService>(db, clock, *s->campaigns, *s->scorecards,
                                                                          standard, zone, config.cjk_font);
    s->monthly_report_job = std::make_unique<services::MonthlyReportJob>(db, clock, *s->monthly_reports);
    s->training_signins = std::make_unique<services::TrainingSigninService>(
        db, clock, *s->audit, *s->trainings, zone,
        services::SigninOptions{.public_url = public_url, .font_path = config.cjk_font});
    s->alarm_notifier = std::make_unique<services::AlarmNotifier>(clock, *s->notifications, zone);
    s->alarm_escalation = std::make_unique<services::AlarmEscalationJob>(
        db, clock, *s->audit, *s->alarm_notifier, *s->live_events,
        services::AlarmEscalationOptions{.ladder = {.village_after_s = config.alarm_escalate_village_after_s,
                                                    .town_after_s = config.alarm_escalate_town_after_s,
                                                    .fault_after_s = config.alarm_escalate_fault_after_s}});
    WireAlarmDuty(*s);
    return s;
}

void RegisterRoutes(http::Router& router, Services& s, const Config& config) {
    http::RegisterSystemRoutes(router, {[db = s.db] {
                                   auto ok = db->Read([](storage::Connection& c) -> Status {
                                       SG_TRY(c.Query("SELECT 1"));
                                       return {};
                                   });
                                   return ok.has_value();
                               }});
    // Served over HTTPS by ourselves, the cookies must say so too (a browser then never sends them
    // over plain HTTP).
    const bool https = config.cookie_secure || !config.tls_cert.empty();
    http::RegisterAuthRoutes(router, *s.auth, *s.users, {.secure_cookie = https});
    http::RegisterUserRoutes(router, *s.users);
    http::RegisterAuditRoutes(router, *s.audit);
    http::RegisterRegionRoutes(router, *s.regions);
    http::RegisterBuildingRoutes(router, *s.buildings);
    http::RegisterEnterpriseRoutes(router, *s.enterprises);
    http::RegisterHazardRoutes(router, *s.hazards);
    http::RegisterHazardEditRoutes(router, *s.hazard_edits);
    http::RegisterAttachmentRoutes(router, *s.attachments);
    http::RegisterPublicReportRoutes(router, *s.public_reports);
    http::RegisterHazardDocumentRoutes(router, *s.hazard_documents);
    http::RegisterPosterRoutes(router, *s.places, *s.public_reports);
    http::RegisterStatsRoutes(router, *s.stats);
    http::RegisterMapRoutes(router, *s.map);
    http::RegisterPlanRoutes(router, *s.plans);
    http::RegisterChecklistRoutes(router, *s.checklists);
    http::RegisterInspectionRoutes(router, *s.inspections);
    http::RegisterCampaignRoutes(router, *s.campaigns);
    http::RegisterStationRoutes(router, *s.stations);
    http::RegisterDeviceRoutes(router, *s.devices);
    http::RegisterAlarmRoutes(router, *s.alarms);
    http::RegisterScorecardRoutes(router, *s.scorecards);
    http::RegisterTrainingRoutes(router, *s.trainings);
    http::RegisterTrainingSigninRoutes(router, *s.training_signins);
    http::RegisterImportRoutes(router, *s.enterprise_import, *s.hazard_import);
    http::RegisterNotificationRoutes(router, *s.notifications);
    http::RegisterEventRoutes(router, *s.live_feed, http::MakeAuthenticateHook(*s.auth));
    http::RegisterReportRoutes(router, *s.monthly_reports);
    // The zone was checked by OpenServices; the web shows dates in it.
    if (auto zone = ParseTimeZone(config.time_zone)) http::RegisterAppConfigRoutes(router, *zone);
}

std::string DataDir() {
    namespace fs = std::filesystem;
    for (const fs::path& candidate : {fs::path(SAFEGRID_SOURCE_DIR) / "data", fs::path("data"),
                                      fs::path(SAFEGRID_SOURCE_DIR) / ".." / "shared" / "data"}) {
        std::error_code ec;
        if (fs::exists(candidate / "regions", ec)) return candidate.lexically_normal().string();
    }
    return (std::filesystem::path(SAFEGRID_SOURCE_DIR) / "data").lexically_normal().string();
}

std::string IndustryTablePath(const Config& config) {
    return config.industry_table.empty() ? DataDir() + "/" + std::string(services::kIndustryTableFile)
                                         : config.industry_table;
}

void LoadIndustryNames(const Config& config, services::EnterpriseService& enterprises) {
    // Names are a convenience: without the table the server runs and the web shows the codes.
    auto table = services::LoadIndustryTable(IndustryTablePath(config));
    if (!table) {
        spdlog::warn("industry names not loaded ({}): enterprises show their codes only",
                     table.error().internal.empty() ? table.error().message.en : table.error().internal);
        return;
    }
    enterprises.SetIndustries(std::make_shared<const IndustryTable>(std::move(*table)));
}

std::string StandardsDir(const Config& config) {
    return config.standards_dir.empty() ? DataDir() + "/standards" : config.standards_dir;
}

std::string DefaultWebDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const fs::path& candidate : {fs::path(SAFEGRID_SOURCE_DIR) / "web" / "dist", fs::path("web") / "dist"}) {
        if (fs::exists(candidate / "index.html", ec)) return candidate.string();
    }
    return {};
}

Result<std::unique_ptr<Application>> Application::Create(const Config& config) {
    std::unique_ptr<Application> app(new Application());
    app->config_ = config;
    // TLS files first: a wrong path must stop the start before anything touches the store.
    std::shared_ptr<boost::asio::ssl::context> tls;
    if (!config.tls_cert.empty() || !config.tls_key.empty()) {
        SG_ASSIGN_OR_RETURN(tls, http::MakeTlsContext(config.tls_cert, config.tls_key));
    }
    SG_ASSIGN_OR_RETURN(app->services_, OpenServices(config, app->clock_));
    RegisterRoutes(app->router_, *app->services_, config);

    SG_ASSIGN_OR_RETURN(auto listen, ParseListen(config.listen));
    http::ServerOptions options;
    options.host = listen.first;
    options.port = listen.second;
    const ThreadPlan threads = ResolveThreads(config, std::thread::hardware_concurrency());
    options.io_threads = threads.io_threads;
    options.worker_threads = threads.worker_threads;
    SG_ASSIGN_OR_RETURN(options.trusted_proxies, http::TrustedProxies::Parse(config.trusted_proxies));
    if (options.trusted_proxies.empty() && config.trust_proxy) {
        spdlog::warn(
            "trust_proxy is deprecated: X-Forwarded-For is now believed from loopback only; "
            "list your proxies in trusted_proxies (docs/deploy.md)");
        options.trusted_proxies = http::TrustedProxies::Loopback();
    }
    options.max_connections = static_cast<size_t>(config.max_connections);
    options.reuse_port = config.reuse_port;
    options.max_connections_per_address = static_cast<size_t>(config.max_connections_per_address);
    options.web_dir = config.web_dir.empty() ? DefaultWebDir() : config.web_dir;
    options.tls = std::move(tls);

    http::Hooks hooks;
    hooks.authenticate = http::MakeAuthenticateHook(*app->services_->auth);
    hooks.idempotent = http::MakeIdempotentHook(*app->services_->idempotency);
    hooks.healthy = [db = app->services_->db] {
        return db
            ->Read([](storage::Connection& c) -> Status {
                SG_TRY(c.Query("SELECT 1"));
                return {};
            })
            .has_value();
    };
    app->server_ = std::make_unique<http::Server>(app->router_, std::move(hooks), options);
    if (!config.gb26875_listen.empty()) {
        auto gb_listen = ParseListen(config.gb26875_listen);
        if (!gb_listen) return Invalid("gb26875_listen", gb_listen.error().fields.begin()->second);
        services::Gb26875GatewayOptions gb_options;
        gb_options.host = gb_listen->first;
        gb_options.port = gb_listen->second;
        gb_options.max_connections = static_cast<size_t>(std::max(config.max_connections, 20000));
        app->gb26875_ = std::make_unique<services::Gb26875Gateway>(app->services_->db, *app->services_->device_inbox,
                                                                   app->clock_, gb_options);
    }

    // The in-process scheduler: deadline reminders and escalation and the outbox every tick, the
    // risk grades (overdue changes the colour) once a day.
    Services& s = *app->services_;
    app->scheduler_ = std::make_unique<services::Scheduler>(
        s.db, app->clock_, std::chrono::seconds(std::max(0, config.scheduler_interval_seconds)));
    app->scheduler_->Add(services::EscalationJob::kName, 0, [&s]() -> Result<std::string> {
        SG_ASSIGN_OR_RETURN(auto r, s.escalation->Run());
        return "reminders=" + std::to_string(r.reminders) + " escalations=" + std::to_string(r.escalations);
    });
    // Unacknowledged alarms up the ladder (alarm_escalation_job.hpp), every minute.
    app->scheduler_->Add(services::AlarmEscalationJob::kName, services::AlarmEscalationJob::kPeriodSeconds,
                         [&s]() -> Result<std::string> {
                             SG_ASSIGN_OR_RETURN(auto r, s.alarm_escalation->Run());
                             return "escalations=" + std::to_string(r.escalations) +
                                    " notifications=" + std::to_string(r.notifications);
                         });
    if (s.outbox) {
        app->scheduler_->Add("outbox", 0, [&s]() -> Result<std::string> {
            SG_ASSIGN_OR_RETURN(auto r, s.outbox->RunOnce());
            return "sent=" + std::to_string(r.sent) + " failed=" + std::to_string(r.failed);
        });
    }
    app->scheduler_->Add("risk_refresh", 86400, [&s]() -> Result<std::string> {
        SG_ASSIGN_OR_RETURN(int64_t changed, s.enterprises->RefreshAllRisk());
        return "changed=" + std::to_string(changed);
    });
    // Ended sessions, idempotency records past their retention, orphan uploads (retention_job.hpp).
    const int device_inbox_days = config.device_inbox_retention_days;
    app->scheduler_->Add(services::RetentionJob::kName, services::RetentionJob::kPeriodSeconds,
                         [&s, device_inbox_days]() -> Result<std::string> {
                             services::RetentionJob job(*s.auth, *s.idempotency, *s.attachments, s.live_feed.get());
                             job.KeepDeviceInbox(*s.device_inbox, int64_t{device_inbox_days} * 86400);
                             SG_ASSIGN_OR_RETURN(auto r, job.Run());
                             return services::RetentionJob::Summary(r);
                         });
    // Station equipment expiring within 30 days: once per item and date (station_reminder_job.hpp).
    app->scheduler_->Add(services::StationReminderJob::kName, services::StationReminderJob::kPeriodSeconds,
                         [&s]() -> Result<std::string> {
                             SG_ASSIGN_OR_RETURN(auto r, s.station_reminders->Run());
                             return "items=" + std::to_string(r.items) + " reminders=" + std::to_string(r.reminders);
                         });
    // Last month's report of every town, stored once with its inbox notifications (monthly_report_job.hpp).
    app->scheduler_->Add(services::MonthlyReportJob::kName, services::MonthlyReportJob::kPeriodSeconds,
                         [&s]() -> Result<std::string> {
                             SG_ASSIGN_OR_RETURN(auto r, s.monthly_report_job->Run());
                             return "towns=" + std::to_string(r.towns) + " generated=" + std::to_string(r.generated) +
                                    " notifications=" + std::to_string(r.notifications);
                         });
    // Devices silent past device.offline_after_s go offline with an alarm (device_offline_job.hpp).
    app->scheduler_->Add(services::DeviceOfflineJob::kName, services::DeviceOfflineJob::kPeriodSeconds,
                         [&s]() -> Result<std::string> {
                             SG_ASSIGN_OR_RETURN(int64_t n, s.device_offline->Run());
                             return "offline=" + std::to_string(n);
                         });
    app->scheduler_->Add("planner_statistics", 86400, [&s]() -> Result<std::string> {
        SG_TRY(storage::RefreshPlannerStatistics(*s.db));
        return std::string("ok");
    });
    // The audit checkpoint outside the database (CONTRACT.md `audit verify`): at start, every
    // audit_checkpoint_seconds (at most a minute) and at shutdown.
    if (!config.mqtt_url.empty()) {
        // The URL is checked here so a typo stops the start; the broker itself may come later.
        SG_TRY(ParseMqttUrl(config.mqtt_url));
        app->mqtt_ = std::make_unique<MqttListener>(
            MqttListenerOptions{.url = config.mqtt_url, .client_id = config.mqtt_client_id}, *s.mqtt_ingest);
    }
    if (s.db->dialect() == storage::Dialect::kPostgres) {
        app->live_listener_ =
            std::make_unique<storage::PgListener>(config.db, "safegrid_live", [live = s.live_events.get()] {
                platform::Metrics::Global().Increment("safegrid_live_notify_wakes_total");
                live->Wake();
            });
    }
    app->checkpointer_ = std::make_unique<services::AuditCheckpointer>(
        *s.audit, app->clock_, services::AuditCheckpointFiles(config.data_dir), services::AuditDatabaseIdentity(*s.db),
        std::chrono::seconds(std::clamp(config.audit_checkpoint_seconds, 1, 60)));
    return app;
}

Application::~Application() {
    if (gb26875_) gb26875_->Stop();
    if (mqtt_) mqtt_->Stop();
    if (scheduler_) scheduler_->Stop();
    if (services_ && services_->alarm_processor) services_->alarm_processor->Stop();
    if (server_) server_->Stop();
    if (live_listener_) live_listener_->Stop();
    // After the server: no stream is left to feed.
    if (services_ && services_->live_feed) services_->live_feed->Stop();
    if (checkpointer_) checkpointer_->Stop();
}

Result<uint16_t> Application::Start() {
    // Before the server: a stream opened at once must find the poller running.
    SG_TRY(services_->live_feed->Start());
    if (live_listener_) SG_TRY(live_listener_->Start());
    SG_ASSIGN_OR_RETURN(uint16_t port, server_->Start());
    if (gb26875_) SG_TRY(gb26875_->Start());  // after the HTTP port, so a bad flag fails the start
    scheduler_->Start();
    services_->alarm_processor->Start();
    checkpointer_->Start();
    if (mqtt_) SG_TRY(mqtt_->Start());
    return port;
}
void Application::Stop() {
    // Jobs and both device protocols write to the store: stop them before anything closes. The MQTT
    // listener stores what it has received before it returns.
    if (gb26875_) gb26875_->Stop();
    if (mqtt_) mqtt_->Stop();
    if (scheduler_) scheduler_->Stop();
    services_->alarm_processor->Stop();
    server_->Stop();
}
void Application::Wait() {
    server_->Wait();
    if (live_listener_) live_listener_->Stop();
    services_->live_feed->Stop();
    checkpointer_->Stop();
}

}  // namespace safegrid::app
