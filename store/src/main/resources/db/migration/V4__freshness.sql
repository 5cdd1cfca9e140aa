-- Log freshness measurements: how many minutes the newest partition of a service lagged.
CREATE TABLE freshness_sample (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant         VARCHAR(63)     NOT NULL,
  service_name   VARCHAR(255)    NOT NULL,
  delay_minutes  INT             NOT NULL,
  measured_at_ms BIGINT          NOT NULL,
  KEY ix_freshness (tenant, service_name, measured_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
