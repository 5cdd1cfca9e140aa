package io.logwise.policy.scaling;

/**
 * The numbers behind a rate-based decision, all per second: workers p→p′, capacity c→c′, target
 * rate r, and what they were measured from. Null fields were not known.
 *
 * @param inputRatePerSecond records/s arriving, from Kafka's end offsets
 * @param processingRatePerCore records/s one busy core processes, measured from the batches
 * @param lag records the job is behind
 * @param capacityBefore records/s the current workers handle
 * @param capacityAfter records/s the target workers handle
 * @param targetRatePerSecond records/s the target is sized for (input / utilisation + catch-up)
 */
public record Sizing(
    Double inputRatePerSecond,
    Double processingRatePerCore,
    Long lag,
    Double capacityBefore,
    Double capacityAfter,
    Double targetRatePerSecond) {}
