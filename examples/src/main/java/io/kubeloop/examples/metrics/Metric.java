package io.kubeloop.examples.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One metric family of the Prometheus text format: a name, help, a type and a child per combination of label
 * values. The base of {@link Counter}, {@link Gauge} and {@link Histogram}; counterpart of client_golang's
 * {@code *Vec} types.
 *
 * <p>Thread-safe: children are created on first use and never removed.
 */
public abstract class Metric<C> {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  final String name;
  final String help;
  final List<String> labelNames;
  private final Map<List<String>, C> children = new ConcurrentHashMap<>();

  Metric(String name, String help, String[] labelNames) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("expected a Prometheus metric name such as workqueue_depth but was \"" + name + "\"");
    }
    for (String l : labelNames) {
      if (!NAME.matcher(l).matches() || l.contains(":")) {
        throw new IllegalArgumentException("expected a Prometheus label name such as name but was \"" + l + "\"");
      }
    }
    this.name = name;
    this.help = Objects.requireNonNull(help, "help");
    this.labelNames = List.of(labelNames);
  }

  /** The child for these label values, one per label name, in order. */
  public C labels(String... values) {
    if (values.length != labelNames.size()) {
      throw new IllegalArgumentException("metric " + name + " has labels " + labelNames + " but was given "
          + Arrays.toString(values));
    }
    return children.computeIfAbsent(List.of(values), k -> newChild());
  }

  abstract C newChild();

  abstract String type();

  /** Appends the sample lines of one child (without HELP/TYPE). */
  abstract void writeChild(StringBuilder out, List<String> labelValues, C child);

  void write(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type()).append('\n');
    children.entrySet().stream()
        .sorted((a, b) -> String.join("\u0000", a.getKey()).compareTo(String.join("\u0000", b.getKey())))
        .forEach(e -> writeChild(out, e.getKey(), e.getValue()));
  }

  /** {@code {a="x",b="y"}} plus an optional extra label (the histogram's {@code le}); empty when no labels. */
  String labelText(List<String> values, String extraName, String extraValue) {
    if (values.isEmpty() && extraName == null) {
      return "";
    }
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(labelNames.get(i)).append("=\"").append(escape(values.get(i))).append('"');
    }
    if (extraName != null) {
      if (!values.isEmpty()) {
        s.append(',');
      }
      s.append(extraName).append("=\"").append(extraValue).append('"');
    }
    return s.append('}').toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Prometheus' number format: integers without a fraction, {@code +Inf}, {@code NaN}. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
