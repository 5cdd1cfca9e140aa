package io.logwise.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkflowIdsTest {

  @Test
  void aTenantsVisibilityQueryTakesItsAttributeAndItsMigrationsById() {
    assertThat(WorkflowIds.tenantQuery("acme"))
        .isEqualTo("LogwiseTenant=\"acme\" OR WorkflowId STARTS_WITH \"kafka-migration/acme/\"");
  }

  @Test
  void quotesInATenantNameCannotEndTheQueryEarly() {
    assertThat(WorkflowIds.tenantQuery("a\"b"))
        .isEqualTo(
            "LogwiseTenant=\"a\\\"b\" OR WorkflowId STARTS_WITH \"kafka-migration/a\\\"b/\"");
  }
}
