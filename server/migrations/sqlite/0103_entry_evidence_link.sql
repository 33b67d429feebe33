-- An entry's evidence may be a link (a published report, a page on the agency's site) besides
-- uploaded files: an absolute http(s) address, checked by the server, shown to signed-in
-- readers only (like evidence files, never in the public API). NULL when none.
--
-- Conventions as in 0002_assessment.sql (shared with migrations/postgres/0103_entry_evidence_link.sql).

ALTER TABLE entries ADD COLUMN evidence_link TEXT;
