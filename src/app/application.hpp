// The composition root: the only code that knows every adapter. Config → store (migrated) →
// services → router → HTTP server (and, as they land, the scheduler and ingest). Start and stop in
// a fixed order: store first up and last down.
//
// Thread-safety: Create/Start/Stop from one thread.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "app/mqtt_listener.hpp"
#include "app/system_clock.hpp"
#include "core/error.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "services/alarm_escalation_job.hpp"
#include "services/alarm_notifier.hpp"
#include "services/alarm_processor.hpp"
#include "services/alarm_service.hpp"
#include "services/attachment_service.hpp"
#include "services/audit_checkpointer.hpp"
#include "services/audit_service.hpp"
#include "services/auth_service.hpp"
#include "services/building_service.hpp"
#include "services/campaign_service.hpp"
#include "services/checklist_service.hpp"
#include "services/device_inbox.hpp"
#include "services/device_offline_job.hpp"
#include "services/device_service.hpp"
#include "services/enterprise_import_service.hpp"
#include "services/enterprise_service.hpp"
#include "services/escalation_job.hpp"
#include "services/gb26875_gateway.hpp"
#include "services/hazard_document_service.hpp"
#include "services/hazard_edit_service.hpp"
#include "services/hazard_import_service.hpp"
#include "services/hazard_service.hpp"
#include "services/idempotency_service.hpp"
#include "services/industry_table.hpp"
#include "services/inspection_service.hpp"
#include "services/live_events.hpp"
#include "services/live_feed.hpp"
#include "services/map_service.hpp"
#include "services/monthly_report_job.hpp"
#include "services/monthly_report_service.hpp"
#include "services/mqtt_ingest.hpp"
#include "services/notification_service.hpp"
#include "services/outbox_sender.hpp"
#include "services/place_service.hpp"
#include "services/plan_service.hpp"
#include "services/public_report_service.hpp"
#include "services/region_service.hpp"
#include "services/scheduler.hpp"
#include "services/scorecard_service.hpp"
#include "services/station_reminder_job.hpp"
#include "services/station_service.hpp"
#include "services/stats_service.hpp"
#include "services/training_service.hpp"
#include "services/training_signin_service.hpp"
#include "services/user_service.hpp"
#include "storage/db.hpp"
#include "storage/postgres/pg_listener.hpp"

namespace safegrid::app {

// Every application service, built on one store. Commands use it without the HTTP server.
struct Services {
    std::shared_ptr<storage::Database> db;
    const Clock* clock = nullptr;
    std::unique_ptr<services::AuditService> audit;
    std::unique_ptr<services::AuthService> auth;
    std::unique_ptr<services::UserService> users;
    std::unique_ptr<services::IdempotencyService> idempotency;
    std::unique_ptr<services::RegionService> regions;
    std::unique_ptr<services::BuildingService> buildings;
    std::unique_ptr<services::EnterpriseService> enterprises;
    std::unique_ptr<services::HazardService> hazards;
    std::unique_ptr<services::HazardEditService> hazard_edits;
    std::unique_ptr<services::AttachmentService> attachments;
    std::unique_ptr<services::PublicReportService> public_reports;
    std::unique_ptr<services::StatsService> stats;
    std::unique_ptr<services::MapService> map;
    std::unique_ptr<services::PlanService> plans;
    std::unique_ptr<services::ChecklistService> checklists;
    std::unique_ptr<services::InspectionService> inspections;
    std::unique_ptr<services::CampaignService> campaigns;
    std::unique_ptr<services::ScorecardService> scorecards;
    std::unique_ptr<services::TrainingService> trainings;
    std::unique_ptr<services::TrainingSigninService> training_signins;  // the QR sign-in
    std::unique_ptr<services::EnterpriseImportService> enterprise_import;
    std::unique_ptr<services::HazardImportService> hazard_import;
    std::unique_ptr<services::HazardDocumentService> hazard_documents;
    std::unique_ptr<services::PlaceService> places;  // QR posters (place codes)
    // Notifications: the inbox and HazardService::on_event, the deadline job, and the outbound sender
    // (null without a webhook_url).
    std::unique_ptr<services::NotificationService> notifications;
    std::unique_ptr<services::EscalationJob> escalation;
    std::unique_ptr<services::OutboxSender> outbox;
    std::unique_ptr<services::StationService> stations;
    std::unique_ptr<services::DeviceService> devices;
    // Issue 9: the inbox the gateways write, the SSE log, and the alarms the processor raises from it.
    std::unique_ptr<services::DeviceInbox> device_inbox;
    std::unique_ptr<services::LiveEvents> live_events;
    std::unique_ptr<services::AlarmService> alarms;
    std::unique_ptr<services::AlarmProcessor> alarm_processor;  // started by Application::Start
    std::unique_ptr<services::DeviceOfflineJob> device_offline;
    std::unique_ptr<services::MqttIngest> mqtt_ingest;
    std::unique_ptr<services::StationReminderJob> station_reminders;
    // The monthly report (月报) on request, and the job that stores each town's report on the 1st.
    std::unique_ptr<services::MonthlyReportService> monthly_reports;
    std::unique_ptr<services::MonthlyReportJob> monthly_report_job;
    // Who hears of an alarm (the processor's on_raised hook calls alarm_notifier->NotifyRaised) and
    // the unacknowledged-alarm ladder (docs/alarms-duty.md).
    std::unique_ptr<services::AlarmNotifier> alarm_notifier;
    std::unique_ptr<services::AlarmEscalationJob> alarm_escalation;
    // The one poller that fans the SSE log (live_events) out to the streams of GET /api/v1/events;
    // started and stopped with the server.
    std::unique_ptr<services::LiveFeed> live_feed;
};

// Opens the store named by config.db, applies pending migrations and builds the services.
Result<std::unique_ptr<Services>> OpenServices(const Config& config, const Clock& clock);
// The same on a store already open and migrated (tests wrap the store, e.g. to log its SQL).
Result<std::unique_ptr<Services>> BuildServices(std::shared_ptr<storage::Database> db, const Config& config,
                                                const Clock& clock);
// The risk method from the standards directory with the configured bands and intervals.
Result<services::RiskPolicy> RiskPolicyFor(const Config& config);

// Registers every route of the API on `router`.
void RegisterRoutes(http::Router& router, Services& services, const Config& config);

class Application {
  public:
    static Result<std::unique_ptr<Application>> Create(const Config& config);
    ~Application();

    Result<uint16_t> Start();  // binds and serves; returns the port
    void Stop();               // graceful: in-flight requests finish
    void Wait();               // and then writes the shutdown audit checkpoint
    Services& services() { return *services_; }

  private:
    Application() = default;
    Config config_;
    SystemClock clock_;
    std::unique_ptr<Services> services_;
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<services::Scheduler> scheduler_;     // stopped before the server and the store
    std::unique_ptr<services::Gb26875Gateway> gb26875_;  // serve --gb26875-listen; null when off
    std::unique_ptr<MqttListener> mqtt_;                 // serve --mqtt; stopped first (it writes the inbox)
    // Written last at shutdown, after the server's in-flight requests (Wait).
    std::unique_ptr<services::AuditCheckpointer> checkpointer_;
    // PostgreSQL: live events of other processes wake the streams (docs/multi-process.md).
    std::unique_ptr<storage::PgListener> live_listener_;
};

// Where the built web app is when the config does not say: web/dist beside the source tree the
// binary was built from, or beside the binary.
std::string DefaultWebDir();

// Where the reference data (regions, standards) is: data/ of the source tree the binary was built
// from, else ./data, else ../shared/data beside the source tree.
std::string DataDir();
// The industry names: config industry_table, else DataDir()/industries/gb4754_2017.csv.
std::string IndustryTablePath(const Config& config);
// Hands the industry names to the registry; a missing or bad table is logged, not fatal.
void LoadIndustryNames(const Config& config, services::EnterpriseService& enterprises);
// The checklist sources: config standards_dir, else DataDir()/standards.
std::string StandardsDir(const Config& config);

}  // namespace safegrid::app
