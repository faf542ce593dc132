-- 0024 training sign-in: one phone signs in once per session (docs/training.md "QR sign-in").
-- SQLite; same meaning as postgres/0024_training_signin_phone.sql.
--
-- The service looks the phone up before it inserts, in the same write transaction; this index makes
-- the rule hold even for two phones racing on two connections (the loser reads the winner's row).
-- Phones are stored normalised (digits only, core/training/signin.hpp), so "138 0000 0000" and
-- "13800000000" are one person.
CREATE UNIQUE INDEX training_signins_phone ON training_signins (training_id, phone);
