// How every table of the schema would sit on Citus (docs/scale.md), in one list that both the
// SingleTownQueries test (which statements must name one town) and the ScaleDoc test (the doc's
// table lists exactly these) read, so neither the doc nor the test can drift from the schema.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace safegrid::test {

enum class TableClass {
    kDistributed,  // has town_id; create_distributed_table(..., 'town_id'), co-located with hazards
    kChild,        // belongs to a distributed row but has no town_id yet: gains it at the move to Citus
    kReference,    // small, read by every town: create_reference_table (a copy on every node)
    kLocal,        // node-wide bookkeeping that never joins town data: a plain table on the coordinator
    kSqliteOnly,   // the embedded store's own search index; PostgreSQL has no such table
};

inline const char* TableClassName(TableClass c) {
    switch (c) {
        case TableClass::kDistributed:
            return "distributed";
        case TableClass::kChild:
            return "distributed (child, needs town_id)";
        case TableClass::kReference:
            return "reference";
        case TableClass::kLocal:
            return "coordinator-local";
        case TableClass::kSqliteOnly:
            return "SQLite only";
    }
    return "?";
}

struct TableInfo {
    TableClass cls;
    const char* why;
};

// Keyed by table name. Every table of either store must be here (ScaleDoc checks it).
inline const std::map<std::string, TableInfo>& TableClasses() {
    using C = TableClass;
    static const std::map<std::string, TableInfo> tables = {
        {"alarms", {C::kDistributed, "device alarms of a town's enterprises"}},
        {"attachment_links", {C::kDistributed, "which record an upload belongs to"}},
        {"attachments", {C::kDistributed, "upload metadata (the bytes are files)"}},
        {"audit_heads", {C::kDistributed, "one hash chain per town"}},
        {"audit_log", {C::kDistributed, "the town's chain of changes"}},
        {"buildings", {C::kDistributed, "registry"}},
        {"campaign_categories", {C::kDistributed, "of campaigns; town_id since 0031"}},
        {"campaign_counts", {C::kDistributed, "per-grid campaign counters"}},
        {"campaign_enterprises", {C::kDistributed, "of campaigns; town_id since 0031"}},
        {"campaign_regions", {C::kDistributed, "of campaigns; town_id since 0031"}},
        {"campaign_tags", {C::kDistributed, "of campaigns; town_id since 0031"}},
        {"campaigns", {C::kDistributed, "a town's campaigns"}},
        {"checklist_templates", {C::kReference, "the national/provincial standards, same for every town"}},
        {"device_components", {C::kDistributed, "of devices; town_id since 0031"}},
        {"device_inbox", {C::kChild, "of devices (raw frames before processing)"}},
        {"devices", {C::kDistributed, "registry"}},
        {"document_numbers", {C::kDistributed, "a town's notice numbering"}},
        {"enterprise_counts", {C::kDistributed, "per-grid counters for statistics"}},
        {"enterprise_risk_history", {C::kDistributed, "risk grade changes"}},
        {"enterprises", {C::kDistributed, "registry"}},
        {"enterprises_chars", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_chars_config", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_chars_content", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_chars_data", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_chars_docsize", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_chars_idx", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_fts", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_fts_config", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_fts_data", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_fts_docsize", {C::kSqliteOnly, "FTS5 index"}},
        {"enterprises_fts_idx", {C::kSqliteOnly, "FTS5 index"}},
        {"hazard_counts", {C::kDistributed, "per-grid counters for statistics"}},
        {"hazard_documents", {C::kDistributed, "numbered notices"}},
        {"hazard_due_counts", {C::kDistributed, "per-grid deadline counters"}},
        {"hazard_events", {C::kDistributed, "the closed loop's history"}},
        {"hazard_import_refs", {C::kDistributed, "import de-duplication"}},
        {"hazard_month_counts", {C::kDistributed, "per-grid monthly counters"}},
        {"hazards", {C::kDistributed, "the largest table; the co-location anchor"}},
        {"idempotency_keys", {C::kLocal, "a replay cache keyed by caller, 30 days"}},
        {"inspection_items", {C::kDistributed, "checklist answers"}},
        {"inspections", {C::kDistributed, "inspections"}},
        {"job_leases", {C::kLocal, "which process runs a scheduled job now"}},
        {"job_runs", {C::kLocal, "scheduler bookkeeping"}},
        {"live_events", {C::kDistributed, "the SSE log"}},
        {"monthly_reports", {C::kDistributed, "a town's stored reports"}},
        {"notifications", {C::kDistributed, "inboxes"}},
        {"outbox", {C::kDistributed, "webhook deliveries"}},
        {"places", {C::kDistributed, "QR poster codes"}},
        {"public_reports", {C::kDistributed, "citizens' reports"}},
        {"rate_windows", {C::kLocal, "shared login and public rate-limit counters"}},
        {"regions", {C::kReference, "the region tree: small, read by every scope check and join"}},
        {"schema_migrations", {C::kLocal, "migration bookkeeping"}},
        {"scorecard_manual", {C::kDistributed, "scorecard points entered by hand"}},
        {"scorecard_months", {C::kDistributed, "per-grid monthly counters"}},
        {"scorecard_village_months", {C::kDistributed, "per-village monthly counters"}},
        {"sessions", {C::kReference, "looked up by token before the town is known"}},
        {"sqlite_sequence", {C::kSqliteOnly, "SQLite's AUTOINCREMENT bookkeeping"}},
        {"station_drills", {C::kDistributed, "of stations; town_id since 0031"}},
        {"station_equipment", {C::kDistributed, "of stations; town_id since 0031"}},
        {"stations", {C::kDistributed, "micro fire stations"}},
        {"store_meta", {C::kLocal, "store-wide flags"}},
        {"training_attendance", {C::kDistributed, "who attended"}},
        {"training_signins", {C::kDistributed, "of trainings (QR sign-ins); town_id since 0031"}},
        {"trainings", {C::kDistributed, "training sessions"}},
        {"users", {C::kReference, "looked up by username at login, before the town is known"}},
        {"write_positions", {C::kLocal, "each user's last write position, for read-your-writes on replicas"}},
    };
    return tables;
}

// The block of docs/scale.md between its "tables" markers: one row per table, then the Citus
// commands that distribute them. ScaleDoc fails with this text when the doc differs.
inline std::string TablesMarkdown() {
    std::string md = "| table | on Citus | distribution column | what it holds |\n| --- | --- | --- | --- |\n";
    std::string reference_sql, distributed_sql;
    for (const auto& [name, info] : TableClasses()) {
        if (info.cls == TableClass::kSqliteOnly) continue;
        const char* column = info.cls == TableClass::kDistributed ? "town_id"
                             : info.cls == TableClass::kChild     ? "town_id (to add)"
                                                                  : "—";
        md += "| " + name + " | " + TableClassName(info.cls) + " | " + column + " | " + info.why + " |\n";
        if (info.cls == TableClass::kReference) reference_sql += "SELECT create_reference_table('" + name + "');\n";
        if (info.cls == TableClass::kDistributed || info.cls == TableClass::kChild) {
            distributed_sql += name == "hazards" ? ""
                                                 : "SELECT create_distributed_table('" + name +
                                                       "', 'town_id', colocate_with => 'hazards');\n";
        }
    }
    md +=
        "\nSQLite-only tables (the embedded store's FTS5 search index, `sqlite_sequence`) have no PostgreSQL "
        "counterpart and are not listed.\n\n```sql\n" +
        reference_sql + "SELECT create_distributed_table('hazards', 'town_id');\n" + distributed_sql + "```\n";
    return md;
}

}  // namespace safegrid::test
