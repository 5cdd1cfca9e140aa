package io.logwise.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.logwise.workflows.WorkflowIds;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@code LogwiseTenant} search attribute if the namespace lacks it. Workflows only
 * get it set when it is registered: an unregistered attribute would fail their start.
 */
final class SearchAttributeSetup {

  private static final Logger log = LoggerFactory.getLogger(SearchAttributeSetup.class);

  private SearchAttributeSetup() {}

  /** True when {@code LogwiseTenant} can be used in this namespace. */
  static boolean ensureTenantAttribute(WorkflowServiceStubs stubs, String namespace) {
    String name = WorkflowIds.TENANT.getName();
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putSearchAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                  .build());
      log.info("registered search attribute {} in namespace {}", name, namespace);
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return true;
      }
      log.warn(
          "search attribute {} unavailable in namespace {} ({}); workflows start without it."
              + " Register it with: temporal operator search-attribute create --name {} --type Keyword",
          name,
          namespace,
          e.getStatus(),
          name);
      return false;
    } catch (RuntimeException e) {
      log.warn(
          "search attribute {} unavailable in namespace {} ({}); workflows start without it."
              + " Register it with: temporal operator search-attribute create --name {} --type Keyword",
          name,
          namespace,
          e.getMessage(),
          name);
      return false;
    } finally {
      operator.shutdown();
    }
  }
}
