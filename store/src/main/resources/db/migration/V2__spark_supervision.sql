-- Every driver submission the supervisor made or adopted, keyed by the workflow-minted
-- idempotency key: a retried submit finds its first attempt here.
CREATE TABLE spark_submission (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant              VARCHAR(63)     NOT NULL,
  idempotency_key     VARCHAR(190)    NOT NULL,
  submission_id       VARCHAR(100)    NULL,
  outcome             VARCHAR(16)     NOT NULL,  -- SUBMITTING, SUBMITTED, ADOPTED, REJECTED
  starting_offsets_ts BIGINT          NULL,
  subscribe_mode      VARCHAR(16)     NULL,
  message             VARCHAR(1000)   NULL,
  requested_at        TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at          TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uk_spark_submission (tenant, idempotency_key),
  KEY ix_spark_submission_recent (tenant, requested_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every replay: who, why, when, from which time, and how it ended.
CREATE TABLE spark_replay (
  id                     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant                 VARCHAR(63)     NOT NULL,
  replay_id              VARCHAR(64)     NOT NULL,
  requested_by           VARCHAR(64)     NULL,
  reason                 VARCHAR(500)    NOT NULL,
  requested_at_ms        BIGINT          NOT NULL,
  from_ts                BIGINT          NOT NULL,
  resume_at_ms           BIGINT          NULL,
  replay_submission_id   VARCHAR(100)    NULL,
  ended_at_ms            BIGINT          NULL,
  resumed_from_ts        BIGINT          NULL,
  resume_submission_id   VARCHAR(100)    NULL,
  UNIQUE KEY uk_spark_replay (tenant, replay_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
