#include "storage/repositories/public_report_repository.hpp"

#include <array>

namespace safegrid::storage {

Result<std::optional<int64_t>> PublicReportRepository::Insert(const PublicReportRecord& r) {
    const std::array<Value, 7> params = {r.town_id,   r.tracking_code, r.hazard_id,           r.contact,
                                         r.client_ip, r.created_at,    Nullable(r.place_code)};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("INSERT INTO public_reports (town_id, tracking_code, hazard_id, "
                                               "contact, client_ip, created_at, place_code) "
                                               "VALUES (?, ?, ?, ?, ?, ?, ?) "
                                               "ON CONFLICT (tracking_code) DO NOTHING RETURNING id",
                                               params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows[0].Int(0));
}

Result<std::optional<PublicReportStatus>> PublicReportRepository::StatusOf(const std::string& tracking_code) {
    const std::array<Value, 1> params = {tracking_code};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT h.status, h.updated_at FROM public_reports p JOIN hazards h "
                                               "ON h.id = p.hazard_id WHERE p.tracking_code = ?",
                                               params));
    if (rows.rows.empty()) return std::optional<PublicReportStatus>();
    auto status = ParseHazardStatus(rows.rows[0].Text(0));
    if (!status) return Internal("hazard with unknown status " + rows.rows[0].Text(0));
    return std::optional<PublicReportStatus>(PublicReportStatus{*status, rows.rows[0].Int(1)});
}

Result<std::optional<PublicReportReply>> PublicReportRepository::ReplyOf(const std::string& tracking_code) {
    const std::array<Value, 1> params = {tracking_code};
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT h.id, h.status, h.updated_at FROM public_reports p JOIN hazards h "
                                    "ON h.id = p.hazard_id WHERE p.tracking_code = ?",
                                    params));
    if (rows.rows.empty()) return std::optional<PublicReportReply>();
    auto status = ParseHazardStatus(rows.rows[0].Text(1));
    if (!status) return Internal("hazard with unknown status " + rows.rows[0].Text(1));
    PublicReportReply reply{*status, rows.rows[0].Int(2), std::nullopt};
    const char* closing_action = *status == HazardStatus::kRejected ? "reject"
                                 : *status == HazardStatus::kClosed ? "approve"
                                                                    : nullptr;
    if (!closing_action) return std::optional<PublicReportReply>(reply);
    // The latest event that entered the current (final) status: the officer's reason is its comment.
    const std::array<Value, 2> event_params = {rows.rows[0].Int(0), std::string(HazardStatusName(*status))};
    SG_ASSIGN_OR_RETURN(Rows events, conn_.Query("SELECT action, comment FROM hazard_events WHERE hazard_id = ? "
                                                 "AND to_status = ? ORDER BY id DESC LIMIT 1",
                                                 event_params));
    if (!events.rows.empty() && events.rows[0].Text(0) == closing_action && !events.rows[0].IsNull(1) &&
        !events.rows[0].Text(1).empty()) {
        reply.reason = events.rows[0].Text(1);
    }
    return std::optional<PublicReportReply>(reply);
}

Result<std::optional<PublicReportOrigin>> PublicReportRepository::OriginOf(int64_t hazard_id) {
    const std::array<Value, 1> params = {hazard_id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT contact, created_at, place_code FROM public_reports "
                                               "WHERE hazard_id = ? ORDER BY id LIMIT 1",
                                               params));
    if (rows.rows.empty()) return std::optional<PublicReportOrigin>();
    const Row& row = rows.rows[0];
    return std::optional<PublicReportOrigin>(PublicReportOrigin{row.Text(0), row.Int(1), row.OptText(2)});
}

Result<std::optional<int64_t>> PublicReportRepository::FirstTown() {
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT MIN(id) FROM regions WHERE kind = 'town'"));
    if (rows.rows.empty() || rows.rows[0].IsNull(0)) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows[0].Int(0));
}

Result<bool> PublicReportRepository::IsTown(int64_t id) {
    const std::array<Value, 1> params = {id};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT 1 FROM regions WHERE id = ? AND kind = 'town'", params));
    return !rows.rows.empty();
}

}  // namespace safegrid::storage
