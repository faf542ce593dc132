// /api/v1/trainings (list ?region_id=&kind=&from=&to=&page=&page_size=, create, read with its
// attendance, record and delete attendance), /api/v1/stats/training?region_id= (coverage over the
// last 12 months, with by_region) and /api/v1/enterprises/{id}/trainings (the enterprise file's tab).
// See services/training_service.hpp; the JSON shapes are in docs/training.md.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include <boost/json/object.hpp>

#include "http/router.hpp"
#include "services/training_service.hpp"

namespace safegrid::http {

// One attendance row as every attendance answer shows it (also the sign-ins' 计入出勤).
boost::json::object AttendanceJson(const services::AttendanceRecord& a);

void RegisterTrainingRoutes(Router& router, services::TrainingService& trainings);

}  // namespace safegrid::http
