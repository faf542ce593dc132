#include "storage/repositories/training_signin_repository.hpp"

#include <array>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "s.id, s.training_id, s.enterprise_id, s.name, s.phone, s.enterprise_name, s.client_ip, s.created_at, "
    "e.town_id, e.village_id, e.grid_id";

SigninRecord FromRow(const Row& r) {
    SigninRecord s{r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Text(5), r.OptText(6), r.Int(7), {}};
    if (auto town = r.OptInt(8)) s.path = RegionPath{*town, r.OptInt(9), r.OptInt(10)};
    return s;
}

}  // namespace

Result<std::optional<int64_t>> TrainingSigninRepository::FindTrainingByCode(const std::string& code) {
    const std::array<Value, 1> params = {code};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id FROM trainings WHERE signin_code = ?", params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows[0].Int(0));
}

Result<bool> TrainingSigninRepository::SetCode(int64_t training_id, const std::optional<std::string>& code) {
    if (code) {
        // Taken by another session: nothing changes (no failed statement: PostgreSQL keeps the transaction).
        const std::array<Value, 3> params = {*code, training_id, *code};
        SG_ASSIGN_OR_RETURN(int64_t n, conn_.Execute("UPDATE trainings SET signin_code = ? WHERE id = ? AND NOT EXISTS "
                                                     "(SELECT 1 FROM trainings o WHERE o.signin_code = ?)",
                                                     params));
        return n > 0;
    }
    const std::array<Value, 1> params = {training_id};
    SG_TRY(conn_.Execute("UPDATE trainings SET signin_code = NULL WHERE id = ?", params));
    return true;
}

Result<std::optional<SigninRecord>> TrainingSigninRepository::FindByPhone(int64_t training_id,
                                                                          const std::string& phone) {
    const std::array<Value, 2> params = {training_id, phone};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT " + std::string(kColumns) +
                                                   " FROM training_signins s LEFT JOIN enterprises e ON e.id = "
                                                   "s.enterprise_id WHERE s.training_id = ? AND s.phone = ?",
                                               params));
    if (rows.rows.empty()) return std::optional<SigninRecord>();
    return std::optional<SigninRecord>(FromRow(rows.rows[0]));
}

Result<std::pair<SigninRecord, bool>> TrainingSigninRepository::Insert(const SigninRecord& s) {
    SG_ASSIGN_OR_RETURN(auto before, FindByPhone(s.training_id, s.phone));
    if (before) return std::pair(std::move(*before), false);
    const std::array<Value, 8> params = {s.training_id, s.training_id,     Nullable(s.enterprise_id), s.name,
                                         s.phone,       s.enterprise_name, Nullable(s.client_ip),     s.created_at};
    // A phone racing in on another connection: the unique (training_id, phone) index of 0024 keeps
    // one row, and this one reads it. town_id (0031) is the training's, read in the same statement.
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("INSERT INTO training_signins (training_id, town_id, enterprise_id, name, phone, enterprise_name, "
                    "client_ip, created_at) VALUES (?, (SELECT t.town_id FROM trainings t WHERE t.id = ?), ?, ?, ?, ?, "
                    "?, ?) ON CONFLICT DO NOTHING RETURNING id",
                    params));
    if (rows.rows.empty()) {
        SG_ASSIGN_OR_RETURN(auto raced, FindByPhone(s.training_id, s.phone));
        if (!raced) return Internal("sign-in neither inserted nor found");
        return std::pair(std::move(*raced), false);
    }
    SG_ASSIGN_OR_RETURN(auto stored, FindByPhone(s.training_id, s.phone));
    if (!stored) return Internal("sign-in inserted but not found");
    return std::pair(std::move(*stored), true);
}

Result<std::vector<SigninRecord>> TrainingSigninRepository::List(int64_t training_id, const TownLimit& town) {
    std::vector<Value> params = {training_id};
    const std::string limit = TownCondition(town, "s.", params);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT " + std::string(kColumns) +
                                                   " FROM training_signins s LEFT JOIN enterprises e ON e.id = "
                                                   "s.enterprise_id WHERE s.training_id = ?" +
                                                   limit + " ORDER BY s.enterprise_name, s.enterprise_id, s.id",
                                               params));
    std::vector<SigninRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back(FromRow(r));
    return out;
}

Result<int64_t> TrainingSigninRepository::CountFor(int64_t training_id, int64_t enterprise_id) {
    const std::array<Value, 2> params = {training_id, enterprise_id};
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("SELECT COUNT(*) FROM training_signins WHERE training_id = ? AND enterprise_id = ?", params));
    return rows.rows.empty() ? 0 : rows.rows[0].Int(0);
}

Result<std::vector<EnterpriseName>> TrainingSigninRepository::EnterprisesIn(const RegionPath& region) {
    std::string sql = "SELECT id, name FROM enterprises WHERE town_id = ?";
    std::vector<Value> params = {region.town_id};
    if (region.village_id) {
        sql += " AND village_id = ?";
        params.emplace_back(*region.village_id);
    }
    if (region.grid_id) {
        sql += " AND grid_id = ?";
        params.emplace_back(*region.grid_id);
    }
    sql += " ORDER BY name, id";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<EnterpriseName> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back({r.Int(0), r.Text(1)});
    return out;
}

}  // namespace safegrid::storage
