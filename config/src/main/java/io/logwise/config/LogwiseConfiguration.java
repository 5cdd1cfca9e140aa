package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The whole Logwise configuration file: server, database, Temporal, auth and tenants. */
public class LogwiseConfiguration extends Configuration {

  @Valid @NotNull @JsonProperty private DataSourceFactory database = new DataSourceFactory();
  @Valid @NotNull @JsonProperty private TemporalSettings temporal = new TemporalSettings();
  @Valid @NotNull @JsonProperty private AuthSettings auth = new AuthSettings();
  @Valid @NotNull @JsonProperty private WorkerSettings worker = new WorkerSettings();

  @Valid @NotNull @JsonProperty
  private List<@NotNull @Valid TenantConfig> tenants = new ArrayList<>();

  public DataSourceFactory getDatabase() {
    return database;
  }

  public TemporalSettings getTemporal() {
    return temporal;
  }

  public AuthSettings getAuth() {
    return auth;
  }

  public WorkerSettings getWorker() {
    return worker;
  }

  public List<TenantConfig> getTenants() {
    return tenants;
  }

  @ValidationMethod(message = "tenant names must be unique")
  public boolean isTenantNamesUnique() {
    Set<String> seen = new HashSet<>();
    return tenants.stream()
        .filter(t -> t != null && t.getName() != null)
        .allMatch(t -> seen.add(t.getName()));
  }

  /**
   * The adaptive policy checks each batch against the executor cores the Spark master grants the
   * tenant's application, found on the master by {@code spark.appName}: another tenant's driver of
   * the same name on the same master would add its cores, and the check would be silently off.
   */
  @ValidationMethod(
      message =
          "tenants on one Spark master (masterHost and masterWebPort) need their own spark.appName"
              + " when one of them scales adaptively: the scaling loop reads the cores the master"
              + " grants a tenant by its application's name")
  public boolean isAdaptiveGrantUnambiguous() {
    for (TenantConfig reader : tenants) {
      if (reader == null
          || reader.getSpark() == null
          || reader.getScaling() == null
          || reader.getFleet() == null
          || !"adaptive".equals(reader.getScaling().getPolicy())
          || reader.getFleet().getType() == FleetSettings.Type.SIMULATED) {
        continue;
      }
      SparkSettings mine = reader.getSpark();
      for (TenantConfig other : tenants) {
        if (other == null || other == reader || other.getSpark() == null) {
          continue;
        }
        SparkSettings theirs = other.getSpark();
        if (theirs.isEnabled()
            && sameHost(mine.getMasterHost(), theirs.getMasterHost())
            && mine.getMasterWebPort() == theirs.getMasterWebPort()
            && java.util.Objects.equals(mine.getAppName(), theirs.getAppName())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether two master hosts name one machine as far as the file can tell without DNS: the same
   * name (case-insensitive), or two names of this machine's loopback ({@code localhost}, {@code
   * 127.x.x.x}, {@code ::1}), the aliases a single-box install mixes.
   */
  static boolean sameHost(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return a.equalsIgnoreCase(b) || (loopback(a) && loopback(b));
  }

  private static boolean loopback(String host) {
    String h = host.trim().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("localhost.localdomain")
        || h.equals("ip6-localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127(\\.\\d{1,3}){3}");
  }

  @ValidationMethod(message = "token scopes must name configured tenants")
  public boolean isTokenScopesKnown() {
    Set<String> names =
        tenants.stream()
            .filter(t -> t != null && t.getName() != null)
            .map(TenantConfig::getName)
            .collect(Collectors.toSet());
    return auth.getTokens().stream()
        .filter(t -> t != null && t.getScopes() != null)
        .flatMap(t -> t.getScopes().stream())
        .filter(s -> s != null && s.contains(":"))
        .allMatch(s -> names.contains(s.substring(s.indexOf(':') + 1)));
  }
}
