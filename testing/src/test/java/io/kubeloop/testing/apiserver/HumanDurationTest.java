package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.JsonMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
  /** The boundaries of apimachinery's duration_test.go, as seconds. */
  @ParameterizedTest(name = "{0}s -> {1}")
  @CsvSource({
      "-2, <invalid>", "-1, 0s", "0, 0s", "1, 1s", "59, 59s", "119, 119s", "120, 2m", "303, 5m3s", "599, 9m59s",
      "600, 10m", "10799, 179m", "10800, 3h", "10860, 3h1m", "28799, 7h59m", "28800, 8h", "172799, 47h",
      "172800, 2d", "187200, 2d4h", "691199, 7d23h", "691200, 8d", "63071999, 729d", "63072000, 2y",
      "64800000, 2y20d", "252287999, 7y364d", "252288000, 8y", "315360000, 10y"})
  void formatsLikeGo(long seconds, String expected) {
    assertEquals(expected, HumanDuration.format(Duration.ofSeconds(seconds)));
  }

  @Test
  void subSecondSkewIsZero() {
    assertEquals("0s", HumanDuration.format(Duration.ofMillis(-1500)));
    assertEquals("<invalid>", HumanDuration.format(Duration.ofMillis(-2000)));
  }

  @Test
  void sinceTimestamps() {
    Instant now = Instant.parse("2026-01-01T00:05:00Z");
    assertEquals("5m", HumanDuration.since(Instant.parse("2026-01-01T00:00:00Z"), now));
    assertEquals("5m", HumanDuration.since(json("'2026-01-01T00:00:00Z'"), now));
    assertEquals("2m", HumanDuration.since(json("'2026-01-01T02:03:00+02:00'"), now));
    assertEquals("<unknown>", HumanDuration.since(json("null"), now));
    assertEquals("<unknown>", HumanDuration.since((Instant) null, now));
    assertEquals("<invalid>", HumanDuration.since(json("'yesterday'"), now));
  }
}
