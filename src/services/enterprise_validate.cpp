// EnterpriseService: checking a form without saving it (POST /enterprises/validate) and the answer
// to a stale edit. Both reuse the write paths' own checks, so the web never keeps a copy of a rule.
#include "core/auth/write_rule.hpp"
#include "services/enterprise_service.hpp"
#include "storage/repositories/enterprise_repository.hpp"

namespace safegrid::services {

Status EnterpriseService::ValidateNew(const Principal& caller, const EnterpriseInput& input) {
    SG_ASSIGN_OR_RETURN(BulkCreateResult result, CreateMany(&caller, {input}, true));
    if (!result.errors.empty()) return Fail(std::move(result.errors.front().error));
    return {};
}

Status EnterpriseService::ValidateEdit(const Principal& caller, int64_t id, const EnterprisePatch& patch) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    return db_->Transact(false, [&](storage::Connection& conn) -> Status {
        SG_ASSIGN_OR_RETURN(auto current, storage::EnterpriseRepository(conn).FindById(id));
        if (!current || !caller.scope.Contains(current->path, current->id)) return NotFound();
        SG_TRY(CheckEdit(conn, &caller, *current, patch));
        return {};
    });
}

Result<StaleEdit<Enterprise>> EnterpriseService::StaleEditOf(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<StaleEdit<Enterprise>> {
        SG_ASSIGN_OR_RETURN(auto current, storage::EnterpriseRepository(conn).FindById(id));
        if (!current || !caller.scope.Contains(current->path, current->id)) return NotFound();
        SG_ASSIGN_OR_RETURN(auto change, ReadLastChange(conn, current->path.town_id, "enterprise", id));
        return StaleEdit<Enterprise>{std::move(*current), std::move(change)};
    });
}

}  // namespace safegrid::services
