package io.logwise.api.resources;

import io.logwise.store.ServiceDetail;
import java.util.List;

/**
 * The service catalog of one tenant. Field names follow the reference's {@code /service-details}
 * ({@code serviceName, retentionDays, tenant}) with more beside them.
 */
public record ServiceDetailsResponse(String tenant, int count, List<Item> serviceDetails) {

  /** One service; {@code environment} is null when the bucket has no env level. */
  public record Item(
      String tenant,
      String serviceName,
      String environment,
      int retentionDays,
      String retentionSource,
      String firstSeenAt,
      String lastSeenAt) {

    static Item from(ServiceDetail d) {
      return new Item(
          d.tenant(),
          d.serviceName(),
          d.environment().isEmpty() ? null : d.environment(),
          d.retentionDays(),
          d.retentionSource(),
          d.firstSeenAt().toString(),
          d.lastSeenAt().toString());
    }
  }

  static ServiceDetailsResponse of(String tenant, List<ServiceDetail> rows) {
    return new ServiceDetailsResponse(tenant, rows.size(), rows.stream().map(Item::from).toList());
  }
}
