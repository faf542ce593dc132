// /api/v1/notifications: the caller's inbox (?page=&page_size=&unread=true), newest first, with
// "unread" (the caller's unread count) beside the standard list fields; POST /{id}/read marks one
// read (someone else's id → 404); POST /read-all marks every unread one → {"updated": N}.
// "title" is in the request's language (Accept-Language), "title_zh" and "title_en" carry both.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include <boost/json/object.hpp>

#include "http/message.hpp"
#include "http/router.hpp"
#include "services/notification_service.hpp"

namespace safegrid::http {

// {id, kind, title, title_zh, title_en, body, link, hazard_id, created_at, read_at}.
boost::json::object NotificationJson(const services::NotificationRecord& n, Locale locale);

void RegisterNotificationRoutes(Router& router, services::NotificationService& notifications);

}  // namespace safegrid::http
