-- The Van Meter & Van Horn assessment of the work-system policy monitor (issue 8) becomes an
-- ordinary evaluation period of kind `sistem-kerja`: see migrations/sqlite/0201_policy_period.sql.

ALTER TABLE periods DROP CONSTRAINT periods_kind_check;
ALTER TABLE periods ADD CONSTRAINT periods_kind_check
    CHECK (kind IN ('annual', 'q1', 'q2', 'q3', 'q4', 'sistem-kerja'));

DROP TABLE policy_assessments;
