-- Since when the old cluster of a draining migration has received nothing (and its end offsets'
-- sum then): kept here so that a worker killed during the drain carries the quiet period on
-- instead of starting it again (the activity's heartbeat details lag by up to 80 % of the
-- heartbeat timeout).
ALTER TABLE kafka_migration ADD COLUMN drain_end_sum BIGINT NULL;
ALTER TABLE kafka_migration ADD COLUMN drain_quiet_since_ms BIGINT NULL;
