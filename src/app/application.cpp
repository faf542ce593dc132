#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "http/handlers/audit.hpp"
#include "http/handlers/auth.hpp"
#include "http/handlers/buildings.hpp"
#include "http/handlers/enterprises.hpp"
#include "http/handlers/regions.hpp"
#include "http/handlers/system.hpp"
#include "http/handlers/users.hpp"

#ifndef SAFEGRID_SOURCE_DIR
#define SAFEGRID_SOURCE_DIR "."
#endif

namespace safegrid::app {

Result<std::unique_ptr<Services>> OpenServices(const Config& config, const Clock& clock) {
    storage::DbOptions db_options;
    db_options.pool_size = config.db_pool_size;
    SG_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(config.db, db_options));
    SG_TRY(storage::Migrate(*db));

    auto s = std::make_unique<Services>();
    s->db = db;
    s->clock = &clock;
    s->audit = std::make_unique<services::AuditService>(db, clock);
    services::AuthOptions auth_options;
    auth_options.session_ttl_seconds = static_cast<int64_t>(config.session_ttl_hours) * 3600;
    s->auth = std::make_unique<services::AuthService>(db, clock, *s->audit, auth_options);
    s->users = std::make_unique<services::UserService>(db, clock, *s->audit);
    s->idempotency = std::make_unique<services::IdempotencyService>(db, clock);
    s->regions = std::make_unique<services::RegionService>(db, clock, *s->audit);
    s->buildings = std::make_unique<services::BuildingService>(db, clock, *s->audit);
    s->enterprises = std::make_unique<services::EnterpriseService>(db, clock, *s->audit);
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
    http::RegisterAuthRoutes(router, *s.auth, *s.users, {.secure_cookie = config.cookie_secure});
    http::RegisterUserRoutes(router, *s.users);
    http::RegisterAuditRoutes(router, *s.audit);
    http::RegisterRegionRoutes(router, *s.regions);
    http::RegisterBuildingRoutes(router, *s.buildings);
    http::RegisterEnterpriseRoutes(router, *s.enterprises);
}

std::string DefaultWebDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const fs::path candidate : {fs::path(SAFEGRID_SOURCE_DIR) / "web" / "dist", fs::path("web") / "dist"}) {
        if (fs::exists(candidate / "index.html", ec)) return candidate.string();
    }
    return {};
}

Result<std::unique_ptr<Application>> Application::Create(const Config& config) {
    std::unique_ptr<Application> app(new Application());
    app->config_ = config;
    SG_ASSIGN_OR_RETURN(app->services_, OpenServices(config, app->clock_));
    RegisterRoutes(app->router_, *app->services_, config);

    SG_ASSIGN_OR_RETURN(auto listen, ParseListen(config.listen));
    http::ServerOptions options;
    options.host = listen.first;
    options.port = listen.second;
    options.io_threads = config.io_threads;
    options.worker_threads = config.worker_threads;
    options.trust_proxy = config.trust_proxy;
    options.web_dir = config.web_dir.empty() ? DefaultWebDir() : config.web_dir;

    http::Hooks hooks;
    hooks.authenticate = http::MakeAuthenticateHook(*app->services_->auth);
    hooks.idempotent = http::MakeIdempotentHook(*app->services_->idempotency);
    hooks.healthy = [db = app->services_->db] {
        return db->Read([](storage::Connection& c) -> Status {
                   SG_TRY(c.Query("SELECT 1"));
                   return {};
               })
            .has_value();
    };
    app->server_ = std::make_unique<http::Server>(app->router_, std::move(hooks), options);
    return app;
}

Application::~Application() {
    if (server_) server_->Stop();
}

Result<uint16_t> Application::Start() { return server_->Start(); }
void Application::Stop() { server_->Stop(); }
void Application::Wait() { server_->Wait(); }

}  // namespace safegrid::app
