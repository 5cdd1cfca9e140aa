package io.logwise.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogReconciliationTest {

  private static final ServiceKey ORDERS = ServiceKey.of("orders");
  private static final ServiceKey CART = ServiceKey.of("cart");
  private static final ServiceKey CART_PROD = new ServiceKey("cart", "prod");
  private static final ServiceKey SEARCH = ServiceKey.of("search");

  @Test
  void newServicesAreAddedMissingOnesRemovedAndTheRestKept() {
    CatalogPlan plan = CatalogReconciliation.plan(List.of(ORDERS, CART), List.of(CART, SEARCH));

    assertThat(plan.added()).containsExactly(SEARCH);
    assertThat(plan.removed()).containsExactly(ORDERS);
    assertThat(plan.unchanged()).containsExactly(CART);
    assertThat(plan.removalsWithheldReason()).isNull();
  }

  @Test
  void environmentIsPartOfTheIdentity() {
    CatalogPlan plan = CatalogReconciliation.plan(List.of(CART), List.of(CART_PROD));

    assertThat(plan.added()).containsExactly(CART_PROD);
    assertThat(plan.removed()).containsExactly(CART);
  }

  @Test
  void runningTwiceOnTheSameStateChangesNothing() {
    CatalogPlan plan = CatalogReconciliation.plan(List.of(CART, SEARCH), List.of(SEARCH, CART));

    assertThat(plan.added()).isEmpty();
    assertThat(plan.removed()).isEmpty();
    assertThat(plan.unchanged()).containsExactly(CART, SEARCH);
  }

  @Test
  void anEmptyListingNeverEmptiesTheCatalog() {
    CatalogPlan plan = CatalogReconciliation.plan(List.of(ORDERS, CART), List.of());

    assertThat(plan.removed()).isEmpty();
    assertThat(plan.unchanged()).containsExactly(CART, ORDERS);
    assertThat(plan.removalsWithheldReason()).contains("2 known services");
  }

  @Test
  void anEmptyCatalogAndAnEmptyListingIsQuiet() {
    CatalogPlan plan = CatalogReconciliation.plan(List.of(), List.of());

    assertThat(plan.added()).isEmpty();
    assertThat(plan.removalsWithheldReason()).isNull();
  }

  @Test
  void duplicatesInTheListingCountOnce() {
    CatalogPlan plan = CatalogReconciliation.plan(List.of(), List.of(CART, CART));

    assertThat(plan.added()).containsExactly(CART);
  }
}
