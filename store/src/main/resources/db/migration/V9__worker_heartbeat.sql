-- Each running worker process says which duties it has, every 15 s: the API's health tells a duty
-- without a worker where Temporal cannot list a task queue's pollers (its Java test server).
CREATE TABLE worker_heartbeat (
  worker_id     VARCHAR(190) NOT NULL PRIMARY KEY,
  task_queue    VARCHAR(190) NOT NULL,
  duties        VARCHAR(200) NOT NULL,
  started_at_ms BIGINT       NOT NULL,
  seen_at_ms    BIGINT       NOT NULL,
  KEY ix_worker_heartbeat_seen (seen_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
