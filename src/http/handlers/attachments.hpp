// /api/v1/attachments (upload, logged in), /api/v1/attachments/{id} (download) and
// /api/v1/public/attachments (upload from the citizen form, no login). Uploads are the raw file
// as the body with its Content-Type; see services/attachment_service.hpp for the checks, the
// storage and who may download.
//
// Body size: the session (http/session.cpp IsUploadRoute) lets both upload routes read up to
// ServerOptions::upload_limit (10 MiB + 1) instead of the JSON body limit, and refuses anything
// larger with 413 before reading it; the service answers 413 for 10 MiB + 1 itself.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

#include "http/router.hpp"
#include "services/attachment_service.hpp"

namespace safegrid::http {

void RegisterAttachmentRoutes(Router& router, services::AttachmentService& attachments);

// {"id","sha256","size","content_type","taken_at","lat","lng","created_at"}
boost::json::object AttachmentJson(const services::AttachmentRecord& a);

}  // namespace safegrid::http
