-- Ranks are computed when results are read, from the stored totals (standard competition
-- ranking, the engine's `rank_by_total`), so a write re-scores and stores only the units it
-- touches instead of re-ranking its whole population. The total is kept a second time as integer
-- hundredths (`81.00` → 8100) so both engines rank by an index instead of parsing text.
ALTER TABLE results ADD COLUMN total_cents INTEGER NOT NULL DEFAULT 0;
UPDATE results SET total_cents = CAST(ROUND(CAST(total AS REAL) * 100) AS INTEGER);
DROP INDEX results_ranking;
ALTER TABLE results DROP COLUMN rank;
CREATE INDEX results_ranking ON results (period_id, population, total_cents);
