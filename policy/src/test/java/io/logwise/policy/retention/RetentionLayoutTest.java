package io.logwise.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.catalog.ServiceKey;
import io.logwise.policy.retention.RetentionLayout.Enforcement;
import io.logwise.policy.retention.RetentionLayout.How;
import io.logwise.policy.retention.RetentionLayout.Layout;
import io.logwise.policy.retention.RetentionLayout.Wanted;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionLayoutTest {

  private static Wanted w(String service, String env, int days) {
    return new Wanted(new ServiceKey(service, env), days);
  }

  @Test
  void oneBackstopPerEnvironmentAndRulesOnlyForShorterRetention() {
    Layout layout =
        RetentionLayout.plan(
            "logs",
            List.of(
                w("orders", "", 30),
                w("cart", "", 7),
                w("pay", "prod", 90),
                w("search", "prod", 90),
                w("debug", "dev", 3)),
            1000);

    assertThat(layout.rules())
        .extracting(LifecycleRule::prefix, LifecycleRule::days)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("logs/service_name=", 30),
            org.assertj.core.groups.Tuple.tuple("logs/env=dev/", 3),
            org.assertj.core.groups.Tuple.tuple("logs/env=prod/", 90),
            org.assertj.core.groups.Tuple.tuple("logs/service_name=cart/", 7));
    assertThat(layout.services())
        .extracting(Enforcement::how)
        .containsExactly(How.BACKSTOP, How.RULE, How.BACKSTOP, How.BACKSTOP, How.BACKSTOP);
    assertThat(layout.swept()).isZero();
  }

  @Test
  void pastTheBudgetTheShortestRetentionsGetRulesAndTheRestAreSwept() {
    List<Wanted> services = new ArrayList<>();
    services.add(w("long", "", 365));
    for (int i = 0; i < 5; i++) {
      services.add(w("week-" + i, "", 7));
      services.add(w("day-" + i, "", 1));
    }
    Layout layout = RetentionLayout.plan("logs", services, 6);

    assertThat(layout.rules()).hasSize(6);
    assertThat(layout.services())
        .filteredOn(e -> e.how() == How.RULE)
        .extracting(Enforcement::days)
        .containsOnly(1);
    assertThat(layout.services())
        .filteredOn(e -> e.how() == How.SWEEP)
        .extracting(e -> e.key().service())
        .containsExactlyInAnyOrder("week-0", "week-1", "week-2", "week-3", "week-4");
    assertThat(layout.services())
        .filteredOn(e -> e.how() == How.SWEEP)
        .allMatch(e -> e.ruleId() == null);
  }

  @Test
  void noBudgetAtAllSweepsEverything() {
    Layout layout = RetentionLayout.plan("logs", List.of(w("a", "", 3), w("b", "x", 3)), 0);
    assertThat(layout.rules()).isEmpty();
    assertThat(layout.swept()).isEqualTo(2);
  }

  /**
   * The invariant that matters, on 10,000 services with random overrides and environments: every
   * rule that matches a service expires it no earlier than its retention, and every service is
   * either held by a rule at exactly its retention or swept; ids are unique.
   */
  @Test
  void tenThousandServicesNeverExpireEarlyAndAreAllEnforced() {
    Random random = new Random(11);
    String[] envs = {"", "prod", "staging", "dev"};
    int[] choices = {1, 3, 7, 14, 30, 90, 365};
    List<Wanted> services = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      services.add(
          w(
              "svc-" + i,
              envs[random.nextInt(envs.length)],
              choices[random.nextInt(choices.length)]));
    }
    Layout layout = RetentionLayout.plan("logs", services, 1000 - 3);

    assertThat(layout.rules()).hasSizeLessThanOrEqualTo(997);
    Set<String> ids = new HashSet<>();
    layout.rules().forEach(r -> assertThat(ids.add(r.id())).as(r.id()).isTrue());
    for (Enforcement e : layout.services()) {
      String prefix = LifecycleRule.servicePrefix("logs", e.key().service(), e.key().environment());
      List<LifecycleRule> matching =
          layout.rules().stream().filter(r -> prefix.startsWith(r.prefix())).toList();
      assertThat(matching).allSatisfy(r -> assertThat(r.days()).isGreaterThanOrEqualTo(e.days()));
      int shortest =
          matching.stream().mapToInt(LifecycleRule::days).min().orElse(Integer.MAX_VALUE);
      if (e.how() == How.SWEEP) {
        assertThat(shortest).as(e.toString()).isGreaterThan(e.days());
      } else {
        assertThat(shortest).as(e.toString()).isEqualTo(e.days());
        assertThat(matching).extracting(LifecycleRule::id).contains(e.ruleId());
      }
    }
  }
}
