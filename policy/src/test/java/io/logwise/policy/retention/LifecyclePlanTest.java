package io.logwise.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LifecyclePlanTest {

  private static LifecycleRule svc(String name, int days) {
    return LifecycleRule.forService("logs", name, "", days);
  }

  @Test
  void rulesAreOnePerServiceOwnedByPrefix() {
    LifecycleRule r = LifecycleRule.forService("logs", "cart", "prod", 30);
    assertThat(r)
        .isEqualTo(new LifecycleRule("logwise:prod:cart", "logs/env=prod/service_name=cart/", 30));
    assertThat(svc("orders", 3).prefix()).isEqualTo("logs/service_name=orders/");
    assertThat(LifecycleRule.isOwned("logwise:orders")).isTrue();
    assertThat(LifecycleRule.isOwned("archive-to-glacier")).isFalse();
  }

  @Test
  void addsChangesAndRemovesOnlyOurRules() {
    LifecyclePlan p =
        LifecyclePlan.plan(
            List.of(svc("orders", 3), svc("legacy", 3), svc("cart", 7)),
            2,
            List.of(svc("orders", 3), svc("cart", 30), svc("search", 3)));

    assertThat(p.added()).containsExactly("logwise:search");
    assertThat(p.changed()).containsExactly("logwise:cart");
    assertThat(p.removed()).containsExactly("logwise:legacy");
    assertThat(p.foreignCount()).isEqualTo(2);
    assertThat(p.needsWrite()).isTrue();
    assertThat(p.diff())
        .containsExactly(
            "+ logwise:search logs/service_name=search/ expire after 3d",
            "~ logwise:cart logs/service_name=cart/ expire after 30d",
            "- logwise:legacy");
  }

  @Test
  void nothingToChangeMeansNoWrite() {
    LifecyclePlan p = LifecyclePlan.plan(List.of(svc("orders", 3)), 5, List.of(svc("orders", 3)));
    assertThat(p.needsWrite()).isFalse();
    assertThat(p.diff()).isEmpty();
  }

  @Test
  void moreThanAThousandRulesIsRefusedNotTruncated() {
    List<LifecycleRule> wanted = IntStream.range(0, 999).mapToObj(i -> svc("svc-" + i, 3)).toList();
    LifecyclePlan fits = LifecyclePlan.plan(List.of(), 1, wanted);
    assertThat(fits.problem()).isNull();
    LifecyclePlan over = LifecyclePlan.plan(List.of(), 2, wanted);
    assertThat(over.problem()).contains("1001 lifecycle rules").contains("nothing was written");
    assertThat(over.needsWrite()).isFalse();
    assertThat(over.ours()).hasSize(999);
  }
}
