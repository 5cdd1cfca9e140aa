-- Services leave the catalog softly: a missing service is counted absent (since when, in how many
-- syncs) and, once removed, keeps its row and retention so it comes back as it was.
ALTER TABLE service_details
  ADD COLUMN removed_at   TIMESTAMP    NULL DEFAULT NULL,
  ADD COLUMN absent_since TIMESTAMP    NULL DEFAULT NULL,
  ADD COLUMN absent_syncs INT UNSIGNED NOT NULL DEFAULT 0;

-- The latest freshness of every service, measured in the background; the API answers from here.
CREATE TABLE service_freshness (
  tenant         VARCHAR(63)  NOT NULL,
  service_name   VARCHAR(255) NOT NULL,
  environment    VARCHAR(63)  NOT NULL DEFAULT '',
  delay_minutes  INT          NOT NULL,
  newest         VARCHAR(16)  NULL,
  measured_at_ms BIGINT       NOT NULL,
  PRIMARY KEY (tenant, service_name, environment)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_freshness_sample_age ON freshness_sample (measured_at_ms);
