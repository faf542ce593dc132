-- 0005 enterprise_chars: a second FTS5 index over the same text with one token per character
-- (tokenizer safegrid_chars, storage/sqlite/char_tokenizer.cpp). The trigram index of 0002 needs
-- three characters; a town's most common searches are two (宏达, 锦纶) or a single one. A phrase
-- query here finds the rows holding those characters in a row: substring search by index at any
-- length. The tokenizer lives in the SafeGrid binary, so only SafeGrid can write this store.
CREATE VIRTUAL TABLE enterprises_chars USING fts5(
    name, address, credit_code, content = 'enterprises', content_rowid = 'id', tokenize = 'safegrid_chars');
CREATE TRIGGER enterprises_chars_insert AFTER INSERT ON enterprises BEGIN
    INSERT INTO enterprises_chars (rowid, name, address, credit_code)
    VALUES (new.id, new.name, new.address, new.credit_code);
END;
CREATE TRIGGER enterprises_chars_delete AFTER DELETE ON enterprises BEGIN
    INSERT INTO enterprises_chars (enterprises_chars, rowid, name, address, credit_code)
    VALUES ('delete', old.id, old.name, old.address, old.credit_code);
END;
CREATE TRIGGER enterprises_chars_update AFTER UPDATE OF name, address, credit_code ON enterprises BEGIN
    INSERT INTO enterprises_chars (enterprises_chars, rowid, name, address, credit_code)
    VALUES ('delete', old.id, old.name, old.address, old.credit_code);
    INSERT INTO enterprises_chars (rowid, name, address, credit_code)
    VALUES (new.id, new.name, new.address, new.credit_code);
END;
INSERT INTO enterprises_chars (enterprises_chars) VALUES ('rebuild');
