package io.kubeloop.examples.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs benchmarks: set-up, warm-up runs (discarded), measured runs, then one line per figure with the median and
 * the spread, and a last line that sums everything up in one line (what the CLI prints last, for scripts).
 */
final class Harness {
  private final PrintStream out;
  private final BenchOptions options;

  Harness(PrintStream out, BenchOptions options) {
    this.out = out;
    this.options = options;
  }

  /** A figure's measurements across the measured runs. */
  record Figure(String benchmark, String name, String unit, boolean higherIsBetter, Stats stats) {}

  List<Figure> run(List<Benchmark> benchmarks) throws Exception {
    List<Figure> all = new ArrayList<>();
    out.printf(Locale.ROOT, "kubeloop bench: %d warm-up + %d measured runs, scale %.3g, %d cores, java %s%n",
        options.warmups(), options.runs(), options.scale(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    for (Benchmark b : benchmarks) {
      all.addAll(runOne(b));
    }
    out.println(summary(all));
    return all;
  }

  private List<Figure> runOne(Benchmark b) throws Exception {
    out.printf(Locale.ROOT, "%n== %s: %s%n", b.name(), b.description());
    Map<String, List<Double>> values = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    Map<String, Boolean> higher = new LinkedHashMap<>();
    try (b) {
      b.setUp(options);
      for (int i = 0; i < options.warmups(); i++) {
        b.run(options, (figure, value, unit, higherIsBetter) -> {});
      }
      for (int i = 0; i < options.runs(); i++) {
        int runNumber = i + 1;
        b.run(options, (figure, value, unit, higherIsBetter) -> {
          values.computeIfAbsent(figure, k -> new ArrayList<>()).add(value);
          units.put(figure, unit);
          higher.put(figure, higherIsBetter);
          out.printf(Locale.ROOT, "   run %d  %-44s %14s %s%n", runNumber, figure, format(value), unit);
        });
      }
    }
    List<Figure> figures = new ArrayList<>();
    for (var e : values.entrySet()) {
      Stats s = Stats.of(e.getValue());
      figures.add(new Figure(b.name(), e.getKey(), units.get(e.getKey()), higher.get(e.getKey()), s));
      out.printf(Locale.ROOT, "  %-50s median %12s %-10s range %s..%s  IQR %.1f%% (n=%d)%n",
          e.getKey(), format(s.median()), units.get(e.getKey()), format(s.min()), format(s.max()), s.iqrPercent(), s.n());
    }
    return figures;
  }

  static String summary(List<Figure> figures) {
    StringBuilder line = new StringBuilder("SUMMARY");
    for (Figure f : figures) {
      line.append(" | ").append(f.benchmark()).append(' ').append(f.name()).append('=')
          .append(format(f.stats().median())).append(' ').append(f.unit());
    }
    return line.toString();
  }

  static String format(double v) {
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
