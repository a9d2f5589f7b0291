package io.kubeloop.watch.workqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** client-go {@code util/workqueue/default_rate_limiters_test.go} (reference §3.4), plus the bucket and defaults. */
class RateLimitersTest {

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** Calls {@code when(item)} {@code n} times. */
  private static List<Duration> whens(RateLimiter<String> limiter, String item, int n) {
    List<Duration> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(limiter.when(item));
    }
    return out;
  }

  /**
   * A per-item limiter case in client-go's shape: item "one" fails {@code oneDelays.size()} times, "two" fails
   * twice, then "one" is forgotten and fails once more.
   */
  record Case(String name, RateLimiter<String> limiter, List<Duration> oneDelays, List<Duration> twoDelays,
      Duration afterForget) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> perItemCases() {
    return Stream.of(
        new Case("exponential 1ms..1s doubles per failure of each item", // TestItemExponentialFailureRateLimiter
            RateLimiters.itemExponentialFailure(ms(1), Duration.ofSeconds(1)),
            List.of(ms(1), ms(2), ms(4), ms(8), ms(16)), List.of(ms(1), ms(2)), ms(1)),
        new Case("fast-slow 5ms/10s switches after 3 fast attempts", // TestItemFastSlowRateLimiter
            RateLimiters.itemFastSlow(ms(5), Duration.ofSeconds(10), 3),
            List.of(ms(5), ms(5), ms(5), Duration.ofSeconds(10), Duration.ofSeconds(10)), List.of(ms(5), ms(5)),
            ms(5)),
        new Case("max-of fast-slow and exponential takes the longest", // TestMaxOfRateLimiter
            RateLimiters.maxOf(RateLimiters.itemFastSlow(ms(5), Duration.ofSeconds(3), 3),
                RateLimiters.itemExponentialFailure(ms(1), Duration.ofSeconds(1))),
            List.of(ms(5), ms(5), ms(5), Duration.ofSeconds(3), Duration.ofSeconds(3)), List.of(ms(5), ms(5)),
            ms(5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("perItemCases")
  void perItemLimiter(Case c) {
    assertEquals(c.oneDelays(), whens(c.limiter(), "one", c.oneDelays().size()));
    assertEquals(c.oneDelays().size(), c.limiter().numRequeues("one"));
    assertEquals(c.twoDelays(), whens(c.limiter(), "two", c.twoDelays().size()));
    assertEquals(c.twoDelays().size(), c.limiter().numRequeues("two"));
    c.limiter().forget("one");
    assertEquals(0, c.limiter().numRequeues("one"));
    assertEquals(c.afterForget(), c.limiter().when("one"));
    assertEquals(c.twoDelays().size(), c.limiter().numRequeues("two"), "forgetting one leaves two alone");
  }

  @Test
  void exponential_saturatesAtMaxWithoutOverflow() { // TestItemExponentialFailureRateLimiterOverFlow
    RateLimiter<String> limiter = RateLimiters.itemExponentialFailure(ms(1), Duration.ofSeconds(1000));
    whens(limiter, "one", 5);
    assertEquals(ms(32), limiter.when("one"));
    whens(limiter, "overflow1", 1000);
    assertEquals(Duration.ofSeconds(1000), limiter.when("overflow1"));

    RateLimiter<String> slow = RateLimiters.itemExponentialFailure(Duration.ofMinutes(1), Duration.ofHours(1000));
    whens(slow, "two", 2);
    assertEquals(Duration.ofMinutes(4), slow.when("two"));
    whens(slow, "overflow2", 1000);
    assertEquals(Duration.ofHours(1000), slow.when("overflow2"));
  }

  @Test
  void withMaxWait_capsTheInnerDelay() { // TestWithMaxWaitRateLimiter
    RateLimiter<String> step = new RateLimiter<>() {
      private int calls;

      @Override
      public Duration when(String item) {
        return calls++ < 100 ? ms(5) : Duration.ofSeconds(1000);
      }

      @Override
      public void forget(String item) {}

      @Override
      public int numRequeues(String item) {
        return 0;
      }
    };
    RateLimiter<String> limiter = RateLimiters.withMaxWait(step, Duration.ofSeconds(500));
    for (int i = 0; i < 100; i++) {
      assertEquals(ms(5), limiter.when("one"), "call " + i);
    }
    for (int i = 100; i < 200; i++) {
      assertEquals(Duration.ofSeconds(500), limiter.when("one"), "call " + i);
    }
  }

  @Test
  void bucket_allowsTheBurstThenSpacesCallsByOneOverQps() {
    FakeClock clock = new FakeClock();
    RateLimiter<String> bucket = RateLimiters.bucket(clock, 10, 100);
    for (int i = 0; i < 100; i++) {
      assertEquals(Duration.ZERO, bucket.when("item-" + i), "burst call " + i);
    }
    assertEquals(ms(100), bucket.when("x"));
    assertEquals(ms(200), bucket.when("y"), "the bucket goes into debt: each reservation waits longer");
    clock.step(Duration.ofSeconds(1)); // +10 tokens pay the debt of 2, leaving 8
    for (int i = 0; i < 8; i++) {
      assertEquals(Duration.ZERO, bucket.when("z"), "refilled call " + i);
    }
    assertEquals(ms(100), bucket.when("z"));
    assertEquals(0, bucket.numRequeues("z"));
    clock.step(Duration.ofHours(1));
    assertEquals(Duration.ZERO, bucket.when("z"));
  }

  @Test
  void bucket_refillStopsAtBurst() {
    FakeClock clock = new FakeClock();
    RateLimiter<String> bucket = RateLimiters.bucket(clock, 1, 2);
    clock.step(Duration.ofMinutes(1));
    assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)), whens(bucket, "a", 3));
  }

  @Test
  void defaultController_exponentialPerItem() {
    RateLimiter<String> limiter = RateLimiters.defaultControllerRateLimiter(new FakeClock());
    List<Duration> delays = whens(limiter, "one", 20);
    assertEquals(List.of(ms(5), ms(10), ms(20), ms(40)), delays.subList(0, 4));
    assertEquals(ms(655_360), delays.get(17), "5ms * 2^17");
    assertEquals(Duration.ofSeconds(1000), delays.get(18), "capped from the 19th failure (5ms * 2^18 = 1310.72s)");
    assertEquals(20, limiter.numRequeues("one"));
    limiter.forget("one");
    assertEquals(0, limiter.numRequeues("one"));
  }

  @Test
  void defaultController_bucketDominatesAfter100RapidRetries() {
    RateLimiter<String> limiter = RateLimiters.defaultControllerRateLimiter(new FakeClock());
    for (int i = 0; i < 100; i++) {
      assertEquals(ms(5), limiter.when("item-" + i), "first failure of a fresh item, within the burst");
    }
    assertEquals(ms(100), limiter.when("item-100"), "the 101st retry overall waits for a token");
    assertEquals(ms(200), limiter.when("item-101"));
  }

  @Test
  void invalidArguments_nameTheProblem() {
    assertEquals("expected maxDelay >= baseDelay but was maxDelay=PT0.001S, baseDelay=PT1S",
        assertThrows(IllegalArgumentException.class,
            () -> RateLimiters.itemExponentialFailure(Duration.ofSeconds(1), ms(1))).getMessage());
    assertEquals("expected baseDelay > 0 but was PT0S", assertThrows(IllegalArgumentException.class,
        () -> RateLimiters.itemExponentialFailure(Duration.ZERO, ms(1))).getMessage());
    assertEquals("expected burst >= 1 but was 0", assertThrows(IllegalArgumentException.class,
        () -> RateLimiters.bucket(new FakeClock(), 10, 0)).getMessage());
    assertEquals("expected a finite qps > 0 but was 0.0", assertThrows(IllegalArgumentException.class,
        () -> RateLimiters.bucket(new FakeClock(), 0, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, RateLimiters::maxOf);
  }
}
