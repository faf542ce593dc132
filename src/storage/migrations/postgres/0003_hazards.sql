-- 0003 hazards: the closed loop (隐患闭环), inspections (排查), evidence, public reports,
-- notifications and the counters that keep statistics cheap. PostgreSQL; same meaning as
-- sqlite/0003_hazards.sql. Times are Unix seconds UTC. No foreign keys (see 0001).
--
-- Every row carries (town_id, village_id, grid_id) like the registry. A public report that has no
-- enterprise yet sits at town level: village_id and grid_id NULL, enterprise_id NULL.

CREATE TABLE hazards (
    id               BIGSERIAL PRIMARY KEY,
    town_id          BIGINT NOT NULL,
    village_id       BIGINT,
    grid_id          BIGINT,
    enterprise_id    BIGINT,
    source           TEXT    NOT NULL CHECK (source IN ('staff', 'inspection', 'enterprise', 'public', 'device', 'import')),
    inspection_id    BIGINT,
    checklist_item   TEXT,            -- the standard's item id, e.g. "FS-EVA-03"
    title            TEXT    NOT NULL,
    description      TEXT    NOT NULL DEFAULT '',
    category         TEXT    NOT NULL DEFAULT 'other',
    severity         TEXT    NOT NULL CHECK (severity IN ('general', 'major')),
    major_reason     TEXT    NOT NULL DEFAULT '',  -- why it is major (the standard's article), when it is
    legal_basis      TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL CHECK (status IN ('reported', 'rectifying', 'submitted', 'closed', 'rejected')),
    due_at           BIGINT,
    found_at         BIGINT NOT NULL,
    closed_at        BIGINT,
    closed_on_time   BIGINT,         -- 1 when closed_at <= due_at at closing
    reporter_id      BIGINT,         -- user who created it; NULL for public and imported
    duplicate_of     BIGINT,         -- a public report linked to the hazard it repeats
    listing_no       TEXT,            -- 挂牌督办 number of a supervised major hazard
    listed_at        BIGINT,
    escalation_level BIGINT NOT NULL DEFAULT 0,  -- 0 none, 1 village officer told, 2 town told
    lat              DOUBLE PRECISION,
    lng              DOUBLE PRECISION,
    address          TEXT    NOT NULL DEFAULT '',
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
-- Lists: "<path column> = ? [AND status = ?] ORDER BY id DESC"; overdue: status='rectifying' AND due_at < now.
CREATE INDEX hazards_town_status ON hazards (town_id, status, id);
CREATE INDEX hazards_village_status ON hazards (village_id, status, id);
CREATE INDEX hazards_grid_status ON hazards (grid_id, status, id);
CREATE INDEX hazards_town_id ON hazards (town_id, id);
CREATE INDEX hazards_village_id ON hazards (village_id, id);
CREATE INDEX hazards_grid_id ON hazards (grid_id, id);
CREATE INDEX hazards_enterprise ON hazards (enterprise_id, id);
CREATE INDEX hazards_due ON hazards (status, due_at);
CREATE INDEX hazards_town_due ON hazards (town_id, status, due_at);
CREATE INDEX hazards_village_due ON hazards (village_id, status, due_at);
CREATE INDEX hazards_grid_due ON hazards (grid_id, status, due_at);

-- The history of each hazard: every transition with actor, time, comment, attachments and the
-- deadline before and after.
CREATE TABLE hazard_events (
    id          BIGSERIAL PRIMARY KEY,
    town_id     BIGINT NOT NULL,
    hazard_id   BIGINT NOT NULL,
    action      TEXT    NOT NULL,   -- create, confirm, reject, submit, approve, return, extend, assign, link, list, escalate
    from_status TEXT,
    to_status   TEXT,
    actor_id    BIGINT,
    actor_name  TEXT    NOT NULL DEFAULT '',
    at          BIGINT NOT NULL,
    comment     TEXT,
    due_before  BIGINT,
    due_after   BIGINT,
    attachments TEXT    NOT NULL DEFAULT '[]'  -- JSON array of attachment ids
);
CREATE INDEX hazard_events_hazard ON hazard_events (hazard_id, id);

-- Counters kept in the same transaction as every hazard write, so statistics never scan the
-- hazards table: one row per (place, status, severity). village_id/grid_id are 0 for rows held
-- at a higher level (public reports not yet assigned).
CREATE TABLE hazard_counts (
    town_id        BIGINT NOT NULL,
    village_id     BIGINT NOT NULL,
    grid_id        BIGINT NOT NULL,
    status         TEXT    NOT NULL,
    severity       TEXT    NOT NULL,
    n              BIGINT NOT NULL DEFAULT 0,
    closed_on_time BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (town_id, village_id, grid_id, status, severity)
);
-- Statistics of a village or grid sum the rows of that place (the primary key serves towns).
CREATE INDEX hazard_counts_village ON hazard_counts (village_id);
CREATE INDEX hazard_counts_grid ON hazard_counts (grid_id);
-- Hazards found and closed per place and month (China time, yyyymm), kept with hazard_counts in
-- every hazard write, so the monthly trend never scans hazards either.
CREATE TABLE hazard_month_counts (
    town_id    BIGINT NOT NULL,
    village_id BIGINT NOT NULL,
    grid_id    BIGINT NOT NULL,
    month      BIGINT NOT NULL,
    found      BIGINT NOT NULL DEFAULT 0,
    closed     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (town_id, village_id, grid_id, month)
);
CREATE INDEX hazard_month_counts_village ON hazard_month_counts (village_id, month);
CREATE INDEX hazard_month_counts_grid ON hazard_month_counts (grid_id, month);

CREATE TABLE inspections (
    id                BIGSERIAL PRIMARY KEY,
    town_id           BIGINT NOT NULL,
    village_id        BIGINT NOT NULL,
    grid_id           BIGINT NOT NULL,
    enterprise_id     BIGINT NOT NULL,
    checklist_id      TEXT    NOT NULL,
    checklist_version TEXT    NOT NULL DEFAULT '',
    kind              TEXT    NOT NULL DEFAULT 'routine' CHECK (kind IN ('routine', 'campaign', 'self_check', 'joint')),
    inspector_id      BIGINT,
    inspector_name    TEXT    NOT NULL DEFAULT '',
    at                BIGINT NOT NULL,
    passed            BIGINT NOT NULL DEFAULT 0,
    failed            BIGINT NOT NULL DEFAULT 0,
    not_applicable    BIGINT NOT NULL DEFAULT 0,
    note              TEXT    NOT NULL DEFAULT '',
    lat               DOUBLE PRECISION,
    lng               DOUBLE PRECISION,
    created_at        BIGINT NOT NULL
);
CREATE INDEX inspections_enterprise ON inspections (enterprise_id, id);
CREATE INDEX inspections_town ON inspections (town_id, id);
CREATE INDEX inspections_village ON inspections (village_id, id);
CREATE INDEX inspections_grid ON inspections (grid_id, id);

CREATE TABLE inspection_items (
    inspection_id BIGINT NOT NULL,
    town_id       BIGINT NOT NULL,
    position      BIGINT NOT NULL,
    item_id       TEXT    NOT NULL,
    result        TEXT    NOT NULL CHECK (result IN ('pass', 'fail', 'na')),
    note          TEXT    NOT NULL DEFAULT '',
    attachments   TEXT    NOT NULL DEFAULT '[]',
    hazard_id     BIGINT,
    PRIMARY KEY (inspection_id, position)
);

-- Checklist templates as loaded from the standards files, one row per (id, version): a new version is
-- stored whenever a template's content changes, and inspections.checklist_version names the row an
-- inspection used, so its items still read as they were asked after the standards change.
CREATE TABLE checklist_templates (
    id             TEXT    NOT NULL,
    version        BIGINT  NOT NULL,
    title          TEXT    NOT NULL,
    body_json      TEXT    NOT NULL,   -- the whole template (sections and items), canonical JSON
    effective_date TEXT    NOT NULL DEFAULT '',
    loaded_at      BIGINT  NOT NULL,
    PRIMARY KEY (id, version)
);

-- Historic hazards imported from another ledger: the source's own reference per town, so importing
-- the same ledger twice is refused row by row instead of doubling the town's history.
CREATE TABLE hazard_import_refs (
    town_id   BIGINT  NOT NULL,
    ref       TEXT    NOT NULL,
    hazard_id BIGINT  NOT NULL,
    PRIMARY KEY (town_id, ref)
);

-- Evidence, stored by content hash under data_dir. A file may be attached to several things;
-- who may download it follows what it is attached to (and its uploader, before it is attached).
CREATE TABLE attachments (
    id           BIGSERIAL PRIMARY KEY,
    town_id      BIGINT NOT NULL,   -- the uploader's town (0 for public uploads until linked)
    sha256       TEXT    NOT NULL,
    size         BIGINT NOT NULL,
    content_type TEXT    NOT NULL,
    uploader_id  BIGINT,            -- NULL for public uploads
    uploader_ip  TEXT    NOT NULL DEFAULT '',
    taken_at     BIGINT,            -- EXIF DateTimeOriginal, when present
    lat          DOUBLE PRECISION,               -- EXIF GPS, when present
    lng          DOUBLE PRECISION,
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_sha ON attachments (sha256);

CREATE TABLE attachment_links (
    attachment_id BIGINT NOT NULL,
    town_id       BIGINT NOT NULL,
    entity        TEXT    NOT NULL,  -- hazard, inspection
    entity_id     BIGINT NOT NULL,
    role          TEXT    NOT NULL DEFAULT 'evidence',  -- before, after, evidence
    PRIMARY KEY (attachment_id, entity, entity_id)
);
CREATE INDEX attachment_links_entity ON attachment_links (entity, entity_id);

CREATE TABLE public_reports (
    id            BIGSERIAL PRIMARY KEY,
    town_id       BIGINT NOT NULL,
    tracking_code TEXT    NOT NULL UNIQUE,
    hazard_id     BIGINT NOT NULL,
    contact       TEXT    NOT NULL DEFAULT '',
    client_ip     TEXT    NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);
CREATE INDEX public_reports_hazard ON public_reports (hazard_id);

-- In-app inbox. dedupe_key makes every job send at most once, even across restarts and crashes:
-- the notification is inserted in the same transaction that records why it was sent.
CREATE TABLE notifications (
    id         BIGSERIAL PRIMARY KEY,
    town_id    BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    kind       TEXT    NOT NULL,  -- reminder, due_today, overdue_village, overdue_town, supervised, assigned, ...
    hazard_id  BIGINT,
    title      TEXT    NOT NULL,  -- zh
    title_en   TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL DEFAULT '',
    link       TEXT    NOT NULL DEFAULT '',
    dedupe_key TEXT    NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Outbound deliveries (webhook), written with their notification, sent after commit, retried.
CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    town_id         BIGINT NOT NULL,
    notification_id BIGINT NOT NULL UNIQUE,
    payload         TEXT    NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at         BIGINT,
    last_error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);

-- Numbering of formal documents (整改通知书, 挂牌督办) per town and year.
CREATE TABLE document_numbers (
    town_id BIGINT NOT NULL,
    kind    TEXT    NOT NULL,
    year    BIGINT NOT NULL,
    last_no BIGINT NOT NULL,
    PRIMARY KEY (town_id, kind, year)
);
CREATE TABLE hazard_documents (
    hazard_id BIGINT NOT NULL,
    town_id   BIGINT NOT NULL,
    kind      TEXT    NOT NULL,  -- notice, listing
    number    TEXT    NOT NULL,
    issued_at BIGINT NOT NULL,
    PRIMARY KEY (hazard_id, kind)
);

-- Last run of each scheduled job (for the job screen and to resume after a restart).
CREATE TABLE job_runs (
    job         TEXT    PRIMARY KEY,
    last_run_at BIGINT NOT NULL,
    last_result TEXT    NOT NULL DEFAULT ''
);
