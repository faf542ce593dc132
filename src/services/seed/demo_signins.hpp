// `safegrid seed-demo` part five: one training session today in the demo town's first village with
// its QR sign-in open and a few workers of two enterprises signed in, not yet taken into the
// attendance — so the session page shows the sign-in panel at work (the link, the poster, the
// sign-ins by enterprise and 计入出勤 still to do) on `make run`. Written through the services as the
// system. Deterministic apart from the sign-in code (random by design).
//
// Thread-safety: single-threaded; run it once on a freshly seeded town.
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/seed/seed_demo.hpp"
#include "services/training_service.hpp"
#include "services/training_signin_service.hpp"

namespace safegrid::services::seed {

struct SigninSummary {
    int64_t training_id = 0;
    int64_t signins = 0;
};

Result<SigninSummary> SeedDemoSignins(TrainingService& trainings, TrainingSigninService& signins, const Clock& clock,
                                      const SeedSummary& town, const TimeZone& zone = {});

}  // namespace safegrid::services::seed
