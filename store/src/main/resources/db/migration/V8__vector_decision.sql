-- Every decision of vector-scaler/<tenant> (one a minute): what it saw, what it decided, why, and
-- what acting did. Rows older than the tenant's retention are pruned by the recording activity.
CREATE TABLE vector_decision (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant            VARCHAR(63)     NOT NULL,
  decided_at_ms     BIGINT          NOT NULL,
  current_instances INT             NOT NULL,
  target_instances  INT             NOT NULL,
  why               VARCHAR(32)     NOT NULL,
  reason            VARCHAR(500)    NOT NULL,
  sample            TEXT            NOT NULL,
  outcome           VARCHAR(500)    NOT NULL,
  UNIQUE KEY uk_vector_decision (tenant, decided_at_ms),
  KEY ix_vector_decision_recent (tenant, decided_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
