// SQL for a training session's QR sign-in (0018 trainings.signin_code and training_signins, 0024's
// one-phone-per-session index). The rules (phone form, days, taking into attendance) are core's
// (core/training/signin.hpp) and the service's; this file stores and reads.
//
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct SigninRecord {
    int64_t id = 0;
    int64_t training_id = 0;
    std::optional<int64_t> enterprise_id;
    std::string name;
    std::string phone;            // normalised digits
    std::string enterprise_name;  // as it was when signing in (the enterprise may be renamed)
    std::optional<std::string> client_ip;
    UnixSeconds created_at = 0;
    // Read only: the enterprise's place now (null when the enterprise is gone).
    std::optional<RegionPath> path;
};

struct EnterpriseName {
    int64_t id = 0;
    std::string name;
};

class TrainingSigninRepository {
  public:
    explicit TrainingSigninRepository(Connection& conn) : conn_(conn) {}

    // The session carrying this open code; nullopt when none does.
    Result<std::optional<int64_t>> FindTrainingByCode(const std::string& code);
    // Sets (opens) or clears (closes) the code. False when the code is taken by another session
    // (the caller draws again) — ON CONFLICT, so the transaction stays usable on PostgreSQL.
    Result<bool> SetCode(int64_t training_id, const std::optional<std::string>& code);

    // Inserts unless this phone already signed in at the session; the row as stored and whether
    // it is new.
    Result<std::pair<SigninRecord, bool>> Insert(const SigninRecord& s);
    // The session's sign-ins, by enterprise name, then id.
    Result<std::vector<SigninRecord>> List(int64_t training_id, const TownLimit& town = TownLimit::Any());
    // How many sign-ins the session has for this enterprise.
    Result<int64_t> CountFor(int64_t training_id, int64_t enterprise_id);

    // Ids and names of the enterprises at or under a region's path (a session's region), by name.
    Result<std::vector<EnterpriseName>> EnterprisesIn(const RegionPath& region);

  private:
    Result<std::optional<SigninRecord>> FindByPhone(int64_t training_id, const std::string& phone);
    Connection& conn_;
};

}  // namespace safegrid::storage
