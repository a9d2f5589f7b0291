package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** client-go's reflector backoff ranges (reference §2.1) and the reset after two quiet minutes. */
class BackoffTest {
  private final FakeClock clock = new FakeClock();

  private static void assertIn(Duration d, double fromSeconds, double toSeconds) {
    double s = d.toNanos() / 1e9;
    assertTrue(s >= fromSeconds && s < toSeconds, s + "s not in [" + fromSeconds + ", " + toSeconds + ")");
  }

  @Test
  void delaysDoubleWithJitterUpToTheCap() {
    Backoff b = new Backoff(Backoff.Policy.reflectorDefaults(), clock, new Random(1));
    double[] from = {0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30, 30};
    for (double f : from) {
      assertIn(b.next(), f, f == 30 ? 60 : 2 * f);
    }
  }

  @Test
  void twoQuietMinutesStartOver() {
    Backoff b = new Backoff(Backoff.Policy.reflectorDefaults(), clock, new Random(1));
    b.next();
    b.next();
    clock.step(Duration.ofSeconds(119));
    assertIn(b.next(), 3.2, 6.4); // still failing within 2 minutes: keeps growing
    clock.step(Duration.ofMinutes(2));
    assertIn(b.next(), 0.8, 1.6);
  }

  @Test
  void noJitterGivesExactSteps() {
    Backoff b = new Backoff(new Backoff.Policy(Duration.ofMillis(10), 2, 0, Duration.ofMillis(100), Duration.ofMinutes(2)), clock, new Random());
    long total = 0;
    for (int i = 0; i < 5; i++) {
      total += b.next().toMillis();
    }
    assertEquals(10 + 20 + 40 + 80 + 100, total); // client-go TestNewReflectorWithCustomBackoff: in [250ms, 300ms]
  }

  @Test
  void policyRejectsNonsense() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Backoff.Policy(Duration.ofSeconds(2), 2, 1, Duration.ofSeconds(1), Duration.ofMinutes(2)));
    assertEquals("expected cap >= initial but was PT1S < PT2S", e.getMessage());
  }
}
