#include "storage/repositories/place_repository.hpp"

#include <array>

namespace safegrid::storage {

Result<std::optional<int64_t>> PlaceRepository::Insert(const PlaceRecord& p) {
    const std::array<Value, 5> params = {p.code, p.town_id, Nullable(p.region_id), Nullable(p.enterprise_id),
                                         p.created_at};
    // No conflict target: a taken code and a place that got its code meanwhile both insert nothing.
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("INSERT INTO places (code, town_id, region_id, enterprise_id, "
                                               "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
                                               "RETURNING id",
                                               params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows[0].Int(0));
}

Result<std::optional<PlaceRecord>> PlaceRepository::FindOne(const char* column, const Value& value) {
    const std::array<Value, 1> params = {value};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id, code, town_id, region_id, enterprise_id, created_at "
                                               "FROM places WHERE " +
                                                   std::string(column) + " = ?",
                                               params));
    if (rows.rows.empty()) return std::optional<PlaceRecord>();
    const auto& r = rows.rows[0];
    return std::optional<PlaceRecord>(PlaceRecord{r.Int(0), r.Text(1), r.Int(2), r.OptInt(3), r.OptInt(4), r.Int(5)});
}

Result<std::optional<PlaceRecord>> PlaceRepository::FindByCode(const std::string& code) {
    return FindOne("code", code);
}

Result<std::optional<PlaceRecord>> PlaceRepository::FindByRegion(int64_t region_id) {
    return FindOne("region_id", region_id);
}

Result<std::optional<PlaceRecord>> PlaceRepository::FindByEnterprise(int64_t enterprise_id) {
    return FindOne("enterprise_id", enterprise_id);
}

}  // namespace safegrid::storage
