package io.logwise.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.config.ConfigLoader;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.TenantConfig;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.sim.SimConfig;
import io.logwise.policy.sim.SimRun;
import io.logwise.policy.sim.Simulation;
import io.logwise.policy.sim.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code logwise simulate}: scaling policies side by side on traffic traces. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run scaling policies side by side on traffic traces (CSV minute,records_per_second)",
      "through the simulated data plane (docs/scaling.md); no cluster needed.",
      "Prints a table, writes one SVG per trace with --out, or one JSON object with --json.",
      "--families N judges the policies on N generated traces against slo-oracle instead."
    })
final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--trace", paramLabel = "FILE", description = "a trace CSV; repeatable")
  List<Path> traces;

  @Option(
      names = "--families",
      paramLabel = "N",
      description =
          "instead of --trace: N traces generated from the named families (docs/scaling.md),"
              + " every policy at both boot delays (45 s, 180 s; or --boot-delay), judged against"
              + " slo-oracle; prints the distributions")
  int families;

  @Option(
      names = "--seed-from",
      defaultValue = "1001",
      paramLabel = "SEED",
      description = "with --families: the first seed (1-200 tune, 1001-1200 report)")
  long seedFrom;

  @Option(
      names = "--policies",
      split = ",",
      description = "default: all of classic, adaptive, keda-like, static-peak, oracle")
  List<String> policies = Simulation.POLICIES;

  @Option(
      names = "--days",
      description = "days to run (the trace repeats); default: the trace's length")
  int days;

  @Option(
      names = "--tenants",
      defaultValue = "1",
      description = "tenants per trace, each on a shifted clock (figures are summed)")
  int tenants;

  @Option(
      names = "--boot-delay",
      description = "a new worker's boot delay (default 180s; 45s is Kubernetes)")
  Duration bootDelay;

  @Option(
      names = "--model",
      paramLabel = "KEY=VALUE,...",
      description =
          "the simulated data plane's parameters over the defaults, e.g."
              + " triggerSeconds=5,perCoreRecordsPerSecond=15,driverCores=1 (keys: docs/scaling.md,"
              + " \"The simulated data plane\"); --boot-delay wins over its bootDelaySeconds")
  String modelSpec;

  @Option(names = "--out", paramLabel = "DIR", description = "write <trace>.svg per trace here")
  Path out;

  @Option(names = "--json", description = "print exactly one JSON object: {\"runs\":[…]}")
  boolean json;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "with --tenant: run that tenant's scaling settings (default: the defaults)")
  Path configFile;

  @Option(names = "--tenant", description = "the tenant in --config whose scaling settings to run")
  String tenant;

  @Override
  public Integer call() throws IOException {
    List<String> unknown = policies.stream().filter(p -> !Simulation.known(p)).toList();
    if (!unknown.isEmpty()
        || days < 0
        || tenants < 1
        || (bootDelay != null && bootDelay.isNegative())) {
      System.err.println(
          "invalid arguments: policies must be among "
              + Simulation.POLICIES
              + (unknown.isEmpty() ? "" : " (not " + unknown + ")")
              + ", --days >= 0, --tenants >= 1, --boot-delay >= 0");
      return 2;
    }
    if ((traces == null || traces.isEmpty()) == (families <= 0)) {
      System.err.println("invalid arguments: give --trace FILE (repeatable) or --families N");
      return 2;
    }
    ScalingConfig base = baseConfig();
    if (base == null) {
      return 2;
    }
    SimConfig model;
    try {
      model = SimConfig.DEFAULTS.with(modelSpec);
    } catch (IllegalArgumentException e) {
      System.err.println("invalid arguments: --" + e.getMessage());
      return 2;
    }
    if (configFile != null) {
      model = withTenantSlo(model, base, modelSpec);
    }
    if (families > 0) {
      return bench(base, model);
    }
    List<Trace> parsed = new ArrayList<>();
    for (Path p : traces) {
      String name = p.getFileName().toString().replaceFirst("\\.csv$", "");
      try {
        parsed.add(Trace.parse(name, Files.readAllLines(p)));
      } catch (IOException | IllegalArgumentException e) {
        System.err.println("cannot read trace " + p + ": " + e.getMessage());
        return 2;
      }
    }
    if (bootDelay != null) {
      model = model.withBootDelay((int) bootDelay.toSeconds());
    }
    long started = System.nanoTime();
    List<SimRun> runs = Simulation.compare(parsed, policies, base, model, days, tenants);
    double seconds = (System.nanoTime() - started) / 1e9;
    List<Map<String, Object>> rows = summarise(runs, model.sloSeconds());
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(Map.of("runs", rows)));
    } else {
      System.out.printf(Locale.ROOT, "freshness SLO %d s%n", model.sloSeconds());
      System.out.printf(
          Locale.ROOT,
          "%-12s %-12s %10s %8s %8s %12s %8s%n",
          "trace",
          "policy",
          "min>SLO",
          "p50 s",
          "p99 s",
          "worker-h",
          "actions");
      for (Map<String, Object> r : rows) {
        System.out.printf(
            Locale.ROOT,
            "%-12s %-12s %10d %8.0f %8.0f %12.1f %8d%n",
            r.get("trace"),
            r.get("policy"),
            r.get("minutesOverSlo"),
            r.get("p50FreshnessSeconds"),
            r.get("p99FreshnessSeconds"),
            r.get("workerHours"),
            r.get("actions"));
      }
      System.out.printf(Locale.ROOT, "%d run(s) simulated in %.1f s%n", runs.size(), seconds);
    }
    if (out != null) {
      Files.createDirectories(out);
      Map<String, List<SimRun>> byTrace = new LinkedHashMap<>();
      for (SimRun r : runs) {
        byTrace.computeIfAbsent(r.trace(), k -> new ArrayList<>()).add(r);
      }
      for (Map.Entry<String, List<SimRun>> e : byTrace.entrySet()) {
        List<SimRun> firstTenant = new ArrayList<>();
        for (String p : policies) {
          e.getValue().stream()
              .filter(r -> r.policy().equals(p))
              .findFirst()
              .ifPresent(firstTenant::add);
        }
        Files.writeString(
            out.resolve(e.getKey() + ".svg"),
            SimulationPicture.svg(e.getKey(), firstTenant, model.sloSeconds()));
      }
      if (!json) {
        System.out.println("pictures in " + out);
      }
    }
    return 0;
  }

  /** The scaling settings to run: the defaults, or --tenant's in --config; null after an error. */
  private ScalingConfig baseConfig() {
    if (tenant == null && configFile == null) {
      return ScalingConfig.REFERENCE;
    }
    if (tenant == null || configFile == null) {
      System.err.println("invalid arguments: --config and --tenant go together");
      return null;
    }
    LogwiseConfiguration config;
    try {
      config = ConfigLoader.load(configFile);
    } catch (ConfigLoader.InvalidConfigException e) {
      System.err.println(e.getMessage());
      return null;
    }
    Optional<TenantConfig> t =
        config.getTenants().stream().filter(c -> c.getName().equals(tenant)).findFirst();
    if (t.isEmpty()) {
      System.err.println("tenant '" + tenant + "' is not in " + configFile);
      return null;
    }
    return t.get().getScaling().toConfig();
  }

  /** --families: every policy over generated traces, against slo-oracle. */
  private int bench(ScalingConfig base, SimConfig model) throws IOException {
    List<Integer> boots =
        bootDelay == null ? List.of(45, 180) : List.of((int) bootDelay.toSeconds());
    List<String> judged = policies.stream().filter(p -> !p.equals("slo-oracle")).toList();
    io.logwise.policy.sim.FamilyBench.Report report =
        io.logwise.policy.sim.FamilyBench.run(seedFrom, families, boots, judged, base, model);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("seedFrom", report.seedFrom());
      out.put("sloSeconds", model.sloSeconds());
      out.put("traces", report.traces());
      out.put("bootDelays", report.bootDelays());
      out.put("policies", report.policies());
      out.put("judged", report.judged());
      out.put("adaptiveNoWorseShare", report.adaptiveNoWorseShare());
      out.put("adaptiveWithinFiveOfClassicShare", report.adaptiveWithinFiveOfClassicShare());
      out.put("adaptiveCostWithin125Share", report.adaptiveCostWithin125Share());
      out.put("seconds", report.seconds());
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else {
      System.out.printf(Locale.ROOT, "freshness SLO %d s%n", model.sloSeconds());
      System.out.print(io.logwise.policy.sim.FamilyBench.table(report));
    }
    if (out != null && judged.contains("adaptive")) {
      Files.createDirectories(out);
      for (var c : io.logwise.policy.sim.FamilyBench.worst(report, "adaptive", 3)) {
        List<SimRun> shown = new ArrayList<>();
        for (String p : policies) {
          if (c.runs().containsKey(p)) {
            shown.add(c.runs().get(p));
          }
        }
        if (!shown.contains(c.runs().get("slo-oracle"))) {
          shown.add(c.runs().get("slo-oracle"));
        }
        String name = c.trace() + "-boot" + c.bootDelaySeconds();
        Files.writeString(
            out.resolve(name + ".svg"), SimulationPicture.svg(name, shown, model.sloSeconds()));
      }
      if (!json) {
        System.out.println("pictures of adaptive's three worst cases in " + out);
      }
    }
    return 0;
  }

  /**
   * With --config, the model judges freshness against the tenant's {@code freshnessSlo}, the SLO
   * its adaptive policy aims at, unless --model sets {@code sloSeconds} or the tenant has no SLO
   * ({@code 0s}: the model's judges, and the policy is told none, as the real loop is). Before, the
   * model's 300 s was both the judge and, through {@link io.logwise.policy.sim.Simulation#knobs},
   * what the policy was told: a tenant's own SLO never counted.
   */
  static SimConfig withTenantSlo(SimConfig model, ScalingConfig tenant, String modelSpec) {
    boolean set =
        modelSpec != null
            && java.util.Arrays.stream(modelSpec.split(","))
                .map(pair -> pair.split("=", 2)[0].trim())
                .anyMatch("sloSeconds"::equals);
    int slo = tenant.adaptiveOrDefaults().freshnessSloSeconds();
    return set || slo <= 0 ? model : model.with("sloSeconds=" + slo);
  }

  /** One row per trace and policy; several tenants are summed (p50 the median, p99 the worst). */
  static List<Map<String, Object>> summarise(List<SimRun> runs, int sloSeconds) {
    Map<String, List<SimRun>> groups =
        runs.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.trace() + "\u0000" + r.policy(),
                    LinkedHashMap::new,
                    Collectors.toList()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (List<SimRun> g : groups.values()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("trace", g.get(0).trace());
      row.put("policy", g.get(0).policy());
      row.put("minutesOverSlo", g.stream().mapToInt(SimRun::minutesOverSlo).sum());
      row.put("sloSeconds", sloSeconds);
      double[] p50 = g.stream().mapToDouble(SimRun::p50FreshnessSeconds).sorted().toArray();
      row.put("p50FreshnessSeconds", p50[p50.length / 2]);
      row.put(
          "p99FreshnessSeconds",
          g.stream().mapToDouble(SimRun::p99FreshnessSeconds).max().orElse(0));
      row.put(
          "workerHours", Math.round(g.stream().mapToDouble(SimRun::workerHours).sum() * 10) / 10.0);
      row.put("actions", g.stream().mapToInt(SimRun::actions).sum());
      rows.add(row);
    }
    return rows;
  }
}
