package io.logwise.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CatalogReconciliationTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final ServiceKey ORDERS = ServiceKey.of("orders");
  private static final ServiceKey CART = ServiceKey.of("cart");
  private static final ServiceKey CART_PROD = new ServiceKey("cart", "prod");
  private static final ServiceKey SEARCH = ServiceKey.of("search");

  private static CatalogPlan plan(List<CatalogEntry> known, List<ServiceKey> listed) {
    return CatalogReconciliation.plan(known, listed, NOW, RemovalRules.DEFAULTS);
  }

  private static List<CatalogEntry> present(ServiceKey... keys) {
    return List.of(keys).stream().map(CatalogEntry::present).toList();
  }

  private static CatalogEntry absent(ServiceKey key, Duration since, int syncs) {
    return new CatalogEntry(key, false, NOW.minus(since), syncs);
  }

  @Test
  void newServicesAreAddedAndAMissingOneIsOnlyCountedAbsentAtFirst() {
    CatalogPlan plan = plan(present(ORDERS, CART), List.of(CART, SEARCH));

    assertThat(plan.added()).containsExactly(SEARCH);
    assertThat(plan.seen()).containsExactly(CART);
    assertThat(plan.absent()).containsExactly(ORDERS);
    assertThat(plan.removed()).isEmpty();
    assertThat(plan.removalsWithheldReason()).isNull();
  }

  @Test
  void aServiceGoesAfterTheGracePeriodAndEnoughSyncsBothNotEither() {
    List<ServiceKey> listed = List.of(CART);
    assertThat(
            plan(List.of(absent(ORDERS, Duration.ofHours(25), 1), present(CART).get(0)), listed)
                .removed())
        .as("past 24 h but only the 2nd sync")
        .isEmpty();
    assertThat(
            plan(List.of(absent(ORDERS, Duration.ofHours(23), 9), present(CART).get(0)), listed)
                .removed())
        .as("9 syncs but only 23 h")
        .isEmpty();
    assertThat(
            plan(List.of(absent(ORDERS, Duration.ofHours(24), 2), present(CART).get(0)), listed)
                .removed())
        .containsExactly(ORDERS);
  }

  @Test
  void aRemovedServiceListedAgainIsRestoredNotAdded() {
    CatalogPlan plan =
        plan(
            List.of(new CatalogEntry(ORDERS, true, NOW.minus(Duration.ofDays(3)), 7)),
            List.of(ORDERS));

    assertThat(plan.restored()).containsExactly(ORDERS);
    assertThat(plan.added()).isEmpty();
  }

  @Test
  void environmentIsPartOfTheIdentity() {
    CatalogPlan plan = plan(present(CART), List.of(CART_PROD));

    assertThat(plan.added()).containsExactly(CART_PROD);
    assertThat(plan.absent()).containsExactly(CART);
  }

  @Test
  void aWrongBucketCannotRemoveMoreThanTheConfiguredFraction() {
    List<CatalogEntry> known = new ArrayList<>();
    IntStream.range(0, 100)
        .forEach(i -> known.add(absent(ServiceKey.of("svc-" + i), Duration.ofDays(2), 5)));
    known.add(CatalogEntry.present(CART));

    CatalogPlan plan = plan(known, List.of(CART));

    assertThat(plan.removed()).isEmpty();
    assertThat(plan.absent()).hasSize(100);
    assertThat(plan.removalsWithheldReason())
        .contains("100 of 101 services")
        .contains("20 %")
        .contains("(20)");
  }

  @Test
  void oneServiceMayAlwaysGoEvenFromATinyCatalog() {
    CatalogPlan plan =
        plan(List.of(absent(ORDERS, Duration.ofDays(2), 5), present(CART).get(0)), List.of(CART));
    assertThat(plan.removed()).containsExactly(ORDERS);
  }

  @Test
  void anEmptyListingChangesNothingAtAll() {
    CatalogPlan plan = plan(present(ORDERS, CART), List.of());

    assertThat(plan.seen()).as("last-seen is not touched").isEmpty();
    assertThat(plan.absent()).as("absence is not counted").isEmpty();
    assertThat(plan.removed()).isEmpty();
    assertThat(plan.removalsWithheldReason()).contains("2 known services");
  }

  @Test
  void anEmptyCatalogAndAnEmptyListingIsQuiet() {
    CatalogPlan plan = plan(List.of(), List.of());

    assertThat(plan.added()).isEmpty();
    assertThat(plan.removalsWithheldReason()).isNull();
  }

  @Test
  void duplicatesInTheListingCountOnce() {
    assertThat(plan(List.of(), List.of(CART, CART)).added()).containsExactly(CART);
  }

  @Test
  void rulesRejectNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new RemovalRules(Duration.ofHours(1), 0, 0.2))
        .hasMessageContaining("minAbsentSyncs");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new RemovalRules(Duration.ofHours(1), 1, 1.5))
        .hasMessageContaining("maxRemovalFraction");
  }
}
