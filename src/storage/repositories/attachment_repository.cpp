#include "storage/repositories/attachment_repository.hpp"

#include <array>
#include <set>

namespace safegrid::storage {
namespace {

constexpr std::string_view kColumns =
    "id, town_id, sha256, size, content_type, uploader_id, uploader_ip, taken_at, lat, lng, created_at";

AttachmentRecord FromRow(const Row& row) {
    AttachmentRecord a;
    a.id = row.Int(0);
    a.town_id = row.Int(1);
    a.sha256 = row.Text(2);
    a.size = row.Int(3);
    a.content_type = row.Text(4);
    a.uploader_id = row.OptInt(5);
    a.uploader_ip = row.Text(6);
    a.taken_at = row.OptInt(7);
    a.lat = row.OptDouble(8);
    a.lng = row.OptDouble(9);
    a.created_at = row.Int(10);
    return a;
}

}  // namespace

Result<int64_t> AttachmentRepository::Insert(const AttachmentRecord& a) {
    const std::array<Value, 10> params = {a.town_id,
                                          a.sha256,
                                          a.size,
                                          a.content_type,
                                          Nullable(a.uploader_id),
                                          a.uploader_ip,
                                          Nullable(a.taken_at),
                                          Nullable(a.lat),
                                          Nullable(a.lng),
                                          a.created_at};
    SG_ASSIGN_OR_RETURN(
        Rows rows, conn_.Query("INSERT INTO attachments (town_id, sha256, size, content_type, uploader_id, "
                               "uploader_ip, taken_at, lat, lng, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                               "RETURNING id",
                               params));
    if (rows.rows.empty()) return Internal("INSERT INTO attachments returned no id");
    return rows.rows[0].Int(0);
}

Result<std::optional<AttachmentRecord>> AttachmentRepository::FindById(int64_t id, const TownLimit& town) {
    std::vector<Value> params = {id};
    const std::string limit = TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(
        Rows rows, conn_.Query("SELECT " + std::string(kColumns) + " FROM attachments WHERE id = ?" + limit, params));
    if (rows.rows.empty()) return std::optional<AttachmentRecord>();
    return std::optional<AttachmentRecord>(FromRow(rows.rows[0]));
}

Result<std::vector<AttachmentUse>> AttachmentRepository::Uses(int64_t attachment_id) {
    const std::array<Value, 1> params = {attachment_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT entity, entity_id, role FROM attachment_links WHERE "
                                               "attachment_id = ? ORDER BY entity, entity_id",
                                               params));
    std::vector<AttachmentUse> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back({row.Text(0), row.Int(1), row.Text(2)});
    return out;
}

Result<int64_t> AttachmentRepository::ClaimPublic(const std::vector<int64_t>& ids, int64_t town_id) {
    const std::set<int64_t> unique(ids.begin(), ids.end());
    if (unique.empty()) return int64_t{0};
    std::string sql =
        "UPDATE attachments SET town_id = ? WHERE uploader_id IS NULL AND town_id = 0 AND NOT EXISTS "
        "(SELECT 1 FROM attachment_links l WHERE l.attachment_id = attachments.id) AND id IN (";
    std::vector<Value> params{town_id};
    for (int64_t id : unique) {
        sql += params.size() == 1 ? "?" : ", ?";
        params.emplace_back(id);
    }
    sql += ")";
    return conn_.Execute(sql, params);
}

Result<std::vector<AttachmentRecord>> AttachmentRepository::Orphans(UnixSeconds public_before, UnixSeconds staff_before,
                                                                    int64_t limit) {
    const std::array<Value, 3> params = {public_before, staff_before, limit};
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("SELECT " + std::string(kColumns) +
                        " FROM attachments a WHERE ((a.uploader_id IS NULL AND a.town_id = 0 AND a.created_at < ?) "
                        "OR (a.uploader_id IS NOT NULL AND a.created_at < ?)) AND NOT EXISTS "
                        "(SELECT 1 FROM attachment_links l WHERE l.attachment_id = a.id) ORDER BY a.id LIMIT ?",
                    params));
    std::vector<AttachmentRecord> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back(FromRow(r));
    return out;
}

Result<bool> AttachmentRepository::DeleteOrphan(int64_t id) {
    const std::array<Value, 1> params = {id};
    SG_ASSIGN_OR_RETURN(int64_t n, conn_.Execute("DELETE FROM attachments WHERE id = ? AND (uploader_id IS NOT NULL "
                                                 "OR town_id = 0) AND NOT EXISTS (SELECT 1 FROM attachment_links l "
                                                 "WHERE l.attachment_id = attachments.id)",
                                                 params));
    return n > 0;
}

Result<bool> AttachmentRepository::ShaInUse(const std::string& sha256) {
    const std::array<Value, 1> params = {sha256};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", params));
    return !rows.rows.empty();
}

}  // namespace safegrid::storage
