-- 0015 building_facts: the facts of a building that the 群租厂房 / 三合一 rules of DOMAIN.md §2.1 and
-- §7 item 2 (GA 703) turn on (core/enterprise/building_rules.hpp). SQLite; same meaning as
-- postgres/0015_building_facts.sql.
--
-- people_sleeping: how many people sleep in the building (0: nobody); a risk factor of every tenant.
-- sleeping_separated: 0/1, the sleeping part is fully fire-separated from the production and storage
--   parts (windowless fire wall, floors of at least 1.50 h) with its own escape route (GA 703 A.1.2).
-- height_m: building height in metres when known (GA 703's 15 m threshold); NULL unknown.
-- sandwich_panels: 0/1, built of combustible-core sandwich panels (GB 35181 direct determination
--   when people sleep there).

ALTER TABLE buildings ADD COLUMN people_sleeping INTEGER NOT NULL DEFAULT 0;
ALTER TABLE buildings ADD COLUMN sleeping_separated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE buildings ADD COLUMN height_m REAL;
ALTER TABLE buildings ADD COLUMN sandwich_panels INTEGER NOT NULL DEFAULT 0;
