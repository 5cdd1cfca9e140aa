package io.logwise.job;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The job's work per record, set by {@code spark.logwise.job.microsPerRecord}: each task sleeps
 * that long per record of its slice, so that a batch's duration is set by the records and the
 * executor cores there are, not by this machine's CPUs (the pipeline in a box runs on two).
 */
final class Work {

  private Work() {}

  /** The slice's rows, after sleeping {@code microsPerRecord} per row. */
  static <T> Iterator<T> slice(Iterator<T> rows, long microsPerRecord) throws InterruptedException {
    List<T> all = new ArrayList<>();
    rows.forEachRemaining(all::add);
    long micros = microsPerRecord * all.size();
    if (micros > 0) {
      Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
    }
    return all.iterator();
  }
}
