#include "services/public_report_service.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cctype>
#include <set>

#include "core/region/text.hpp"
#include "services/place_service.hpp"
#include "services/random_code.hpp"
#include "storage/repositories/attachment_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;

constexpr int64_t kHour = 3600;
constexpr size_t kMaxDescription = 2000;
constexpr size_t kMaxAddress = 200;
constexpr size_t kMaxContact = 100;
constexpr size_t kTitleCodePoints = 50;
constexpr int kCodeAttempts = 8;

// The first line of a (valid UTF-8) description, cut to kTitleCodePoints with "…" when cut.
std::string TitleFrom(const std::string& description) {
    std::string line = TrimText(description.substr(0, description.find('\n')));
    size_t points = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;  // continuation byte
        if (points++ == kTitleCodePoints) return line.substr(0, i) + "…";
    }
    return line;
}

bool WellFormedCode(const std::string& code) { return services::WellFormedCode(code, kTrackingCodeLength); }

void CheckReport(const NewPublicReport& in, const std::string& description, const std::string& address,
                 const std::string& contact, Validation& v) {
    CheckText(v, "description", description, kMaxDescription, true);
    CheckText(v, "address", address, kMaxAddress, false);
    CheckText(v, "contact", contact, kMaxContact, false);
    if (in.lat && !(*in.lat >= -90 && *in.lat <= 90)) v.Add("lat", {"纬度超出范围", "Latitude out of range"});
    if (in.lng && !(*in.lng >= -180 && *in.lng <= 180)) v.Add("lng", {"经度超出范围", "Longitude out of range"});
    // Half a position places nothing on the map.
    if (in.lat && !in.lng) v.Add("lng", {"须与 lat 同时提供", "Must be given together with lat"});
    if (in.lng && !in.lat) v.Add("lat", {"须与 lng 同时提供", "Must be given together with lng"});
    const std::set<int64_t> ids(in.attachments.begin(), in.attachments.end());
    if (ids.size() > kMaxPublicAttachments) {
        v.Add("attachments", {"最多 " + std::to_string(kMaxPublicAttachments) + " 个附件",
                              "At most " + std::to_string(kMaxPublicAttachments) + " attachments"});
    }
}

}  // namespace

std::string NewTrackingCode() { return NewRandomCode(kTrackingCodeLength); }

PublicReportService::PublicReportService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                         HazardService& hazards, PublicReportOptions options)
    : db_(std::move(db)),
      clock_(clock),
      audit_(audit),
      hazards_(hazards),
      options_(options),
      // The login throttle's per-"username" table, keyed by client address, counts every attempt.
      reports_(clock,
               ThrottleOptions{.username_limit = options_.reports_per_hour,
                               .address_limit = options_.reports_per_hour,
                               .window_seconds = kHour},
               SharedCountersFor(db_, "public_reports")),
      lookups_(clock,
               ThrottleOptions{.username_limit = options_.lookups_per_hour,
                               .address_limit = options_.lookups_per_hour,
                               .window_seconds = kHour},
               SharedCountersFor(db_, "public_report_lookups")) {}

int64_t PublicReportService::LookupRetryAfter(const std::string& client_ip) const {
    return lookups_.RetryAfter(ClientAddressKey(client_ip), "");
}

int64_t PublicReportService::RetryAfter(const std::string& client_ip) const {
    return reports_.RetryAfter(ClientAddressKey(client_ip), "");
}

Result<PublicReportCreated> PublicReportService::Create(const NewPublicReport& in, const std::string& client_ip) {
    // Checked and counted at once; keyed like every per-address limit (IPv6 by /64).
    if (reports_.Begin(ClientAddressKey(client_ip), "").retry_after > 0) return RateLimited();

    const std::string description = TrimText(in.description);
    const std::string address = TrimText(in.address);
    const std::string contact = TrimText(in.contact);
    Validation v;
    CheckReport(in, description, address, contact, v);
    if (!v.Ok()) return v.Fail();
    std::set<int64_t> attachment_ids(in.attachments.begin(), in.attachments.end());
    const Text not_claimable{"附件不存在或已被使用，请重新上传",
                             "No such attachment, or already used; upload it again"};
    if (!attachment_ids.empty() && *attachment_ids.begin() <= 0) return Invalid("attachments", not_claimable);
    const Text unknown_place{"二维码无法识别，请重新扫描海报上的二维码", "Unknown place code: scan the poster again"};
    std::optional<std::string> place_code;
    if (in.place) {
        place_code = NormalisePlaceCode(*in.place);
        if (!place_code) return Invalid("place", unknown_place);
    }

    return db_->Transact(true, [&](storage::Connection& conn) -> Result<PublicReportCreated> {
        storage::PublicReportRepository repo(conn);
        std::optional<ResolvedPlace> place;
        if (place_code) {
            SG_ASSIGN_OR_RETURN(place, ResolvePlace(conn, *place_code));
            if (!place) return Invalid("place", unknown_place);
        }
        std::optional<int64_t> town = options_.town_id;
        if (place) {
            town = place->path.town_id;
        } else if (town) {
            SG_ASSIGN_OR_RETURN(bool is_town, repo.IsTown(*town));
            if (!is_town) return Unavailable("public_town_id " + std::to_string(*town) + " is not a town");
        } else {
            SG_ASSIGN_OR_RETURN(town, repo.FirstTown());
            if (!town) return Unavailable("no town to receive public reports");
        }
        const std::vector<int64_t> ids(attachment_ids.begin(), attachment_ids.end());
        SG_ASSIGN_OR_RETURN(int64_t claimed, storage::AttachmentRepository(conn).ClaimPublic(ids, *town));
        if (claimed != static_cast<int64_t>(ids.size())) return Invalid("attachments", not_claimable);

        HazardInsert h;
        h.path.town_id = *town;
        if (place) {
            h.path = place->path;  // a region's place; ignored when the enterprise is set
            h.enterprise_id = place->enterprise_id;
        }
        h.source = "public";
        h.title = TitleFrom(description);
        h.description = description;
        h.status = HazardStatus::kReported;
        h.lat = in.lat;
        h.lng = in.lng;
        h.address = address;
        for (int64_t id : ids) h.attachments.push_back({id, "before"});
        SG_ASSIGN_OR_RETURN(int64_t hazard_id, hazards_.Insert(conn, h, nullptr));

        storage::PublicReportRecord r;
        r.town_id = *town;
        r.hazard_id = hazard_id;
        r.contact = contact;
        r.client_ip = client_ip.substr(0, 64);
        r.created_at = clock_.Now();
        r.place_code = place_code;
        std::optional<int64_t> id;
        for (int attempt = 0; attempt < kCodeAttempts && !id; ++attempt) {
            r.tracking_code = NewTrackingCode();
            SG_ASSIGN_OR_RETURN(id, repo.Insert(r));
        }
        if (!id) return Internal("no free tracking code after " + std::to_string(kCodeAttempts) + " draws");
        bj::array claimed_ids;
        for (int64_t a : ids) claimed_ids.emplace_back(a);
        bj::object after{{"tracking_code", r.tracking_code},
                         {"hazard_id", hazard_id},
                         {"contact", r.contact},
                         {"client_ip", r.client_ip},
                         {"attachments", std::move(claimed_ids)}};
        if (place_code) after["place"] = *place_code;
        SG_TRY(audit_.Append(conn, nullptr, {*town, "public_report", *id, "create", nullptr, std::move(after)}));
        return PublicReportCreated{r.tracking_code, hazard_id};
    });
}

Result<storage::PublicReportStatus> PublicReportService::Status(const std::string& tracking_code,
                                                                const std::string& client_ip) {
    // Checked and counted at once, keyed like every per-address limit (IPv6 by /64).
    if (lookups_.Begin(ClientAddressKey(client_ip), "").retry_after > 0) return RateLimited();
    const std::string code = NormaliseCode(tracking_code);
    if (!WellFormedCode(code)) return NotFound();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<storage::PublicReportStatus> {
        SG_ASSIGN_OR_RETURN(auto status, storage::PublicReportRepository(conn).StatusOf(code));
        if (!status) return NotFound();
        return *status;
    });
}

Result<ResolvedPlace> PublicReportService::Place(const std::string& code, const std::string& client_ip) {
    if (lookups_.Begin(ClientAddressKey(client_ip), "").retry_after > 0) return RateLimited();
    const std::optional<std::string> normalised = NormalisePlaceCode(code);
    if (!normalised) return NotFound();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<ResolvedPlace> {
        SG_ASSIGN_OR_RETURN(auto place, ResolvePlace(conn, *normalised));
        if (!place) return NotFound();
        return *place;
    });
}

Result<storage::PublicReportReply> PublicReportService::Reply(const std::string& tracking_code,
                                                              const std::string& client_ip) {
    if (lookups_.Begin(ClientAddressKey(client_ip), "").retry_after > 0) return RateLimited();
    const std::string code = NormaliseCode(tracking_code);
    if (!WellFormedCode(code)) return NotFound();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<storage::PublicReportReply> {
        SG_ASSIGN_OR_RETURN(auto reply, storage::PublicReportRepository(conn).ReplyOf(code));
        if (!reply) return NotFound();
        return *reply;
    });
}

}  // namespace safegrid::services
