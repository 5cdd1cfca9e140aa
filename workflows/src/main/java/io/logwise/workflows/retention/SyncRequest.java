package io.logwise.workflows.retention;

/**
 * Input of the {@code syncNow} update.
 *
 * @param requestedBy who asked (the API fills in the token's name), for the record
 * @param reason free text, at most 200 characters
 */
public record SyncRequest(String requestedBy, String reason) {

  public static final int MAX_REASON_LENGTH = 200;
}
