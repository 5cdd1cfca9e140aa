-- The workflow run that owns a running migration. The API and `logwise migrate-kafka` claim the
-- slot before the workflow exists (NULL); the workflow's first claim writes its run id. Another
-- run of the same migration id (Temporal's reset, or a start after a terminate) may take the slot
-- only while the migration is still in its preflight, which repeats nothing.
ALTER TABLE kafka_migration ADD COLUMN run_id VARCHAR(64) NULL;
