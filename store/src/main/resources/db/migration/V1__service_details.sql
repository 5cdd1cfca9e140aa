-- Services found in a tenant's bucket. Tenants are data (no enum), services are keyed by
-- tenant + name + environment ('' when the bucket has no env= level).
-- Times are whole seconds in UTC (Connector/J drops fractions against MariaDB).
CREATE TABLE service_details (
  id               BIGINT UNSIGNED  NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant           VARCHAR(63)      NOT NULL,
  service_name     VARCHAR(255)     NOT NULL,
  environment      VARCHAR(63)      NOT NULL DEFAULT '',
  retention_days   SMALLINT UNSIGNED NOT NULL,
  retention_source VARCHAR(16)      NOT NULL DEFAULT 'default',
  first_seen_at    TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen_at     TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uk_service_details (tenant, service_name, environment)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
