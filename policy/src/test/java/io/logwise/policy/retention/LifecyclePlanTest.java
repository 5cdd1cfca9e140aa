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
  void ruleIdsAreUniqueStableAndWithinS3sLimit() {
    LifecycleRule cart = LifecycleRule.forService("logs", "cart", "prod", 30);
    assertThat(cart.prefix()).isEqualTo("logs/env=prod/service_name=cart/");
    assertThat(cart.id()).startsWith("logwise:").endsWith(":prod/cart");
    assertThat(LifecycleRule.forService("logs", "cart", "prod", 7).id())
        .as("stable: the id does not depend on the days")
        .isEqualTo(cart.id());
    // a service named "prod:pay" and "pay" under env=prod used to share "logwise:prod:pay"
    assertThat(LifecycleRule.forService("logs", "prod:pay", "", 3).id())
        .isNotEqualTo(LifecycleRule.forService("logs", "pay", "prod", 3).id());
    String longName = "s".repeat(260);
    LifecycleRule a = LifecycleRule.forService("logs", longName + "a", "", 3);
    LifecycleRule b = LifecycleRule.forService("logs", longName + "b", "", 3);
    assertThat(a.id()).hasSize(LifecycleRule.MAX_ID_LENGTH).isNotEqualTo(b.id());
    assertThat(LifecycleRule.forService("tenant-a/logs", "cart", "", 3).id())
        .as("two tenants in one bucket")
        .isNotEqualTo(LifecycleRule.forService("tenant-b/logs", "cart", "", 3).id());
  }

  @Test
  void aTenantOwnsOnlyLogwiseRulesUnderItsOwnLogsPrefix() {
    LifecycleRule ours = LifecycleRule.forService("a/logs", "cart", "", 3);
    assertThat(LifecycleRule.isOwnedBy(ours.id(), ours.prefix(), "a/logs")).isTrue();
    assertThat(LifecycleRule.isOwnedBy(ours.id(), ours.prefix(), "b/logs")).isFalse();
    assertThat(LifecycleRule.isOwnedBy(ours.id(), ours.prefix(), "a")).isFalse();
    assertThat(LifecycleRule.isOwnedBy("archive", "a/logs/service_name=x/", "a/logs")).isFalse();
    LifecycleRule backstop = LifecycleRule.backstop("a/logs", "prod", 30);
    assertThat(backstop.prefix()).isEqualTo("a/logs/env=prod/");
    assertThat(LifecycleRule.isOwnedBy(backstop.id(), backstop.prefix(), "a/logs")).isTrue();
    assertThat(LifecycleRule.backstop("a/logs", "", 30).prefix())
        .as("never the _spark_metadata beside the services")
        .isEqualTo("a/logs/service_name=");
    assertThat(LifecycleRule.isOwnedBy("logwise:old", "a/logs/_spark_metadata/", "a/logs"))
        .isFalse();
  }

  @Test
  void addsChangesAndRemovesOnlyOurRules() {
    LifecyclePlan p =
        LifecyclePlan.plan(
            List.of(svc("orders", 3), svc("legacy", 3), svc("cart", 7)),
            2,
            List.of(svc("orders", 3), svc("cart", 30), svc("search", 3)));

    assertThat(p.added()).containsExactly(svc("search", 3).id());
    assertThat(p.changed()).containsExactly(svc("cart", 30).id());
    assertThat(p.removed()).containsExactly(svc("legacy", 3).id());
    assertThat(p.foreignCount()).isEqualTo(2);
    assertThat(p.needsWrite()).isTrue();
    assertThat(p.diff())
        .containsExactly(
            "+ " + svc("search", 3).id() + " logs/service_name=search/ expire after 3d",
            "~ " + svc("cart", 30).id() + " logs/service_name=cart/ expire after 30d",
            "- " + svc("legacy", 3).id());
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
