package io.logwise.testdriver;

/** A "Spark driver" that runs until it is killed. */
public final class LongRunningDriver {
  private LongRunningDriver() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("long-running driver up, args=" + String.join(" ", args));
    Thread.sleep(Long.MAX_VALUE);
  }
}
