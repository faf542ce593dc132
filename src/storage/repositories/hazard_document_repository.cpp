#include "storage/repositories/hazard_document_repository.hpp"

#include <array>

namespace safegrid::storage {

Result<std::optional<HazardDocumentRow>> HazardDocumentRepository::Find(int64_t hazard_id, const std::string& kind) {
    const std::array<Value, 2> params = {hazard_id, kind};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT hazard_id, town_id, kind, number, issued_at FROM "
                                               "hazard_documents WHERE hazard_id = ? AND kind = ?",
                                               params));
    if (rows.rows.empty()) return std::optional<HazardDocumentRow>();
    const Row& r = rows.rows.front();
    return std::optional<HazardDocumentRow>(HazardDocumentRow{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4)});
}

Status HazardDocumentRepository::LockSequence(int64_t town_id, const std::string& kind, int year) {
    // DO UPDATE (not DO NOTHING): only an update takes the row lock on PostgreSQL when the row exists.
    const std::array<Value, 3> params = {town_id, kind, int64_t{year}};
    SG_TRY(
        conn_.Execute("INSERT INTO document_numbers (town_id, kind, year, last_no) VALUES (?, ?, ?, 0) "
                      "ON CONFLICT (town_id, kind, year) DO UPDATE SET last_no = document_numbers.last_no",
                      params));
    return {};
}

}  // namespace safegrid::storage
