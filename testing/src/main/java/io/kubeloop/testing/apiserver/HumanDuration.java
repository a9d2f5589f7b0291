package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Java counterpart of apimachinery {@code pkg/util/duration/duration.go} ({@code HumanDuration}) and of the
 * printers' {@code translateTimestampSince}: the {@code AGE} text of {@code kubectl get}, about two
 * significant figures: {@code 0s}, {@code 59s}, {@code 119s}, {@code 2m}, {@code 5m3s}, {@code 3h}, {@code 7h59m},
 * {@code 2d}, {@code 3d4h}, {@code 400d}, {@code 3y20d}, {@code 8y}.
 *
 * <p>Negative durations of up to a second and a half are clock skew and print {@code 0s}; more negative ones
 * print {@code <invalid>}. Stateless; the current time is always a parameter.
 */
public final class HumanDuration {
  private HumanDuration() {}

  /** Go's {@code duration.HumanDuration}. */
  public static String format(Duration d) {
    long seconds = d.toMillis() / 1000; // truncates toward zero, like Go's int(d.Seconds())
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = d.getSeconds() % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** The age of {@code timestamp} at {@code now}, or {@code <unknown>} when there is no timestamp. */
  public static String since(Instant timestamp, Instant now) {
    return timestamp == null ? "<unknown>" : format(Duration.between(timestamp, now));
  }

  /**
   * The age of an RFC 3339 timestamp in JSON ({@code metadata.creationTimestamp}, a {@code date} printer column):
   * {@code <unknown>} for a missing, null or empty value, {@code <invalid>} for text that is not RFC 3339.
   */
  public static String since(JsonNode timestamp, Instant now) {
    if (timestamp == null || timestamp.isNull() || timestamp.isMissingNode()
        || (timestamp.isTextual() && (timestamp.textValue().isEmpty() || timestamp.textValue().equals("null")))) {
      return "<unknown>";
    }
    try {
      return since(OffsetDateTime.parse(timestamp.asText()).toInstant(), now);
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }
}
