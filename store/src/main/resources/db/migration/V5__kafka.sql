-- The Kafka cluster a tenant's pipeline uses since a cluster migration; absent = the configured one.
CREATE TABLE kafka_cluster (
  tenant             VARCHAR(63)   NOT NULL PRIMARY KEY,
  bootstrap_servers  VARCHAR(2000) NOT NULL,
  migration_id       VARCHAR(64)   NOT NULL,
  switched_at_ms     BIGINT        NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- What the Spark job has read through, from its newest batch report, per tenant and cluster
-- (cluster_key = SHA-256 of the normalised bootstrap list the job read from).
CREATE TABLE spark_consumed_offsets (
  tenant             VARCHAR(63)   NOT NULL,
  cluster_key        CHAR(64)      NOT NULL,
  bootstrap_servers  VARCHAR(2000) NOT NULL,
  batch_id           VARCHAR(128)  NOT NULL,
  completion_time    BIGINT        NOT NULL,
  end_offsets        MEDIUMTEXT    NOT NULL,
  topic_lag          MEDIUMTEXT    NULL,
  received_at_ms     BIGINT        NOT NULL,
  PRIMARY KEY (tenant, cluster_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every partition-growth evaluation of a topic that had something to say, acted on or not.
CREATE TABLE kafka_partition_decision (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant              VARCHAR(63)     NOT NULL,
  decision_key        VARCHAR(190)    NOT NULL,
  topic               VARCHAR(249)    NOT NULL,
  action              VARCHAR(16)     NOT NULL,
  current_partitions  INT             NOT NULL,
  target_partitions   INT             NOT NULL,
  required_partitions INT             NULL,
  rate_per_second     DOUBLE          NULL,
  lag                 BIGINT          NULL,
  reason              VARCHAR(32)     NOT NULL,
  explanation         VARCHAR(500)    NOT NULL,
  outcome             VARCHAR(500)    NOT NULL,
  decided_at_ms       BIGINT          NOT NULL,
  UNIQUE KEY uk_kafka_partition_decision (tenant, decision_key),
  KEY ix_kafka_partition_decision_recent (tenant, decided_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Cluster migrations. active_tenant is the tenant while the migration runs and NULL after, so the
-- unique key allows one running migration per tenant.
CREATE TABLE kafka_migration (
  tenant             VARCHAR(63)   NOT NULL,
  migration_id       VARCHAR(64)   NOT NULL,
  active_tenant      VARCHAR(63)   NULL,
  status             VARCHAR(32)   NOT NULL,
  step               VARCHAR(32)   NOT NULL,
  old_bootstrap      VARCHAR(2000) NOT NULL,
  new_bootstrap      VARCHAR(2000) NOT NULL,
  requested_by       VARCHAR(64)   NULL,
  dry_run            BOOLEAN       NOT NULL,
  progress           MEDIUMTEXT    NULL,
  started_at_ms      BIGINT        NOT NULL,
  updated_at_ms      BIGINT        NOT NULL,
  PRIMARY KEY (tenant, migration_id),
  UNIQUE KEY uk_kafka_migration_active (active_tenant)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The new cluster's end offsets, recorded before any producer pointed at it: where the job
-- starts reading after the cut-over.
CREATE TABLE kafka_migration_offset (
  tenant        VARCHAR(63)  NOT NULL,
  migration_id  VARCHAR(64)  NOT NULL,
  topic         VARCHAR(249) NOT NULL,
  partition_id  INT          NOT NULL,
  start_offset  BIGINT       NOT NULL,
  PRIMARY KEY (tenant, migration_id, topic, partition_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
