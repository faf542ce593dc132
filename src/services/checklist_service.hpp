// The checklist templates (检查表) inspectors answer, versioned in the store.
//
// At start-up the app hands the templates built from the standards files (services/checklist_loader)
// to Sync: each one whose content differs from its latest stored version is stored as the next
// version (version 1 the first time) in checklist_templates, with an audit entry; unchanged ones
// keep their version. The versions served are then the stored ones, and every inspection records
// the version it was answered against, so an old inspection still shows the items as they were
// asked after the standards change (DOMAIN.md §2.2: each item carries instrument, article and
// effective date; public systems that re-read old answers against a new list get them wrong).
//
// When the standards files cannot be read at start-up but versions are stored, the latest stored
// versions are served (LoadFromDirectory reports from_store): a damaged deployment of the data files
// must not stop the town's inspections.
//
// Who may read: every logged-in role (enterprises need the list for their self-checks).
//
// Thread-safety: safe to share. Sync/LoadFromDirectory replace the served set atomically; readers get
// shared_ptrs that stay valid after a replacement.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/checklist/checklist.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

using TemplatePtr = std::shared_ptr<const checklist::Template>;

// A template's content as stored in checklist_templates.body_json (everything but the version,
// which is the row's key). Exposed for tests and for tools that read the table.
std::string ChecklistBodyJson(const checklist::Template& t);
// The inverse; kInternal "checklist_body_unreadable" for text it cannot read (a hand-edited row).
Result<checklist::Template> ChecklistFromBodyJson(std::string_view body, int64_t version);

class ChecklistService {
  public:
    ChecklistService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit);

    struct SyncReport {
        int64_t templates = 0;     // served
        int64_t new_versions = 0;  // stored by this call
        bool from_store = false;   // the files could not be read; the stored latest versions are served
    };
    // Stores new versions as described above (one transaction) and serves the result.
    Result<SyncReport> Sync(const std::vector<checklist::Template>& templates);
    // LoadChecklistTemplates(dir) then Sync; on a load failure falls back to the stored versions, and
    // fails with the load error only when nothing is stored either.
    Result<SyncReport> LoadFromDirectory(const std::filesystem::path& standards_dir);

    // GET /api/v1/checklists: the current version of every template, by id.
    [[nodiscard]] std::vector<TemplatePtr> List() const;
    // The current version of `id`; null when there is no such template.
    [[nodiscard]] TemplatePtr Current(std::string_view id) const;
    // The current template whose checklist::PublicNumber is `number`; null when none.
    [[nodiscard]] TemplatePtr CurrentByNumber(int64_t number) const;
    // Version `version` of `id` (the current one from memory, older ones from the store, cached);
    // null when not stored. Runs on the caller's connection (inside its transaction).
    Result<TemplatePtr> Version(storage::Connection& conn, const std::string& id, int64_t version);

  private:
    void Serve(std::vector<TemplatePtr> templates);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    mutable std::mutex mu_;
    std::map<std::string, TemplatePtr, std::less<>> current_;              // guarded by mu_
    std::map<std::pair<std::string, int64_t>, TemplatePtr> old_versions_;  // guarded by mu_
};

}  // namespace safegrid::services
