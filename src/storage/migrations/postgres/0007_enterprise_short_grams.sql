-- 0007 enterprise_short_grams: searches of one or two characters by index on PostgreSQL too (SQLite
-- has its per-character FTS5 index, sqlite/0005_enterprise_chars.sql). pg_trgm cannot answer them
-- (a trigram needs three characters), so they scanned every enterprise in scope: 170 ms at 100,000.
-- sg_short_grams(text) is the set of every 1- and 2-character substring of the lower-cased text; a
-- GIN index over it for the same joined text the trigram index covers (name, address, credit code
-- joined by chr(31), which no query contains) answers "contains q" for |q| ≤ 2 exactly:
-- sg_short_grams(...) @> ARRAY[lower(q)]. A plain SQL function: no extension needed.
-- Two array constructors rather than one aggregate: the function stays cheap where PostgreSQL
-- evaluates it again to recheck a row (an aggregate with DISTINCT made that 10 times slower).
CREATE FUNCTION sg_short_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT ARRAY(SELECT substr(lower(t), i, 1) FROM generate_series(1, char_length(t)) AS i)
        || ARRAY(SELECT substr(lower(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i)
$$;
CREATE INDEX enterprises_short_grams ON enterprises
    USING gin (sg_short_grams(name || chr(31) || address || chr(31) || credit_code));
