package io.logwise.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The running worker processes and their duties. */
@RegisterConstructorMapper(WorkerHeartbeatRow.class)
public interface WorkerHeartbeatDao {

  @SqlUpdate(
      "INSERT INTO worker_heartbeat (worker_id, task_queue, duties, started_at_ms, seen_at_ms)"
          + " VALUES (:workerId, :taskQueue, :duties, :startedAtMs, :seenAtMs)"
          + " ON DUPLICATE KEY UPDATE task_queue = VALUES(task_queue), duties = VALUES(duties),"
          + " seen_at_ms = VALUES(seen_at_ms)")
  void beat(@BindMethods WorkerHeartbeatRow row);

  @SqlQuery(
      "SELECT worker_id, task_queue, duties, started_at_ms, seen_at_ms FROM worker_heartbeat"
          + " WHERE seen_at_ms >= :since ORDER BY worker_id")
  List<WorkerHeartbeatRow> seenSince(@Bind("since") long sinceMillis);

  /** A stopping worker leaves; one killed is forgotten once stale (and pruned here). */
  @SqlUpdate("DELETE FROM worker_heartbeat WHERE worker_id = :id OR seen_at_ms < :staleBefore")
  int leave(@Bind("id") String workerId, @Bind("staleBefore") long staleBeforeMillis);
}
