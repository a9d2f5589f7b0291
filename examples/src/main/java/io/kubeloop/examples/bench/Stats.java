package io.kubeloop.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median and spread of repeated measurements. These machines are shared and noisy, so the harness reports the
 * median (robust to one slow run) and the spread as min..max and as the interquartile range relative to the
 * median, never a single run.
 */
record Stats(int n, double median, double min, double max, double p25, double p75) {
  static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("expected at least one measurement");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return new Stats(sorted.size(), quantile(sorted, 0.5), sorted.get(0), sorted.get(sorted.size() - 1),
        quantile(sorted, 0.25), quantile(sorted, 0.75));
  }

  /** Linear interpolation between closest ranks. */
  static double quantile(List<Double> sorted, double q) {
    double pos = q * (sorted.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
  }

  /** Interquartile range as a percentage of the median. */
  double iqrPercent() {
    return median == 0 ? 0 : 100 * (p75 - p25) / Math.abs(median);
  }
}
