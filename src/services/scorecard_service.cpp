#include "services/scorecard_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "core/auth/write_rule.hpp"
#include "services/documents/scorecard_xlsx.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/scorecard_repository.hpp"

namespace safegrid::services {
namespace {

namespace bj = boost::json;
using scorecard::Level;
using storage::PathFilter;
using storage::ScorecardRepository;

bool MayRead(const Principal& caller) {
    return caller.role == Role::kTown || caller.role == Role::kAdmin || caller.role == Role::kVillage;
}
bool MayEnter(const Principal& caller) { return caller.role == Role::kTown || caller.role == Role::kAdmin; }

const scorecard::ItemDef* FindItem(const std::vector<scorecard::ItemDef>& items, const std::string& code) {
    for (const auto& item : items)
        if (item.code == code) return &item;
    return nullptr;
}

}  // namespace

ScorecardService::ScorecardService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                   ScorecardStandard standard, TimeZone zone)
    : db_(std::move(db)), clock_(clock), audit_(audit), standard_(std::move(standard)), zone_(std::move(zone)) {}

Result<std::pair<scorecard::Period, Level>> ScorecardService::Parse(const std::optional<std::string>& period,
                                                                    const std::optional<std::string>& level) const {
    Validation v;
    std::optional<scorecard::Period> p = period ? scorecard::ParsePeriod(*period) : std::nullopt;
    if (!period) {
        v.Add("period", {"必填", "Required"});
    } else if (!p) {
        v.Add("period", {"应为 YYYY-MM 或 YYYY", "Must be YYYY-MM or YYYY"});
    } else if (scorecard::IsFuture(*p, FormatLocalIsoDate(clock_.Now(), zone_))) {
        v.Add("period", {"不能考核未来的月份或年份", "A future month or year cannot be scored"});
    }
    std::optional<Level> l = level ? scorecard::ParseLevel(*level) : std::nullopt;
    if (!l) v.Add("level", {"应为 village 或 enterprise", "Must be village or enterprise"});
    if (!v.Ok()) return v.Fail();
    return std::pair(*p, *l);
}

Result<ScorecardList> ScorecardService::List(const Principal& caller, const ScorecardQuery& query) {
    if (!MayRead(caller)) return Forbidden();
    SG_ASSIGN_OR_RETURN(auto parsed, Parse(query.period, query.level));
    const scorecard::Period period = parsed.first;
    const Level level = parsed.second;
    if (caller.role == Role::kVillage && level == Level::kVillage) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<ScorecardList> {
        std::vector<PathFilter> filters{PathFilter::FromScope(caller.scope)};
        std::optional<int64_t> town =
            caller.scope.level == Scope::Level::kTown ? std::optional(caller.scope.id) : std::nullopt;
        if (query.region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *query.region_id));
            if (!region) return NotFound();
            if (level == Level::kVillage && region->kind == RegionKind::kGrid) {
                return Invalid("region_id", {"村级考核按镇或村筛选", "Village scores are filtered by town or village"});
            }
            filters.push_back(PathFilter::Subtree(region->kind, region->id, region->path.town_id));
            town = region->path.town_id;
        }
        const int offset = zone_.utc_offset_seconds;
        storage::ScorecardWindow w{period.FirstDay(),    period.EndDay(),    period.YearFirstDay(),
                                   period.Start(offset), period.End(offset), 0};
        w.due_before = std::min(w.end, clock_.Now());
        w.utc_offset_seconds = offset;
        ScorecardRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto manual, repo.Manual(std::string(scorecard::LevelName(level)), period.Text(), town));
        ScorecardList out{period, level, {}};
        const auto& defs = standard_.Items(level);
        if (level == Level::kVillage) {
            SG_ASSIGN_OR_RETURN(auto subjects, repo.Villages(filters));
            SG_ASSIGN_OR_RETURN(auto figures, repo.VillageFigures(filters, w));
            for (const auto& s : subjects) {
                auto manual_of = [&](const std::string& code) -> std::optional<double> {
                    auto it = manual.find({s.id, code});
                    return it == manual.end() ? std::nullopt : std::optional(it->second);
                };
                out.cards.push_back(
                    scorecard::Score(s.id, s.name, defs, figures[s.id], scorecard::DecideVillage, manual_of));
            }
        } else {
            SG_ASSIGN_OR_RETURN(auto subjects, repo.Enterprises(filters));
            SG_ASSIGN_OR_RETURN(auto figures, repo.EnterpriseFigures(filters, w));
            out.cards.reserve(subjects.size());
            for (const auto& s : subjects) {
                auto manual_of = [&](const std::string& code) -> std::optional<double> {
                    auto it = manual.find({s.id, code});
                    return it == manual.end() ? std::nullopt : std::optional(it->second);
                };
                scorecard::EnterpriseFigures& f = figures[s.id];
                f.employees = s.employees;
                out.cards.push_back(scorecard::Score(s.id, s.name, defs, f, scorecard::DecideEnterprise, manual_of));
            }
        }
        scorecard::Rank(out.cards);
        return out;
    });
}

Result<ScorecardManualEntry> ScorecardService::PutManual(const Principal* caller, const ScorecardManualInput& in) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (caller != nullptr && !MayEnter(*caller)) return Forbidden();
    SG_ASSIGN_OR_RETURN(auto parsed, Parse(in.period, in.level));
    const scorecard::Period period = parsed.first;
    const Level level = parsed.second;
    Validation v;
    const scorecard::ItemDef* item = in.code ? FindItem(standard_.Items(level), *in.code) : nullptr;
    if (item == nullptr) {
        v.Add("code", {"不是该层级的考核项目", "Not an item of this level"});
    } else if (scorecard::IsDecided(level, item->code)) {
        v.Add("code", {"该项由平台数据自动评分，不能人工录入", "The platform decides this item from its data"});
    }
    if (!in.points || !std::isfinite(*in.points) || *in.points < 0 || (item != nullptr && *in.points > item->max)) {
        v.Add("points", {"分值应在 0 到该项满分之间", "Points must be between 0 and the item's maximum"});
    }
    const std::optional<int64_t> subject = level == Level::kVillage ? in.region_id : in.enterprise_id;
    const char* subject_field = level == Level::kVillage ? "region_id" : "enterprise_id";
    if (!subject) v.Add(subject_field, {"必填", "Required"});
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<ScorecardManualEntry> {
        int64_t town = 0;
        if (level == Level::kVillage) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, caller, *subject));
            if (!region) return NotFound();
            if (region->kind != RegionKind::kVillage) return Invalid("region_id", {"应为村", "Must be a village"});
            town = region->path.town_id;
        } else {
            SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(*subject));
            if (!e || (caller != nullptr && !caller->scope.Contains(e->path, e->id))) return NotFound();
            town = e->path.town_id;
        }
        ScorecardRepository repo(conn);
        const std::string level_name(scorecard::LevelName(level));
        SG_ASSIGN_OR_RETURN(auto before, repo.FindManual(level_name, period.Text(), *subject, item->code));
        storage::ScorecardManualRow row{town,
                                        level_name,
                                        period.Text(),
                                        *subject,
                                        item->code,
                                        scorecard::RoundPoints(*in.points),
                                        caller != nullptr ? std::optional(caller->user_id) : std::nullopt,
                                        clock_.Now()};
        SG_TRY(repo.PutManual(row));
        auto audit_json = [&](double points) {
            bj::object o;
            o["level"] = level_name;
            o["period"] = row.period;
            o[subject_field] = row.subject_id;
            o["code"] = row.code;
            o["points"] = points;
            return o;
        };
        bj::object after = audit_json(row.points);
        if (caller != nullptr) after["entered_by"] = caller->username;
        SG_TRY(audit_.Append(conn, caller,
                             {town, "scorecard", row.subject_id, "manual",
                              before ? bj::value(audit_json(before->points)) : bj::value(nullptr), after}));
        return ScorecardManualEntry{row.period,
                                    level,
                                    row.subject_id,
                                    row.code,
                                    row.points,
                                    item->max,
                                    caller != nullptr ? caller->user_id : 0,
                                    row.entered_at};
    });
}

Result<DocumentFile> ScorecardService::Export(const Principal& caller, const ScorecardQuery& query) {
    SG_ASSIGN_OR_RETURN(ScorecardList list, List(caller, query));
    SG_ASSIGN_OR_RETURN(std::string bytes, RenderScorecardWorkbook(list, standard_.Items(list.level)));
    const std::string level(scorecard::LevelName(list.level));
    return DocumentFile{
        std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "scorecards-" + level + "-" + list.period.Text() + ".xlsx",
        std::string(list.level == Level::kVillage ? "村社考核评分-" : "企业考核评分-") + list.period.Text() + ".xlsx"};
}

}  // namespace safegrid::services
