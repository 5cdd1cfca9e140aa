package io.logwise.policy.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A traffic trace: records per second that Vector writes into Kafka, one value a minute. Parsed
 * from CSV {@code minute,records_per_second} with one header line; lines starting with {@code #}
 * are comments (the first says what the trace is). The format is a contract: other traces are run
 * against it.
 */
public record Trace(String name, String description, int[] recordsPerSecond) {

  /** Parses the CSV lines; every problem names its line. */
  public static Trace parse(String name, List<String> lines) {
    String description = "";
    List<Integer> values = new ArrayList<>();
    boolean header = false;
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (description.isEmpty()) {
          description = line.substring(1).strip();
        }
        continue;
      }
      if (!header) {
        if (!line.replace(" ", "").equalsIgnoreCase("minute,records_per_second")) {
          throw new IllegalArgumentException(
              name
                  + ":"
                  + n
                  + ": expected the header minute,records_per_second, got '"
                  + line
                  + "'");
        }
        header = true;
        continue;
      }
      String[] cells = line.split(",");
      if (cells.length != 2) {
        throw new IllegalArgumentException(name + ":" + n + ": expected minute,records_per_second");
      }
      int minute;
      long rate;
      try {
        minute = Integer.parseInt(cells[0].strip());
        rate = Long.parseLong(cells[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            name + ":" + n + ": not two whole numbers: '" + line + "'");
      }
      if (minute != values.size()) {
        throw new IllegalArgumentException(
            name + ":" + n + ": minute " + minute + " where " + values.size() + " was expected");
      }
      if (rate < 0 || rate > 100_000_000) {
        throw new IllegalArgumentException(
            name + ":" + n + ": records_per_second out of range: " + rate);
      }
      values.add((int) rate);
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + ": no data rows");
    }
    return new Trace(name, description, values.stream().mapToInt(Integer::intValue).toArray());
  }

  public int minutes() {
    return recordsPerSecond.length;
  }

  /** The rate in minute {@code m}; a trace shorter than the run repeats. */
  public int rateAt(int minute) {
    return recordsPerSecond[Math.floorMod(minute, recordsPerSecond.length)];
  }

  /** The same trace started {@code offsetMinutes} later in its cycle (another tenant's clock). */
  public Trace shifted(int offsetMinutes) {
    int[] r = new int[recordsPerSecond.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = rateAt(i + offsetMinutes);
    }
    return new Trace(name, description, r);
  }

  public int peak() {
    int max = 0;
    for (int v : recordsPerSecond) {
      max = Math.max(max, v);
    }
    return max;
  }
}
