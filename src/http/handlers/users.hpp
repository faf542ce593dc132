// /api/v1/users: create (admin; town officers inside their town), list, read, and disable/enable
// (PATCH {"disabled"}).
// Also the one JSON shape of a user, shared with /auth/login and /me.
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include <boost/json/object.hpp>

#include "http/router.hpp"
#include "services/user_service.hpp"

namespace safegrid::http {

// {"id","username","role","region_id","enterprise_id","town_id","display_name","phone","disabled",
//  "created_at","updated_at","version"}: never the password hash.
boost::json::object UserJson(const services::UserView& user);

void RegisterUserRoutes(Router& router, services::UserService& users);

}  // namespace safegrid::http
