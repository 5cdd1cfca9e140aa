package io.logwise.policy.scaling;

/**
 * One micro-batch as the Spark listener reported it. {@code coresUsed} may be null: the reference's
 * NOT NULL column dropped such batches and with them the scaling they would trigger.
 *
 * @param kafkaLag records behind the latest offsets when the batch ended, or null
 * @param endOffsetSum Σ of the batch's end offsets (records read through), or null
 * @param partitions Kafka partitions the job reads, or null
 * @param runId the streaming query's run (a new one each time the driver starts), or null
 * @param queryBatch the query's batch number (0 for its first batch ever), or null
 * @param grantedCores the executor cores the Spark master granted the job when the loop took the
 *     batch in, or null when not known: stamped by the loop, not reported by the listener, whose
 *     count of live executors can still hold one on a stopped worker ({@link #withGrantedCores})
 */
public record BatchSample(
    long inputRecords,
    long outputBytes,
    long submissionTime,
    long completionTime,
    Integer coresUsed,
    String status,
    Long kafkaLag,
    Long endOffsetSum,
    Integer partitions,
    String runId,
    Long queryBatch,
    Integer grantedCores) {

  /** As the listener reported it, no grant known yet. */
  public BatchSample(
      long inputRecords,
      long outputBytes,
      long submissionTime,
      long completionTime,
      Integer coresUsed,
      String status,
      Long kafkaLag,
      Long endOffsetSum,
      Integer partitions,
      String runId,
      Long queryBatch) {
    this(
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag,
        endOffsetSum,
        partitions,
        runId,
        queryBatch,
        null);
  }

  public BatchSample(
      long inputRecords,
      long outputBytes,
      long submissionTime,
      long completionTime,
      Integer coresUsed,
      String status,
      Long kafkaLag,
      Long endOffsetSum,
      Integer partitions) {
    this(
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag,
        endOffsetSum,
        partitions,
        null,
        null);
  }

  public BatchSample(
      long inputRecords,
      long outputBytes,
      long submissionTime,
      long completionTime,
      Integer coresUsed,
      String status) {
    this(
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        null,
        null,
        null);
  }

  /**
   * This batch with the run and number the listener put in its id, {@code <runId>-<batch>} (a query
   * run's id is a UUID; Spark numbers a query's batches from 0, on across restarts). An id of any
   * other shape leaves both unknown.
   */
  public BatchSample withRunOf(String batchId) {
    String run = runOf(batchId);
    if (run == null) {
      return this;
    }
    return new BatchSample(
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag,
        endOffsetSum,
        partitions,
        run,
        Long.parseLong(batchId.substring(run.length() + 1)),
        grantedCores);
  }

  /**
   * This batch with the executor cores the Spark master granted the job when the loop took it in
   * (null: not known). The listener counts the executors the driver still lists, and after a worker
   * stops the driver lists its executor until it times out (about 30 s in the closed-loop run): the
   * master knows at once.
   */
  public BatchSample withGrantedCores(Integer granted) {
    return new BatchSample(
        inputRecords,
        outputBytes,
        submissionTime,
        completionTime,
        coresUsed,
        status,
        kafkaLag,
        endOffsetSum,
        partitions,
        runId,
        queryBatch,
        granted);
  }

  /**
   * Whether the listener reported more cores than the master granted the job: the driver still
   * counted an executor on a stopped worker, and the batch's tasks sent there ran again elsewhere.
   * False when either is unknown.
   */
  public boolean reportsCoresNotGranted() {
    return coresUsed != null && grantedCores != null && coresUsed > grantedCores;
  }

  /**
   * The query run in a listener's batch id, {@code <runId>-<batch>}, or null for an id of any other
   * shape ({@link #withRunOf}).
   */
  public static String runOf(String batchId) {
    int dash = batchId == null ? -1 : batchId.lastIndexOf('-');
    if (dash <= 0 || dash == batchId.length() - 1) {
      return null;
    }
    String number = batchId.substring(dash + 1);
    return number.length() > 18 || !number.chars().allMatch(Character::isDigit)
        ? null
        : batchId.substring(0, dash);
  }

  /**
   * Whether this batch is the first of its query run, measured as warm-up (new JVMs, classes
   * loaded, executors launched), not capacity: the query's first batch ever, or one whose run
   * differs from the batch before it ({@code previous}, or null when none is known).
   */
  public boolean firstOfRun(BatchSample previous) {
    if (queryBatch != null && queryBatch == 0) {
      return true;
    }
    return runId != null
        && previous != null
        && previous.runId() != null
        && !runId.equals(previous.runId());
  }

  /** Σ of the latest offsets when the batch ended (read through + behind), or null. */
  public Long latestOffsetSum() {
    return endOffsetSum == null || kafkaLag == null ? null : endOffsetSum + kafkaLag;
  }
}
