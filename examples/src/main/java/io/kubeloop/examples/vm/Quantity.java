package io.kubeloop.examples.vm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Java counterpart of apimachinery's {@code resource.Quantity}: {@code 500m}, {@code 2}, {@code 512Mi},
 * {@code 10Gi}, {@code 1G}, {@code 1e3}. The text is kept exactly as written, so a read-modify-write never
 * reformats a user's spec; {@link #value()} gives the number.
 *
 * <p>Differences from Go: no canonicalisation on output (Go rewrites {@code 1000m} as {@code 1}); comparisons
 * go through {@link #value()}.
 */
public final class Quantity implements Comparable<Quantity> {
  private final String text;
  private final BigDecimal value;

  private Quantity(String text, BigDecimal value) {
    this.text = text;
    this.value = value;
  }

  /**
   * Parses a quantity.
   *
   * @throws IllegalArgumentException naming the text and the accepted shapes
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Quantity parse(String text) {
    Objects.requireNonNull(text, "quantity");
    String s = text.trim();
    int end = s.length();
    while (end > 0 && Character.isLetter(s.charAt(end - 1))) {
      end--;
    }
    String number = s.substring(0, end);
    String suffix = s.substring(end);
    // An exponent such as 1e3 ends in digits; "1E" alone would be the exa suffix.
    int e = Math.max(number.indexOf('e'), number.indexOf('E'));
    BigDecimal multiplier;
    if (suffix.isEmpty() && e > 0) {
      multiplier = BigDecimal.ONE;
    } else {
      multiplier = multiplier(text, suffix);
    }
    if (number.isEmpty() || number.equals("+") || number.equals("-")) {
      throw invalid(text);
    }
    try {
      return new Quantity(text, new BigDecimal(number).multiply(multiplier));
    } catch (NumberFormatException ex) {
      throw invalid(text);
    }
  }

  /** A quantity from a JSON number ({@code cpu: 2}). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Quantity of(long value) {
    return new Quantity(Long.toString(value), BigDecimal.valueOf(value));
  }

  /** A quantity from a JSON fraction ({@code cpu: 0.5}). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Quantity of(double value) {
    BigDecimal d = BigDecimal.valueOf(value);
    return new Quantity(d.stripTrailingZeros().toPlainString(), d);
  }

  private static BigDecimal multiplier(String text, String suffix) {
    switch (suffix) {
      case "": return BigDecimal.ONE;
      case "n": return new BigDecimal("1e-9");
      case "u": return new BigDecimal("1e-6");
      case "m": return new BigDecimal("1e-3");
      case "k": return BigDecimal.valueOf(1_000L);
      case "M": return BigDecimal.valueOf(1_000_000L);
      case "G": return BigDecimal.valueOf(1_000_000_000L);
      case "T": return BigDecimal.valueOf(1_000_000_000_000L);
      case "P": return BigDecimal.valueOf(1_000_000_000_000_000L);
      case "E": return new BigDecimal("1e18");
      case "Ki": return BigDecimal.valueOf(1L << 10);
      case "Mi": return BigDecimal.valueOf(1L << 20);
      case "Gi": return BigDecimal.valueOf(1L << 30);
      case "Ti": return BigDecimal.valueOf(1L << 40);
      case "Pi": return BigDecimal.valueOf(1L << 50);
      case "Ei": return BigDecimal.valueOf(1L << 60);
      default: throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid quantity \"" + text + "\": expected a number with an optional"
        + " suffix, such as 500m or 2 (cpu), 512Mi or 4Gi (memory), 1e3");
  }

  /** The number this quantity stands for: {@code 500m} is 0.5, {@code 1Ki} is 1024. */
  public BigDecimal value() {
    return value;
  }

  /** Thousandths, rounded up: {@code 500m} is 500, {@code 2} is 2000 (Go's {@code MilliValue}). */
  public long milliValue() {
    return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** The value rounded up to a whole number, such as bytes for memory (Go's {@code Value}). */
  public long longValue() {
    return value.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  /** Equal when the numbers are: {@code 1Ki} equals {@code 1024}. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && value.compareTo(q.value) == 0;
  }

  @Override
  public int hashCode() {
    return value.stripTrailingZeros().hashCode();
  }

  @Override
  public int compareTo(Quantity o) {
    return value.compareTo(o.value);
  }
}
