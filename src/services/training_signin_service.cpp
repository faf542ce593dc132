#include "services/training_signin_service.hpp"

#include <boost/json/object.hpp>

#include "core/auth/write_rule.hpp"
#include "core/region/text.hpp"
#include "core/text/trim.hpp"
#include "core/training/signin.hpp"
#include "services/documents/poster_pdf.hpp"
#include "services/random_code.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/training_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using storage::TrainingSigninRepository;

constexpr int64_t kHour = 3600;
constexpr int kCodeAttempts = 8;

bool MayWrite(const Principal& caller) {
    return caller.role == Role::kTown || caller.role == Role::kVillage || caller.role == Role::kAdmin;
}

const Text kNotADay{"今天不在签到时间内（培训前一天至后一天）",
                    "Sign-in is open from the day before the session to the day after"};

}  // namespace

std::string SigninLinkFor(const std::string& public_url, const std::string& code) { return public_url + "/t/" + code; }

TrainingSigninService::TrainingSigninService(std::shared_ptr<storage::Database> db, const Clock& clock,
                                             AuditService& audit, TrainingService& trainings, TimeZone zone,
                                             SigninOptions options)
    : db_(std::move(db)),
      clock_(clock),
      audit_(audit),
      trainings_(trainings),
      zone_(std::move(zone)),
      options_(std::move(options)),
      // The login throttle's per-"username" table keyed by client address counts every attempt
      // (as the public reports do).
      signins_(clock,
               ThrottleOptions{.username_limit = options_.signins_per_hour,
                               .address_limit = options_.signins_per_hour,
                               .window_seconds = kHour},
               SharedCountersFor(db_, "training_signins")),
      lookups_(clock,
               ThrottleOptions{.username_limit = options_.lookups_per_hour,
                               .address_limit = options_.lookups_per_hour,
                               .window_seconds = kHour},
               SharedCountersFor(db_, "training_signin_lookups")) {}

int64_t TrainingSigninService::SigninRetryAfter(const std::string& client_ip) const {
    return signins_.RetryAfter(ClientAddressKey(client_ip), "");
}

int64_t TrainingSigninService::LookupRetryAfter(const std::string& client_ip) const {
    return lookups_.RetryAfter(ClientAddressKey(client_ip), "");
}

Result<TrainingRecord> TrainingSigninService::Writable(const Principal& caller, int64_t training_id) {
    if (!MayWrite(caller)) return Forbidden();
    SG_ASSIGN_OR_RETURN(auto view, trainings_.Get(caller, training_id));
    if (!caller.scope.ContainsRegion(view.training.path)) return Forbidden();
    return std::move(view.training);
}

Result<std::pair<SigninLink, bool>> TrainingSigninService::Open(const Principal* caller, int64_t training_id) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    static const Principal kSystem = [] {
        Principal p;
        p.role = Role::kAdmin;
        p.scope = Scope::All();
        return p;
    }();
    SG_ASSIGN_OR_RETURN(TrainingRecord t, Writable(caller != nullptr ? *caller : kSystem, training_id));
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<std::pair<SigninLink, bool>> {
        SG_ASSIGN_OR_RETURN(auto page, storage::TrainingRepository(conn).List({.id = training_id, .limit = 1}));
        if (page.first.empty()) return NotFound();
        const TrainingRecord& now = page.first.front();
        if (now.signin_code) {
            return std::pair(SigninLink{*now.signin_code, SigninLinkFor(options_.public_url, *now.signin_code)}, false);
        }
        TrainingSigninRepository repo(conn);
        for (int attempt = 0; attempt < kCodeAttempts; ++attempt) {
            const std::string code = NewRandomCode(kSigninCodeLength);
            SG_ASSIGN_OR_RETURN(bool set, repo.SetCode(t.id, code));
            if (!set) continue;  // another session holds it: draw again
            SG_TRY(audit_.Append(
                conn, caller, {t.path.town_id, "training", t.id, "signin_open", nullptr, bj::object{{"open", true}}}));
            return std::pair(SigninLink{code, SigninLinkFor(options_.public_url, code)}, true);
        }
        return Internal("no free sign-in code after " + std::to_string(kCodeAttempts) + " draws");
    });
}

Status TrainingSigninService::Close(const Principal& caller, int64_t training_id) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    SG_ASSIGN_OR_RETURN(TrainingRecord t, Writable(caller, training_id));
    return db_->Transact(true, [&](storage::Connection& conn) -> Status {
        SG_TRY(TrainingSigninRepository(conn).SetCode(t.id, std::nullopt));
        return audit_.Append(conn, &caller,
                             {t.path.town_id, "training", t.id, "signin_close", nullptr, bj::object{{"open", false}}});
    });
}

Result<DocumentFile> TrainingSigninService::Poster(const Principal& caller, int64_t training_id) {
    SG_ASSIGN_OR_RETURN(TrainingRecord t, Writable(caller, training_id));
    if (!t.signin_code) return NotFound();
    SigninPosterData data;
    data.font_path = options_.font_path;
    data.title = t.title;
    data.url = SigninLinkFor(options_.public_url, *t.signin_code);
    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto names, storage::RegionRepository(conn).Names({t.region_id, t.path.town_id}));
        data.detail = t.held_on + " · " + names[t.region_id];
        if (!names[t.path.town_id].empty()) data.issuing_office = names[t.path.town_id] + "应急管理办公室";
        return {};
    }));
    if (auto days = SigninDays(t.held_on)) data.days = "签到时间：" + days->first + " 至 " + days->second;
    SG_ASSIGN_OR_RETURN(std::string pdf, RenderSigninPoster(data));
    return DocumentFile{std::move(pdf), "application/pdf", "signin-poster-" + std::to_string(t.id) + ".pdf",
                        "培训签到二维码-" + std::to_string(t.id) + ".pdf"};
}

Result<SigninSheet> TrainingSigninService::Sheet(const Principal& caller, int64_t training_id) {
    SG_ASSIGN_OR_RETURN(TrainingView view, trainings_.Get(caller, training_id));
    const TrainingRecord& t = view.training;
    SigninSheet sheet;
    if (t.signin_code) sheet.link = SigninLink{*t.signin_code, SigninLinkFor(options_.public_url, *t.signin_code)};
    if (auto days = SigninDays(t.held_on)) std::tie(sheet.first_day, sheet.last_day) = *days;
    sheet.accepting = AcceptsSigninOn(t.held_on, FormatLocalIsoDate(clock_.Now(), zone_));
    SG_ASSIGN_OR_RETURN(auto rows, db_->Read([&](storage::Connection& conn) {
        return TrainingSigninRepository(conn).List(training_id, storage::TownLimit::Town(t.path.town_id));
    }));
    for (auto& s : rows) {
        // Only the enterprises the caller sees (an enterprise deleted since: nobody's but an admin's).
        const bool visible = s.path && s.enterprise_id ? caller.scope.Contains(*s.path, *s.enterprise_id)
                                                       : caller.scope.level == Scope::Level::kAll;
        if (!visible) continue;
        const int64_t eid = s.enterprise_id.value_or(0);
        if (sheet.groups.empty() || sheet.groups.back().enterprise_id != eid) {
            SigninGroup g{eid, s.enterprise_name, std::nullopt, {}};
            for (const auto& a : view.attendance)
                if (a.enterprise_id == eid) g.attendance = a.people;
            sheet.groups.push_back(std::move(g));
        }
        sheet.groups.back().signins.push_back(std::move(s));
        ++sheet.total;
    }
    return sheet;
}

Result<std::pair<AttendanceRecord, bool>> TrainingSigninService::Accept(const Principal& caller, int64_t training_id,
                                                                        int64_t enterprise_id) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayWrite(caller)) return Forbidden();
    SG_ASSIGN_OR_RETURN(TrainingView view, trainings_.Get(caller, training_id));
    SG_ASSIGN_OR_RETURN(int64_t signins, db_->Read([&](storage::Connection& conn) {
        return TrainingSigninRepository(conn).CountFor(training_id, enterprise_id);
    }));
    if (signins == 0) return Invalid("enterprise_id", {"该企业没有签到记录", "This enterprise has no sign-ins"});
    std::optional<int64_t> recorded;
    for (const auto& a : view.attendance) {
        if (a.enterprise_id != enterprise_id) continue;
        recorded = a.people;
        // Already as large: kept as it is, nothing written.
        if (a.people >= signins) return std::pair(a, false);
    }
    return trainings_.RecordAttendance(&caller, training_id, enterprise_id, PeopleFromSignins(recorded, signins));
}

Result<std::optional<TrainingRecord>> TrainingSigninService::ByCode(storage::Connection& conn, const std::string& raw) {
    const std::string code = NormaliseCode(raw);
    if (!WellFormedCode(code, kSigninCodeLength)) return std::optional<TrainingRecord>();
    SG_ASSIGN_OR_RETURN(auto id, TrainingSigninRepository(conn).FindTrainingByCode(code));
    if (!id) return std::optional<TrainingRecord>();
    SG_ASSIGN_OR_RETURN(auto page, storage::TrainingRepository(conn).List({.id = *id, .limit = 1}));
    if (page.first.empty()) return std::optional<TrainingRecord>();
    TrainingRecord t = std::move(page.first.front());
    SG_ASSIGN_OR_RETURN(auto names, storage::RegionRepository(conn).Names({t.region_id}));
    t.region_name = names[t.region_id];
    return std::optional<TrainingRecord>(std::move(t));
}

Result<PublicSession> TrainingSigninService::Lookup(const std::string& code, const std::string& client_ip) {
    // Checked and counted at once, keyed like every per-address limit (IPv6 by /64).
    if (lookups_.Begin(ClientAddressKey(client_ip), "").retry_after > 0) return RateLimited();
    const std::string today = FormatLocalIsoDate(clock_.Now(), zone_);
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<PublicSession> {
        SG_ASSIGN_OR_RETURN(auto t, ByCode(conn, code));
        if (!t) return NotFound();
        PublicSession out;
        if (auto days = SigninDays(t->held_on)) std::tie(out.first_day, out.last_day) = *days;
        out.accepting = AcceptsSigninOn(t->held_on, today);
        SG_ASSIGN_OR_RETURN(out.enterprises, TrainingSigninRepository(conn).EnterprisesIn(t->path));
        out.training = std::move(*t);
        return out;
    });
}

Result<std::pair<SigninRecord, bool>> TrainingSigninService::SignIn(const std::string& code, const NewSignin& in,
                                                                    const std::string& client_ip) {
    if (signins_.Begin(ClientAddressKey(client_ip), "").retry_after > 0) return RateLimited();
    const std::string today = FormatLocalIsoDate(clock_.Now(), zone_);
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<std::pair<SigninRecord, bool>> {
        SG_ASSIGN_OR_RETURN(auto t, ByCode(conn, code));
        if (!t) return NotFound();
        Validation v;
        SigninRecord s;
        s.training_id = t->id;
        s.name = in.name ? TrimText(*in.name) : std::string();
        CheckText(v, "name", s.name, kMaxSigninName, true);
        if (!in.phone || TrimText(*in.phone).empty()) {
            v.Add("phone", {"必填", "Required"});
        } else if (auto phone = NormaliseSigninPhone(TrimText(*in.phone))) {
            s.phone = *phone;
        } else {
            v.Add("phone",
                  {"应为 11 位手机号或带区号的固定电话", "Must be a mobile number or a landline with its area code"});
        }
        std::optional<Enterprise> e;
        if (!in.enterprise_id) {
            v.Add("enterprise_id", {"请选择所在企业", "Required"});
        } else {
            SG_ASSIGN_OR_RETURN(e, storage::EnterpriseRepository(conn).FindById(*in.enterprise_id));
            if (!e || !InSessionRegion(t->path, e->path)) {
                v.Add("enterprise_id",
                      {"该企业不在本次培训的区域内", "This enterprise is not in the session's region"});
            }
        }
        if (!AcceptsSigninOn(t->held_on, today)) v.Add("code", kNotADay);
        if (!v.Ok()) return v.Fail();
        s.enterprise_id = e->id;
        s.enterprise_name = e->name;
        if (!client_ip.empty()) s.client_ip = client_ip;
        s.created_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(auto stored, TrainingSigninRepository(conn).Insert(s));
        if (stored.second) {
            // Who signed in stays in the table; the audit chain notes the fact, not the phone.
            SG_TRY(audit_.Append(conn, nullptr,
                                 {t->path.town_id, "training_signin", stored.first.id, "create", nullptr,
                                  bj::object{{"training_id", t->id}, {"enterprise_id", e->id}}}));
        }
        return stored;
    });
}

}  // namespace safegrid::services
