-- When the expiry sweep last checked a service to the end without a failure: a service that no
-- lifecycle rule enforces counts as enforced only while this is recent.
ALTER TABLE service_details ADD COLUMN swept_at_ms BIGINT NULL;
