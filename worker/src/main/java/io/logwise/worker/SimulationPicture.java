package io.logwise.worker;

import io.logwise.policy.sim.SimRun;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained SVG per trace: a panel per policy with the input rate (grey area), the workers
 * it ran (blue line) and the longest wait of each minute's records (red line, the SLO dashed), on
 * one time axis.
 */
final class SimulationPicture {

  private static final int W = 1100;
  private static final int PANEL = 150;
  private static final int LEFT = 60;

  private SimulationPicture() {}

  static String svg(String trace, List<SimRun> runs, int sloSeconds) {
    int height = 40 + runs.size() * (PANEL + 30);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
            W,
            height));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"15\">%s — input rate (grey), workers (blue), longest wait per minute (red; SLO dashed)</text>%n",
            LEFT,
            esc(trace)));
    int maxWorkers =
        runs.stream().flatMapToInt(r -> java.util.Arrays.stream(r.workers())).max().orElse(1);
    int maxRate = runs.isEmpty() ? 1 : java.util.Arrays.stream(runs.get(0).rate()).max().orElse(1);
    for (int i = 0; i < runs.size(); i++) {
      panel(s, runs.get(i), 40 + i * (PANEL + 30), maxWorkers, maxRate, sloSeconds);
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void panel(
      StringBuilder s, SimRun r, int top, int maxWorkers, int maxRate, int slo) {
    int minutes = r.minutes();
    double dx = (W - LEFT - 20) / (double) Math.max(1, minutes);
    int bottom = top + PANEL;
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text><text x=\"%d\" y=\"%d\">%d min over SLO, p99 %.0f s, %.1f worker-hours, %d actions</text>%n",
            LEFT,
            top + 12,
            esc(r.policy()),
            LEFT + 110,
            top + 12,
            r.minutesOverSlo(),
            r.p99FreshnessSeconds(),
            r.workerHours(),
            r.actions()));
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>%n",
            LEFT,
            top + 18,
            W - LEFT - 20,
            PANEL - 18));
    double h = PANEL - 22;
    int step = Math.max(1, minutes / 1000);
    StringBuilder rate = new StringBuilder();
    StringBuilder workers = new StringBuilder();
    StringBuilder wait = new StringBuilder();
    rate.append(String.format(Locale.ROOT, "M%d,%d ", LEFT, bottom));
    int waitCap = slo * 4;
    for (int m = 0; m < minutes; m += step) {
      double x = LEFT + m * dx;
      rate.append(String.format(Locale.ROOT, "L%.1f,%.1f ", x, bottom - h * r.rate()[m] / maxRate));
      workers.append(
          String.format(
              Locale.ROOT,
              "%s%.1f,%.1f ",
              m == 0 ? "M" : "L",
              x,
              bottom - h * r.workers()[m] / maxWorkers));
      double w = Math.min(waitCap, r.maxWaitSeconds()[m]);
      wait.append(
          String.format(
              Locale.ROOT, "%s%.1f,%.1f ", m == 0 ? "M" : "L", x, bottom - h * w / waitCap));
    }
    rate.append(String.format(Locale.ROOT, "L%.1f,%d Z", LEFT + minutes * dx, bottom));
    s.append("<path d=\"").append(rate).append("\" fill=\"#e4e4e4\"/>\n");
    s.append("<path d=\"")
        .append(workers)
        .append("\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.2\"/>\n");
    s.append("<path d=\"")
        .append(wait)
        .append("\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"0.8\"/>\n");
    double sloY = bottom - h * slo / (double) waitCap;
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>%n",
            LEFT,
            sloY,
            W - 20,
            sloY));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"4\" y=\"%d\">%d wk</text><text x=\"4\" y=\"%.0f\">SLO</text>%n",
            top + 28,
            maxWorkers,
            sloY + 4));
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }
}
