// A training session's QR sign-in (services/training_signin_service.hpp; docs/training.md "QR sign-in"):
//   POST   /api/v1/trainings/{id}/signin                 open → 201 {"code","url"} (200 when open already)
//   DELETE /api/v1/trainings/{id}/signin                 close → 204
//   GET    /api/v1/trainings/{id}/signin-poster.pdf      the QR poster, application/pdf
//   GET    /api/v1/trainings/{id}/signins                the sheet: link, days, sign-ins by enterprise
//   POST   /api/v1/trainings/{id}/signins/attendance     {"enterprise_id"}: 计入出勤 → attendance row
//   GET    /api/v1/public/trainings/{code}               (no login) the session and its enterprises
//   POST   /api/v1/public/trainings/{code}/signins       (no login) {"name","phone","enterprise_id"} → 201/200
// The public routes answer 429 with Retry-After past the per-address limits.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/training_signin_service.hpp"

namespace safegrid::http {

void RegisterTrainingSigninRoutes(Router& router, services::TrainingSigninService& signins);

}  // namespace safegrid::http
