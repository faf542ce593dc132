#include "services/place_service.hpp"

#include <boost/json/object.hpp>

#include "core/auth/write_rule.hpp"
#include "services/documents/poster_pdf.hpp"
#include "services/random_code.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/place_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

constexpr int kCodeAttempts = 8;

bool IsStaff(const Principal& caller) { return caller.role != Role::kEnterprise; }

// A name as part of a file name: path separators, quotes and control characters become '_'.
std::string FileNamePart(const std::string& s) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F || c == '/' || c == '\\' || c == '"' || c == ':') ? '_' : c;
    }
    return out;
}

Result<std::string> RegionName(storage::Connection& conn, std::optional<int64_t> id) {
    if (!id) return std::string();
    SG_ASSIGN_OR_RETURN(auto region, storage::RegionRepository(conn).FindById(*id));
    return region ? region->name : std::string();
}

std::string OfficeOf(const std::string& town_name) {
    return town_name.empty() ? std::string() : town_name + "应急管理办公室";
}

}  // namespace

std::optional<std::string> NormalisePlaceCode(const std::string& code) {
    std::string out = NormaliseCode(code);
    if (!WellFormedCode(out, kPlaceCodeLength)) return std::nullopt;
    return out;
}

std::string NewPlaceCode() { return NewRandomCode(kPlaceCodeLength); }

std::string PlaceReportLink(const std::string& public_url, const std::string& code) {
    std::string base = public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/report?place=" + code;
}

Result<std::optional<ResolvedPlace>> ResolvePlace(storage::Connection& conn, const std::string& code) {
    SG_ASSIGN_OR_RETURN(auto place, storage::PlaceRepository(conn).FindByCode(code));
    if (!place) return std::optional<ResolvedPlace>();
    ResolvedPlace out;
    if (place->enterprise_id) {
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*place->enterprise_id));
        if (!e) return std::optional<ResolvedPlace>();
        out.kind = "enterprise";
        out.name = e->name;
        out.path = e->path;
        out.enterprise_id = e->id;
    } else if (place->region_id) {
        SG_ASSIGN_OR_RETURN(auto r, storage::RegionRepository(conn).FindById(*place->region_id));
        if (!r) return std::optional<ResolvedPlace>();
        out.kind = std::string(RegionKindName(r->kind));
        out.name = r->name;
        out.path = r->path;
    } else {
        return std::optional<ResolvedPlace>();
    }
    return std::optional<ResolvedPlace>(std::move(out));
}

PlaceService::PlaceService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                           PlaceOptions options)
    : db_(std::move(db)), clock_(clock), audit_(audit), options_(std::move(options)) {}

Result<std::string> PlaceService::CodeFor(const Principal& caller, int64_t town_id, std::optional<int64_t> region_id,
                                          std::optional<int64_t> enterprise_id) {
    auto find = [&](storage::PlaceRepository& repo) {
        return region_id ? repo.FindByRegion(*region_id) : repo.FindByEnterprise(*enterprise_id);
    };
    SG_ASSIGN_OR_RETURN(auto existing, db_->Transact(false, [&](storage::Connection& conn) {
        storage::PlaceRepository repo(conn);
        return find(repo);
    }));
    if (existing) return existing->code;
    // A place gets its code the first time a poster is printed: a write, so a read-only role sees the
    // posters that exist and is refused the first print (core/auth RequireWriter).
    SG_TRY(RequireWriter(caller));
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<std::string> {
        storage::PlaceRepository repo(conn);
        for (int attempt = 0; attempt < kCodeAttempts; ++attempt) {
            storage::PlaceRecord p{0, NewPlaceCode(), town_id, region_id, enterprise_id, clock_.Now()};
            SG_ASSIGN_OR_RETURN(auto id, repo.Insert(p));
            if (!id) {
                // The code was taken, or this place got its code meanwhile: then that one holds.
                SG_ASSIGN_OR_RETURN(auto raced, find(repo));
                if (raced) return raced->code;
                continue;
            }
            boost::json::object after{{"code", p.code}};
            if (region_id) after["region_id"] = *region_id;
            if (enterprise_id) after["enterprise_id"] = *enterprise_id;
            SG_TRY(audit_.Append(conn, &caller, {town_id, "place", *id, "create", nullptr, std::move(after)}));
            return p.code;
        }
        return Internal("no free place code after " + std::to_string(kCodeAttempts) + " draws");
    });
}

Result<DocumentFile> PlaceService::RegionPoster(const Principal& caller, int64_t region_id) {
    if (!IsStaff(caller)) return NotFound();
    PosterData data;
    data.font_path = options_.font_path;
    int64_t town_id = 0;
    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, region_id));
        if (!region) return NotFound();
        town_id = region->path.town_id;
        data.place_name = region->name;
        SG_ASSIGN_OR_RETURN(const std::string town, RegionName(conn, region->path.town_id));
        data.issuing_office = OfficeOf(town);
        if (region->kind == RegionKind::kVillage) data.place_detail = town;
        if (region->kind == RegionKind::kGrid) {
            SG_ASSIGN_OR_RETURN(const std::string village, RegionName(conn, region->path.village_id));
            data.place_detail = town + " " + village;
        }
        return {};
    }));
    SG_ASSIGN_OR_RETURN(const std::string code, CodeFor(caller, town_id, region_id, std::nullopt));
    data.url = PlaceReportLink(options_.public_url, code);
    SG_ASSIGN_OR_RETURN(std::string pdf, RenderReportPoster(data));
    return DocumentFile{std::move(pdf), "application/pdf", "poster-region-" + std::to_string(region_id) + ".pdf",
                        "二维码海报-" + FileNamePart(data.place_name) + ".pdf"};
}

Result<DocumentFile> PlaceService::EnterprisePoster(const Principal& caller, int64_t enterprise_id) {
    PosterData data;
    data.font_path = options_.font_path;
    int64_t town_id = 0;
    SG_TRY(db_->Transact(false, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(enterprise_id));
        if (!e || !caller.scope.Contains(e->path, e->id)) return NotFound();
        town_id = e->path.town_id;
        data.place_name = e->name;
        SG_ASSIGN_OR_RETURN(const std::string town, RegionName(conn, e->path.town_id));
        data.issuing_office = OfficeOf(town);
        data.place_detail = e->address;
        if (data.place_detail.empty()) {
            SG_ASSIGN_OR_RETURN(const std::string village, RegionName(conn, e->path.village_id));
            data.place_detail = town + " " + village;
        }
        return {};
    }));
    SG_ASSIGN_OR_RETURN(const std::string code, CodeFor(caller, town_id, std::nullopt, enterprise_id));
    data.url = PlaceReportLink(options_.public_url, code);
    SG_ASSIGN_OR_RETURN(std::string pdf, RenderReportPoster(data));
    return DocumentFile{std::move(pdf), "application/pdf",
                        "poster-enterprise-" + std::to_string(enterprise_id) + ".pdf",
                        "二维码海报-" + FileNamePart(data.place_name) + ".pdf"};
}

}  // namespace safegrid::services
