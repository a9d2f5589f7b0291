package io.kubeloop.examples.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String}: durations written as {@code 60s}, {@code 1500ms},
 * {@code 1m30s}, {@code 1.5h}, {@code 300us}, or a bare {@code 0}, which is how the leader-election example's
 * flags take them.
 *
 * <p>Differences from Go: the range is {@link Duration}'s, not 290 years, and nanoseconds are the finest unit
 * (as in Go).
 */
public final class GoDuration {
  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @throws IllegalArgumentException naming the text and the expected shape
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    String s = text;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text, "it has no number");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw invalid(text, "expected a number at \"" + s.substring(start) + "\"");
      }
      String number = s.substring(start, i);
      if (number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text, "\"" + number + "\" is not a number");
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw invalid(text, "the number " + number + " has no unit");
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos(text, unit))));
    }
    long total = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
    return Duration.ofNanos(negative ? -total : total);
  }

  private static long unitNanos(String text, String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "µs":
      case "μs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      case "h":
        return 3_600_000_000_000L;
      default:
        throw invalid(text, "unknown unit \"" + unit + "\"");
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid duration \"" + text + "\": " + why
        + "; write a number and a unit (ns, us, ms, s, m, h) such as 60s, 1500ms or 1m30s");
  }

  /** Go's {@code Duration.String}: {@code 1m0s}, {@code 1.5s}, {@code 15ms}, {@code 0s}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    boolean negative = d.isNegative();
    Duration abs = d.abs();
    long nanos = abs.toNanos();
    String sign = negative ? "-" : "";
    if (nanos < 1_000_000_000L) {
      if (nanos < 1_000L) {
        return sign + nanos + "ns";
      }
      if (nanos < 1_000_000L) {
        return sign + fraction(nanos, 1_000L) + "µs";
      }
      return sign + fraction(nanos, 1_000_000L) + "ms";
    }
    long hours = abs.toHours();
    long minutes = abs.toMinutesPart();
    String seconds = fraction(nanos % 60_000_000_000L, 1_000_000_000L) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds;
    }
    if (minutes > 0) {
      return sign + minutes + "m" + seconds;
    }
    return sign + seconds;
  }

  private static String fraction(long value, long unit) {
    return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
  }
}
