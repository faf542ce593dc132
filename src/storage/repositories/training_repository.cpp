#include "storage/repositories/training_repository.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace safegrid::storage {
namespace {

// Attendance and enterprise counts per session, so a list shows them without a second query.
constexpr std::string_view kColumns =
    "t.id, t.town_id, t.village_id, t.grid_id, t.region_id, t.title, t.kind, t.held_on, t.hours, t.signin_code, "
    "t.created_by, t.created_at, "
    "(SELECT COUNT(*) FROM training_attendance a WHERE a.training_id = t.id), "
    "(SELECT CAST(COALESCE(SUM(a.people), 0) AS BIGINT) FROM training_attendance a WHERE a.training_id = t.id)";

TrainingRecord FromRow(const Row& row) {
    TrainingRecord t;
    t.id = row.Int(0);
    t.path = {row.Int(1), row.OptInt(2), row.OptInt(3)};
    t.region_id = row.Int(4);
    t.title = row.Text(5);
    t.kind = row.Text(6);
    t.held_on = row.Text(7);
    t.hours = row.Double(8);
    t.signin_code = row.OptText(9);
    t.created_by = row.OptInt(10);
    t.created_at = row.Int(11);
    t.enterprises = row.Int(12);
    t.people = row.Int(13);
    return t;
}

// The path column a filter tests, qualified by `alias`; `id_column` is what kId means in that table.
std::string Column(PathFilter::Column column, std::string_view alias, std::string_view id_column) {
    std::string out(alias);
    out += ".";
    switch (column) {
        case PathFilter::Column::kTown:
            return out + "town_id";
        case PathFilter::Column::kVillage:
            return out + "village_id";
        case PathFilter::Column::kGrid:
            return out + "grid_id";
        case PathFilter::Column::kId:
            return out + std::string(id_column);
        case PathFilter::Column::kAny:
        case PathFilter::Column::kNothing:
        case PathFilter::Column::kCounty:  // not a column: PathFilterCondition
            break;
    }
    return out + "id";
}

void AppendFilters(const std::vector<PathFilter>& filters, std::string_view alias, std::string_view id_column,
                   std::string& where, std::vector<Value>& params) {
    for (const PathFilter& f : filters) {
        if (f.column == PathFilter::Column::kAny) continue;
        if (f.column == PathFilter::Column::kNothing) {
            where += " AND 1 = 0";
            continue;
        }
        where += " AND " + PathFilterCondition(f, std::string(alias) + ".", id_column, params);
    }
}

}  // namespace

Result<int64_t> TrainingRepository::Insert(const TrainingRecord& t) {
    const std::array<Value, 11> params = {
        t.path.town_id, Nullable(t.path.village_id), Nullable(t.path.grid_id), t.region_id, t.title, t.kind, t.held_on,
        t.hours,        Nullable(t.signin_code),     Nullable(t.created_by),   t.created_at};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("INSERT INTO trainings (town_id, village_id, grid_id, region_id, title, "
                                               "kind, held_on, hours, signin_code, created_by, created_at) VALUES "
                                               "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                               params));
    if (rows.rows.empty()) return Internal("INSERT INTO trainings returned no id");
    return rows.rows.front().Int(0);
}

Result<std::pair<std::vector<TrainingRecord>, int64_t>> TrainingRepository::List(const TrainingQuery& q) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    if (q.subtree.column == PathFilter::Column::kNothing) {
        where += " AND 1 = 0";
    } else if (q.subtree.column != PathFilter::Column::kAny) {
        if (q.subtree.town != 0) {  // the caller's town's shard (docs/scale.md)
            where += " AND t.town_id = ?";
            params.emplace_back(q.subtree.town);
        }
        // In the caller's subtree, or held at a region above the caller's own (its town or village).
        where += " AND (" + PathFilterCondition(q.subtree, "t.", "id", params);
        for (int64_t ancestor : q.ancestors) {
            where += " OR t.region_id = ?";
            params.emplace_back(ancestor);
        }
        where += ")";
    }
    AppendFilters({q.region}, "t", "id", where, params);
    if (q.kind) {
        where += " AND t.kind = ?";
        params.emplace_back(*q.kind);
    }
    if (q.from) {
        where += " AND t.held_on >= ?";
        params.emplace_back(*q.from);
    }
    if (q.to) {
        where += " AND t.held_on <= ?";
        params.emplace_back(*q.to);
    }
    if (q.id) {
        where += " AND t.id = ?";
        params.emplace_back(*q.id);
    }
    SG_ASSIGN_OR_RETURN(Rows count, conn_.Query("SELECT COUNT(*) FROM trainings t" + where, params));
    const int64_t total = count.rows.empty() ? 0 : count.rows.front().Int(0);
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(std::string("SELECT ").append(kColumns).append(" FROM trainings t") +
                                                   where + " ORDER BY t.held_on DESC, t.id DESC LIMIT ? OFFSET ?",
                                               params));
    std::vector<TrainingRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(FromRow(row));
    return std::pair(std::move(out), total);
}

Result<bool> TrainingRepository::UpsertAttendance(const AttendanceRecord& a) {
    const std::array<Value, 2> key = {a.training_id, a.enterprise_id};
    SG_ASSIGN_OR_RETURN(
        Rows existing,
        conn_.Query("SELECT 1 FROM training_attendance WHERE training_id = ? AND enterprise_id = ?", key));
    // One statement either way: two first records racing on PostgreSQL end as one row (the later
    // count wins) instead of a unique-key error.
    const std::array<Value, 10> params = {
        a.training_id, a.enterprise_id, a.path.town_id, Nullable(a.path.village_id), Nullable(a.path.grid_id),
        a.held_on,     a.kind,          a.people,       Nullable(a.recorded_by),     a.recorded_at};
    SG_TRY(
        conn_.Execute("INSERT INTO training_attendance (training_id, enterprise_id, town_id, village_id, grid_id, "
                      "held_on, kind, people, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (training_id, enterprise_id) DO UPDATE SET people = excluded.people, "
                      "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                      params));
    return existing.rows.empty();
}

Result<bool> TrainingRepository::DeleteAttendance(int64_t training_id, int64_t enterprise_id) {
    const std::array<Value, 2> key = {training_id, enterprise_id};
    SG_ASSIGN_OR_RETURN(
        int64_t n, conn_.Execute("DELETE FROM training_attendance WHERE training_id = ? AND enterprise_id = ?", key));
    return n > 0;
}

Result<std::vector<AttendanceRecord>> TrainingRepository::Attendance(int64_t training_id,
                                                                     const std::vector<PathFilter>& filters) {
    std::string where = " WHERE a.training_id = ?";
    std::vector<Value> params = {training_id};
    AppendFilters(filters, "a", "enterprise_id", where, params);
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT a.training_id, a.enterprise_id, e.name, a.town_id, a.village_id, "
                                    "a.grid_id, a.held_on, a.kind, a.people, a.recorded_by, a.recorded_at "
                                    "FROM training_attendance a JOIN enterprises e ON e.id = a.enterprise_id" +
                                        where + " ORDER BY e.name, a.enterprise_id",
                                    params));
    std::vector<AttendanceRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0),
                       row.Int(1),
                       row.Text(2),
                       {row.Int(3), row.OptInt(4), row.OptInt(5)},
                       row.Text(6),
                       row.Text(7),
                       row.Int(8),
                       row.OptInt(9),
                       row.Int(10)});
    }
    return out;
}

Result<std::vector<EnterpriseTrainingRow>> TrainingRepository::ForEnterprise(int64_t enterprise_id,
                                                                             const TownLimit& town) {
    std::vector<Value> params = {enterprise_id};
    const std::string limit = TownCondition(town, "x.", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(std::string("SELECT ")
                                                   .append(kColumns)
                                                   .append(", x.people FROM training_attendance x JOIN trainings t ON "
                                                           "t.id = x.training_id WHERE x.enterprise_id = ?")
                                                   .append(limit)
                                                   .append(" ORDER BY t.held_on DESC, t.id DESC"),
                                               params));
    std::vector<EnterpriseTrainingRow> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back({FromRow(row), row.Int(14)});
    return out;
}

Result<std::vector<CoverageRow>> TrainingRepository::Coverage(const std::vector<PathFilter>& filters,
                                                              const std::string& after, const std::string& through,
                                                              std::optional<PathFilter::Column> group) {
    // Ungrouped: a constant key and no GROUP BY (both dialects read "GROUP BY 0" as a column number).
    const std::string key = group ? Column(*group, "e", "id") : "0";
    const std::string attendance_key = group ? Column(*group, "a", "enterprise_id") : "0";
    const std::string group_by = group ? " GROUP BY " + key : "";
    const std::string attendance_group_by = group ? " GROUP BY " + attendance_key : "";
    std::map<int64_t, TrainingCoverage> by_place;

    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendFilters(filters, "e", "id", where, params);
    SG_ASSIGN_OR_RETURN(Rows counts,
                        conn_.Query("SELECT " + key + ", COUNT(*) FROM enterprises e" + where + group_by, params));
    for (const Row& row : counts.rows) by_place[row.OptInt(0).value_or(0)].enterprises = row.Int(1);

    // Attendance rows carry the enterprise's place: the window is a range of the (place, held_on)
    // index; COUNT(DISTINCT) because one enterprise attends several sessions.
    where = " WHERE a.held_on > ? AND a.held_on <= ?";
    params = {after, through};
    AppendFilters(filters, "a", "enterprise_id", where, params);
    SG_ASSIGN_OR_RETURN(Rows trained,
                        conn_.Query("SELECT " + attendance_key +
                                        ", COUNT(DISTINCT a.enterprise_id), CAST(COALESCE(SUM(a.people), 0) AS BIGINT) "
                                        "FROM training_attendance a" +
                                        where + attendance_group_by,
                                    params));
    for (const Row& row : trained.rows) {
        TrainingCoverage& c = by_place[row.OptInt(0).value_or(0)];
        c.covered = row.Int(1);
        c.people = row.Int(2);
    }
    std::vector<CoverageRow> out;
    out.reserve(by_place.size());
    for (const auto& [id, coverage] : by_place) out.push_back({id, coverage});
    if (!group && out.empty()) out.push_back({0, {}});
    return out;
}

Result<bool> TrainingRepository::TrainedIn(int64_t enterprise_id, const std::string& after, const std::string& through,
                                           const TownLimit& town) {
    std::vector<Value> params = {enterprise_id, after, through};
    const std::string limit = TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT 1 FROM training_attendance WHERE enterprise_id = ? AND "
                                               "held_on > ? AND held_on <= ?" +
                                                   limit + " LIMIT 1",
                                               params));
    return !rows.rows.empty();
}

}  // namespace safegrid::storage
