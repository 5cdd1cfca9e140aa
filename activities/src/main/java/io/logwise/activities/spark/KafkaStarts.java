package io.logwise.activities.spark;

import io.logwise.activities.db.DatabaseCalls;
import io.logwise.activities.kafka.KafkaAdmin;
import io.logwise.activities.kafka.KafkaClusters;
import io.logwise.activities.kafka.OffsetsJson;
import io.logwise.config.TenantConfig;
import io.logwise.policy.kafka.OffsetMaps;
import io.logwise.store.KafkaDao;
import io.logwise.store.MigrationOffsetRow;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.spark.SubmitRequest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a submitted driver starts reading Kafka. Normally the tenant's current cluster with the
 * configured {@code startingOffsets}; after a migration's cut-over, the new cluster from the
 * offsets the migration recorded before any producer pointed at it, covering every partition the
 * cluster has now (Spark needs all of them): a partition that appeared after the recording starts
 * from earliest, so nothing produced on the new cluster is skipped.
 */
public class KafkaStarts {

  private final KafkaClusters clusters;
  private final KafkaDao dao;

  public KafkaStarts(KafkaClusters clusters, KafkaDao dao) {
    this.clusters = clusters;
    this.dao = dao;
  }

  public SubmissionBody.KafkaStart startFor(TenantConfig tenant, SubmitRequest request) {
    String bootstrap =
        request.bootstrapServers() != null ? request.bootstrapServers() : clusters.current(tenant);
    if (request.startingOffsetsMigrationId() == null) {
      return new SubmissionBody.KafkaStart(bootstrap, null);
    }
    Map<String, Map<Integer, Long>> recorded = new TreeMap<>();
    for (MigrationOffsetRow row :
        DatabaseCalls.call(
            () -> dao.startOffsets(tenant.getName(), request.startingOffsetsMigrationId()))) {
      recorded
          .computeIfAbsent(row.topic(), k -> new TreeMap<>())
          .put(row.partitionId(), row.startOffset());
    }
    if (recorded.isEmpty()) {
      throw LogwiseFailures.badConfig(
          "migration " + request.startingOffsetsMigrationId() + " recorded no start offsets");
    }
    Map<String, Integer> partitions = new TreeMap<>();
    try (KafkaAdmin admin = clusters.connect(tenant, bootstrap)) {
      admin
          .shapes(admin.topics(KafkaAdmin.pattern(tenant.getKafka().getTopicPattern())))
          .forEach((topic, shape) -> partitions.put(topic, shape.partitions()));
    }
    return new SubmissionBody.KafkaStart(
        bootstrap, OffsetsJson.write(OffsetMaps.startingOffsets(recorded, partitions)));
  }
}
