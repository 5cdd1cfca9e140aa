package io.logwise.testdriver;

/** A "Spark driver" that dies at once with exit code 1. */
public final class CrashingDriver {
  private CrashingDriver() {}

  public static void main(String[] args) {
    System.err.println("crashing driver: exiting with 1");
    System.exit(1);
  }
}
