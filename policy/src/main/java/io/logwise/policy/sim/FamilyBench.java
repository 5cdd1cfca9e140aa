package io.logwise.policy.sim;

import io.logwise.policy.scaling.ScalingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every policy over many generated traces ({@link TraceFamilies}) at several boot delays, judged
 * against {@code slo-oracle}: the distribution of SLO minutes and of worker-hours over the bound,
 * the actions, and how often adaptive does at least as well as each baseline (docs/scaling.md,
 * "Traces from families").
 */
public final class FamilyBench {

  private FamilyBench() {}

  /** One trace at one boot delay: every policy's run. */
  public record Case(String trace, int bootDelaySeconds, Map<String, SimRun> runs) {
    double cost(String policy) {
      double bound = runs.get("slo-oracle").workerHours();
      return bound <= 0 ? 1 : runs.get(policy).workerHours() / bound;
    }
  }

  /** A policy's figures over every case. */
  public record PolicyFigures(
      String policy,
      double sloMinutesMedian,
      double sloMinutesP90,
      int sloMinutesWorst,
      long sloMinutesTotal,
      double costMedian,
      double costP90,
      double costWorst,
      long actions) {}

  /** The whole result. */
  public record Report(
      long seedFrom,
      int traces,
      List<Integer> bootDelays,
      List<Case> cases,
      List<PolicyFigures> policies,
      String judged,
      Map<String, Double> adaptiveNoWorseShare,
      double adaptiveWithinFiveOfClassicShare,
      double adaptiveCostWithin125Share,
      double seconds) {}

  /** Runs {@code policies} (slo-oracle is always added) over seeds {@code seedFrom…}. */
  public static Report run(
      long seedFrom,
      int traces,
      List<Integer> bootDelays,
      List<String> policies,
      ScalingConfig base,
      SimConfig model) {
    long started = System.nanoTime();
    List<String> all = new ArrayList<>(policies);
    if (!all.contains("slo-oracle")) {
      all.add("slo-oracle");
    }
    List<Trace> generated = new ArrayList<>();
    for (long seed = seedFrom; seed < seedFrom + traces; seed++) {
      generated.add(TraceFamilies.forSeed(seed));
    }
    List<Case> cases = new ArrayList<>();
    for (int boot : bootDelays) {
      List<SimRun> runs = Simulation.compare(generated, all, base, model.withBootDelay(boot), 0, 1);
      Map<String, Map<String, SimRun>> byTrace = new LinkedHashMap<>();
      for (SimRun r : runs) {
        byTrace.computeIfAbsent(r.trace(), k -> new LinkedHashMap<>()).put(r.policy(), r);
      }
      byTrace.forEach((trace, byPolicy) -> cases.add(new Case(trace, boot, byPolicy)));
    }
    List<PolicyFigures> figures = new ArrayList<>();
    for (String p : all) {
      double[] slo =
          cases.stream().mapToDouble(c -> c.runs().get(p).minutesOverSlo()).sorted().toArray();
      double[] cost = cases.stream().mapToDouble(c -> c.cost(p)).sorted().toArray();
      figures.add(
          new PolicyFigures(
              p,
              quantile(slo, 0.5),
              quantile(slo, 0.9),
              (int) slo[slo.length - 1],
              (long) java.util.Arrays.stream(slo).sum(),
              quantile(cost, 0.5),
              quantile(cost, 0.9),
              cost[cost.length - 1],
              cases.stream().mapToLong(c -> c.runs().get(p).actions()).sum()));
    }
    Map<String, Double> noWorse = new LinkedHashMap<>();
    double withinFive = Double.NaN;
    double costWithin = Double.NaN;
    String judged = judged(all);
    if (judged != null) {
      for (String p : all) {
        if (!p.equals(judged) && !p.endsWith("oracle")) {
          noWorse.put(
              p,
              share(
                  cases,
                  c -> c.runs().get(judged).minutesOverSlo() <= c.runs().get(p).minutesOverSlo()));
        }
      }
      if (all.contains("classic")) {
        withinFive =
            share(
                cases,
                c ->
                    c.runs().get(judged).minutesOverSlo()
                        <= c.runs().get("classic").minutesOverSlo() + 5);
      }
      costWithin = share(cases, c -> c.cost(judged) <= 1.25);
    }
    return new Report(
        seedFrom,
        traces,
        List.copyOf(bootDelays),
        cases,
        figures,
        judged,
        noWorse,
        withinFive,
        costWithin,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * The policy the shares judge: {@code adaptive} when run, else the first adaptive revision named
   * ({@code adaptive-r9}, to judge an earlier revision alone), else none.
   */
  static String judged(List<String> policies) {
    if (policies.contains("adaptive")) {
      return "adaptive";
    }
    return policies.stream().filter(p -> p.startsWith("adaptive-r")).findFirst().orElse(null);
  }

  private static double share(List<Case> cases, java.util.function.Predicate<Case> p) {
    return cases.stream().filter(p).count() / (double) cases.size();
  }

  /** The q-quantile of sorted {@code values} (nearest rank). */
  static double quantile(double[] values, double q) {
    int i = (int) Math.ceil(q * values.length) - 1;
    return values[Math.max(0, Math.min(values.length - 1, i))];
  }

  /** The cases where {@code policy} missed the SLO longest, worst first. */
  public static List<Case> worst(Report r, String policy, int n) {
    return r.cases().stream()
        .sorted(
            java.util.Comparator.comparingInt((Case c) -> -c.runs().get(policy).minutesOverSlo())
                .thenComparingDouble(c -> -c.cost(policy)))
        .limit(n)
        .toList();
  }

  /** The report as the table {@code logwise simulate --families} prints. */
  public static String table(Report r) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d generated traces (seeds %d-%d, families %s cycled, %d days each) at boot delays %s s:"
                + " %d cases%n",
            r.traces(),
            r.seedFrom(),
            r.seedFrom() + r.traces() - 1,
            String.join(", ", TraceFamilies.FAMILIES),
            TraceFamilies.MINUTES / 1440,
            r.bootDelays(),
            r.cases().size()));
    out.append(
        String.format(
            Locale.ROOT,
            "%-12s %8s %6s %6s %8s %10s %6s %6s %8s%n",
            "policy",
            "min>SLO",
            "p90",
            "worst",
            "total",
            "cost/bound",
            "p90",
            "worst",
            "actions"));
    for (PolicyFigures f : r.policies()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-12s %8.0f %6.0f %6d %8d %10.2f %6.2f %6.2f %8d%n",
              f.policy(),
              f.sloMinutesMedian(),
              f.sloMinutesP90(),
              f.sloMinutesWorst(),
              f.sloMinutesTotal(),
              f.costMedian(),
              f.costP90(),
              f.costWorst(),
              f.actions()));
    }
    r.adaptiveNoWorseShare()
        .forEach(
            (p, share) ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "%s has no more SLO minutes than %s on %.1f %% of cases%n",
                        r.judged(),
                        p,
                        share * 100)));
    if (!Double.isNaN(r.adaptiveWithinFiveOfClassicShare())) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s within classic's SLO minutes + 5 on %.1f %% of cases%n",
              r.judged(),
              r.adaptiveWithinFiveOfClassicShare() * 100));
    }
    if (!Double.isNaN(r.adaptiveCostWithin125Share())) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s's worker-hours within 1.25 x slo-oracle on %.1f %% of cases%n",
              r.judged(),
              r.adaptiveCostWithin125Share() * 100));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%d runs simulated in %.1f s%n",
            r.cases().size() * r.policies().size(),
            r.seconds()));
    return out.toString();
  }
}
