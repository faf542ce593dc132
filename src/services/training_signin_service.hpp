// A training session's QR sign-in (docs/training.md "QR sign-in"; issue 8 point 2): workers scan the
// session's poster and sign in on their phones without logging in; staff see the sign-ins grouped by
// enterprise and take them into the attendance. The rules: core/training/signin.hpp.
//
// STAFF (town, village, admin; the session must be visible to them, else 404; a session held above
// their own region — a town-wide one for a village officer — answers 403: opening it would affect
// every village):
//   Open   POST /trainings/{id}/signin: draws the session's code (kSigninCodeLength characters of the
//          tracking codes' alphabet, OS CSPRNG, unique by 0018's index) → created; already open →
//          the same code, not created. Audit ("training", "signin_open").
//   Close  DELETE /trainings/{id}/signin: clears the code; the link and poster stop working (404),
//          the sign-ins stay. Reopening draws a NEW code, so a closed poster never comes back.
//   Poster GET /trainings/{id}/signin-poster.pdf: the open code's poster (closed → 404).
//   Sheet  GET /trainings/{id}/signins (also inspectors): the code and link while open, and the
//          sign-ins of the enterprises in the caller's scope, grouped by enterprise, phones whole
//          (staff in scope call the workers back; nobody outside scope sees them).
//   Accept POST /trainings/{id}/signins/attendance {"enterprise_id"} (计入出勤): records the
//          enterprise's attendance as its sign-in count through TrainingService::RecordAttendance
//          (same checks, audit and regrade); an attendance already as large is kept as it is
//          (PeopleFromSignins). No sign-ins for it → 422 "enterprise_id".
// PUBLIC (no login; per client address limits, every attempt counts, 429 with Retry-After):
//   Lookup GET /public/trainings/{code}: title, kind, day, hours, region name, the days sign-ins are
//          accepted and whether today is one, and the enterprises of the session's region (id and
//          name only). Unknown, malformed or closed code → 404.
//   SignIn POST /public/trainings/{code}/signins {"name","phone","enterprise_id"}: 404 as Lookup;
//          422 naming the field: name (1..50 code points), phone (NormaliseSigninPhone),
//          enterprise_id (missing, unknown or outside the session's region), code (today is not a
//          sign-in day). New → created; the same phone again → the first sign-in, not created.
//
// Thread-safety: safe to share; state lives in the Database and the (locked) throttles.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/audit_service.hpp"
#include "services/documents/notice_pdf.hpp"
#include "services/hazard_document_service.hpp"
#include "services/login_throttle.hpp"
#include "services/training_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/training_signin_repository.hpp"

namespace safegrid::services {

using storage::SigninRecord;

inline constexpr size_t kSigninCodeLength = 10;

struct SigninOptions {
    std::string public_url = "http://127.0.0.1:8080";  // config public_url, no trailing '/'
    std::string font_path = kDefaultNoticeFontPath;    // config cjk_font
    // A whole workshop may sign in behind one Wi-Fi or carrier NAT: generous, still far too few to
    // walk the 31^10 codes.
    int signins_per_hour = 300;
    int lookups_per_hour = 600;
};

struct SigninLink {
    std::string code;
    std::string url;  // {public_url}/t/{code}
};

struct SigninGroup {
    int64_t enterprise_id = 0;
    std::string enterprise_name;
    std::optional<int64_t> attendance;  // the people recorded now, if any
    std::vector<SigninRecord> signins;
};

struct SigninSheet {
    std::optional<SigninLink> link;  // while open
    std::string first_day, last_day;
    bool accepting = false;  // today is a sign-in day
    int64_t total = 0;
    std::vector<SigninGroup> groups;  // by enterprise name
};

struct PublicSession {
    TrainingRecord training;
    std::string first_day, last_day;
    bool accepting = false;
    std::vector<storage::EnterpriseName> enterprises;
};

struct NewSignin {
    std::optional<std::string> name;
    std::optional<std::string> phone;
    std::optional<int64_t> enterprise_id;
};

// {public_url}/t/{code}
std::string SigninLinkFor(const std::string& public_url, const std::string& code);

class TrainingSigninService {
  public:
    TrainingSigninService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                          TrainingService& trainings, TimeZone zone = {}, SigninOptions options = {});

    // The link and whether it was opened now (201) or was open already (200). `caller` null: the
    // system (the demo seed), any session.
    Result<std::pair<SigninLink, bool>> Open(const Principal* caller, int64_t training_id);
    Result<std::pair<SigninLink, bool>> Open(const Principal& caller, int64_t training_id) {
        return Open(&caller, training_id);
    }
    Status Close(const Principal& caller, int64_t training_id);
    Result<DocumentFile> Poster(const Principal& caller, int64_t training_id);
    Result<SigninSheet> Sheet(const Principal& caller, int64_t training_id);
    // The attendance row and whether it is new (201); an existing row replaced or kept → 200.
    Result<std::pair<AttendanceRecord, bool>> Accept(const Principal& caller, int64_t training_id,
                                                     int64_t enterprise_id);

    Result<PublicSession> Lookup(const std::string& code, const std::string& client_ip);
    Result<std::pair<SigninRecord, bool>> SignIn(const std::string& code, const NewSignin& input,
                                                 const std::string& client_ip);
    // Seconds until `client_ip` may try again (0: now), for the 429's Retry-After.
    [[nodiscard]] int64_t SigninRetryAfter(const std::string& client_ip) const;
    [[nodiscard]] int64_t LookupRetryAfter(const std::string& client_ip) const;

  private:
    // The session as `caller` may change its sign-in: visible (else 404) and held in its scope (else 403).
    Result<TrainingRecord> Writable(const Principal& caller, int64_t training_id);
    // The session behind an open code, with its region's name; nullopt when none.
    Result<std::optional<TrainingRecord>> ByCode(storage::Connection& conn, const std::string& code);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    TrainingService& trainings_;
    TimeZone zone_;
    SigninOptions options_;
    LoginThrottle signins_;
    LoginThrottle lookups_;
};

}  // namespace safegrid::services
