package io.logwise.api.resources;

import static org.mockito.Mockito.mock;

import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.auth.BearerTokenFilter;
import io.logwise.api.auth.TenantAccess;
import io.logwise.api.auth.TenantAuthorisation;
import io.logwise.api.auth.TokenRegistry;
import io.logwise.api.errors.ErrorMappers;
import io.logwise.config.AuthSettings.ApiToken;
import io.logwise.config.TenantConfig;
import io.logwise.store.KafkaDao;
import io.logwise.store.ScalingDao;
import io.logwise.store.ServiceDetail;
import io.logwise.store.ServiceDetailsDao;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Every resource over in-memory HTTP with the API's own filters, tenant injection and error
 * mappers, as the application wires them; the workflows a {@link FakeWorkflowCommands}, the DAOs
 * mocks. Tenants {@code acme} and {@code globex}; tokens {@link #ADMIN}, {@link #ACME} ({@code
 * tenant:acme}) and {@link #ACME_LISTENER} ({@code listener:acme}).
 */
final class TestApi {

  static final String ADMIN = "admin-token-0123456789";
  static final String ACME = "acme-token-0123456789";
  static final String ACME_LISTENER = "acme-listener-0123456789";

  final FakeWorkflowCommands workflows = new FakeWorkflowCommands();
  final ScalingDao scalingDao = mock(ScalingDao.class);
  final KafkaDao kafkaDao = mock(KafkaDao.class);
  final ServiceDetailsDao services = mock(ServiceDetailsDao.class);
  final ResourceExtension extension;

  TestApi(Map<String, List<ServiceDetail>> catalog, Clock clock, TenantConfig... extra) {
    List<TenantConfig> tenants =
        new java.util.ArrayList<>(
            List.of(
                tenant("name: acme\nkafka: {bootstrapServers: 'k-1:9092'}"),
                tenant("name: globex\nkafka: {bootstrapServers: 'k-2:9092'}"),
                tenant(
                    "name: initech\nkafka: {bootstrapServers: 'k-3:9092'}\n"
                        + "spark: {masterHost: m, enabled: false}")));
    for (TenantConfig t : extra) {
      tenants.removeIf(d -> d.getName().equals(t.getName()));
      tenants.add(t);
    }
    SparkResource spark = new SparkResource(workflows);
    ScalingResource scaling = new ScalingResource(workflows, scalingDao, kafkaDao);
    ServiceCatalogResource catalogResource =
        new ServiceCatalogResource(workflows, t -> catalog.getOrDefault(t, List.of()));
    RetentionResource retention = new RetentionResource(workflows, services);
    ResourceExtension.Builder b =
        ResourceExtension.builder()
            .setRegisterDefaultExceptionMappers(false)
            .addProvider(
                new BearerTokenFilter(
                    new TokenRegistry(
                        List.of(
                            new ApiToken("ops", ADMIN, List.of("admin")),
                            new ApiToken("acme-team", ACME, List.of("tenant:acme")),
                            new ApiToken("acme-spark", ACME_LISTENER, List.of("listener:acme")))),
                    true))
            .addProvider(new TenantAuthorisation(new TenantAccess(tenants)))
            .addProvider(new AuthorisedTenant.Binder())
            .addResource(spark)
            .addResource(scaling)
            .addResource(catalogResource)
            .addResource(new OperationsResource(workflows))
            .addResource(retention)
            .addResource(new KafkaResource(workflows, kafkaDao, clock))
            .addResource(new io.logwise.api.whatif.WhatIfResource())
            .addResource(
                new ReferenceRoutes(spark, scaling, catalogResource, retention, scalingDao));
    ErrorMappers.all().forEach(b::addProvider);
    extension = b.build();
  }

  /** A tenant as the config file would give it. */
  static TenantConfig tenant(String yaml) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(
              new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .readValue(yaml, TenantConfig.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  TestApi() {
    this(Map.of(), Clock.systemUTC());
  }

  /** A request with a bearer token (or none when null); {@code path} may carry a query. */
  Invocation.Builder call(String path, String token) {
    String[] parts = path.split("\\?", 2);
    WebTarget target = extension.target(parts[0]);
    if (parts.length == 2) {
      for (String pair : parts[1].split("&")) {
        String[] kv = pair.split("=", 2);
        target = target.queryParam(kv[0], kv[1]);
      }
    }
    Invocation.Builder b = target.request();
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> body(Response r) {
    r.bufferEntity();
    return (Map<String, Object>) r.readEntity(Map.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> error(Response r) {
    return (Map<String, Object>) body(r).get("error");
  }
}
