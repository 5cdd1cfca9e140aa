-- Per-batch metrics from the Spark listener; one row per (tenant, batch), pruned by age.
CREATE TABLE spark_batch (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant          VARCHAR(63)     NOT NULL,
  batch_id        VARCHAR(128)    NOT NULL,
  input_records   BIGINT          NOT NULL,
  output_bytes    BIGINT          NOT NULL,
  submission_time BIGINT          NOT NULL,
  completion_time BIGINT          NOT NULL,
  cores_used      INT             NULL,
  status          VARCHAR(30)     NOT NULL,
  kafka_lag       BIGINT          NULL,
  received_at     TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uk_spark_batch (tenant, batch_id),
  KEY ix_spark_batch_time (tenant, submission_time),
  KEY ix_spark_batch_received (received_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Operator overrides of the scaling flags; NULL means "not overridden" (the reference's NOT
-- NULL columns could never be cleared).
CREATE TABLE spark_scale_override (
  tenant      VARCHAR(63) NOT NULL PRIMARY KEY,
  upscale     BOOLEAN     NULL,
  downscale   BOOLEAN     NULL,
  updated_by  VARCHAR(64) NULL,
  updated_at  TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every scaling evaluation, acted on or not, with its inputs and reason.
CREATE TABLE scaling_decision (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant           VARCHAR(63)     NOT NULL,
  decision_key     VARCHAR(190)    NOT NULL,
  batch_id         VARCHAR(128)    NULL,
  policy           VARCHAR(32)     NOT NULL,
  action           VARCHAR(16)     NOT NULL,
  actual_workers   INT             NOT NULL,
  expected_workers INT             NULL,
  target_workers   INT             NOT NULL,
  reason           VARCHAR(500)    NOT NULL,
  inputs           TEXT            NOT NULL,
  outcome          VARCHAR(500)    NOT NULL,
  decided_at_ms    BIGINT          NOT NULL,
  UNIQUE KEY uk_scaling_decision (tenant, decision_key),
  KEY ix_scaling_decision_recent (tenant, decided_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
