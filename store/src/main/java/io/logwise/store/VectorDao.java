package io.logwise.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The Vector scaler's decisions. */
@RegisterConstructorMapper(VectorDecisionRow.class)
public interface VectorDao {

  /** Once per tenant and minute: a retried activity writes nothing twice. */
  @SqlUpdate(
      "INSERT IGNORE INTO vector_decision (tenant, decided_at_ms, current_instances,"
          + " target_instances, why, reason, sample, outcome) VALUES (:tenant, :decidedAtMs,"
          + " :currentInstances, :targetInstances, :why, :reason, :sample, :outcome)")
  int insertDecision(@BindMethods VectorDecisionRow row);

  @SqlQuery(
      "SELECT tenant, decided_at_ms, current_instances, target_instances, why, reason, sample,"
          + " outcome FROM vector_decision WHERE tenant = :tenant"
          + " ORDER BY decided_at_ms DESC, id DESC LIMIT :limit")
  List<VectorDecisionRow> recentDecisions(@Bind("tenant") String tenant, @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM vector_decision WHERE tenant = :tenant AND decided_at_ms < :before")
  int pruneDecisions(@Bind("tenant") String tenant, @Bind("before") long beforeMillis);
}
