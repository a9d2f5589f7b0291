package io.kubeloop.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
  @ParameterizedTest(name = "{0} = {1}ms")
  @CsvSource({
      "60s, 60000", "1500ms, 1500", "1m30s, 90000", "1.5s, 1500", "1h, 3600000", "0, 0", "2h45m, 9900000",
      "300us, 0.3", "-1s, -1000", "1m0s, 60000"})
  void parsesGoDurations(String text, double millis) {
    assertEquals(Math.round(millis * 1_000_000), GoDuration.parse(text).toNanos());
  }

  @ParameterizedTest(name = "rejects \"{0}\"")
  @ValueSource(strings = {"", "60", "s", "1x", "1..5s", "abc", "-"})
  void rejectsWithTheFix(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    assertTrue(e.getMessage().contains("such as 60s, 1500ms or 1m30s"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}ms formats as {1}")
  @CsvSource({"60000, 1m0s", "15000, 15s", "1500, 1.5s", "5, 5ms", "0, 0s", "3660000, 1h1m0s"})
  void formatsLikeGo(long millis, String expected) {
    assertEquals(expected, GoDuration.format(Duration.ofMillis(millis)));
  }
}
