package io.logwise.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceKeyCheckTest {

  @Test
  void namesTheCatalogCannotHoldAreExplained() {
    assertThat(ServiceKeyCheck.problem("orders", "")).isNull();
    assertThat(ServiceKeyCheck.problem("a%2Fb", "prod")).isNull();
    assertThat(ServiceKeyCheck.problem("", "")).isEqualTo("service name is empty");
    assertThat(ServiceKeyCheck.problem("   ", "")).isEqualTo("service name is only whitespace");
    assertThat(ServiceKeyCheck.problem("x".repeat(256), ""))
        .isEqualTo("service name is 256 characters, longer than the 255 the catalog holds");
    assertThat(ServiceKeyCheck.problem("x".repeat(255), "")).isNull();
    assertThat(ServiceKeyCheck.problem("orders", "e".repeat(64))).contains("env is 64 characters");
    assertThat(ServiceKeyCheck.environmentProblem("")).isEqualTo("env is empty");
    assertThat(ServiceKeyCheck.environmentProblem("prod")).isNull();
  }

  @Test
  void namesTheCatalogCannotTellApartAreRefusedWithTheirReason() {
    assertThat(ServiceKeyCheck.problem("pay ", ""))
        .isEqualTo("service name ends with whitespace, which the catalog cannot tell apart");
    assertThat(ServiceKeyCheck.problem("pay\u00a0", "")).contains("ends with whitespace");
    assertThat(ServiceKeyCheck.problem(" pay", ""))
        .isEqualTo("service name starts with whitespace");
    assertThat(ServiceKeyCheck.problem("ctl\u0001name", ""))
        .isEqualTo("service name contains a control character");
    assertThat(ServiceKeyCheck.problem("pay", "prod "))
        .isEqualTo("env ends with whitespace, which the catalog cannot tell apart");
    assertThat(ServiceKeyCheck.environmentProblem("prod\t")).contains("ends with whitespace");
    assertThat(ServiceKeyCheck.problem("pay me", "pre prod")).as("inside is fine").isNull();
  }
}
