-- The idempotency key of the catalog sync that last counted a service absent: a sync retried after
-- its transaction committed (the activity failed before answering) must not count it twice.
ALTER TABLE service_details ADD COLUMN absent_sync_key VARCHAR(190) NULL;
