package io.logwise.workflows;

/** Workflow ids are business keys: one per duty per tenant. */
public final class WorkflowIds {

  private WorkflowIds() {}

  public static String retentionSync(String tenant) {
    return "retention-sync/" + tenant;
  }
}
