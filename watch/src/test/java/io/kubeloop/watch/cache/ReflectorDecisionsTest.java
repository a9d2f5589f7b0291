package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Status;
import io.kubeloop.watch.cache.ReflectorDecisions.Next;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reflector's decisions, called directly with named table cases (STYLE #23). */
class ReflectorDecisionsTest {
  static ApiException api(int code, String reason) {
    return new ApiException(Status.failure(code, reason, reason));
  }

  record ListRv(String name, String lastSync, boolean atLatest, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ListRv> listRvCases() {
    return Stream.of(
        new ListRv("first list reads any version from the watch cache", "", false, "0"),
        new ListRv("relist never goes back in time", "42", false, "42"),
        new ListRv("an expired version relists at latest", "42", true, ""),
        new ListRv("at latest even before the first list", "", true, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listRvCases")
  void listResourceVersion(ListRv c) {
    assertEquals(c.expected, ReflectorDecisions.listResourceVersion(c.lastSync, c.atLatest));
  }

  record Limit(String name, int pageSize, boolean paginatedBefore, String rv, Long expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Limit> limitCases() {
    return Stream.of(
        new Limit("initial list pages by 500", 0, false, "0", 500L),
        new Limit("consistent list pages by 500", 0, false, "", 500L),
        new Limit("relist at a known version is unpaginated", 0, false, "10", null),
        new Limit("relist keeps paging once the watch cache proved off", 0, true, "10", 500L),
        new Limit("an explicit page size wins", 4, false, "10", 4L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limitCases")
  void listLimit(Limit c) {
    assertEquals(c.expected, ReflectorDecisions.listLimit(c.pageSize, c.paginatedBefore, c.rv));
  }

  record AfterWatch(String name, Throwable error, int events, Duration elapsed, boolean watchdog, Next expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<AfterWatch> afterWatchCases() {
    Duration long_ = Duration.ofMinutes(5);
    Duration zero = Duration.ZERO;
    return Stream.of(
        new AfterWatch("server timeout re-watches at once", null, 3, long_, false, Next.WATCH_AGAIN),
        new AfterWatch("a quiet but long watch re-watches", null, 0, long_, false, Next.WATCH_AGAIN),
        new AfterWatch("very short empty watch backs off and relists", null, 0, zero, false, Next.RELIST_AFTER_BACKOFF),
        new AfterWatch("broken connection mid-stream re-watches", new EOFException(), 5, zero, false, Next.WATCH_AGAIN),
        new AfterWatch("watchdog end re-watches", null, 0, long_, true, Next.WATCH_AGAIN),
        new AfterWatch("410 mid-stream relists at latest now", api(410, "Expired"), 2, zero, false, Next.RELIST_AT_LATEST),
        new AfterWatch("410 Gone without events backs off first", api(410, "Gone"), 0, zero, false, Next.RELIST_AT_LATEST_AFTER_BACKOFF),
        new AfterWatch("410 with no reason is gone", api(410, ""), 1, zero, false, Next.RELIST_AT_LATEST),
        new AfterWatch("429 event backs off and re-watches", api(429, "TooManyRequests"), 1, zero, false, Next.WATCH_AGAIN_AFTER_BACKOFF),
        new AfterWatch("500 backs off and relists", api(500, "InternalError"), 1, long_, false, Next.RELIST_AFTER_BACKOFF),
        new AfterWatch("a store bug backs off and relists", new IllegalStateException(), 1, long_, false, Next.RELIST_AFTER_BACKOFF));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("afterWatchCases")
  void afterWatch(AfterWatch c) {
    assertEquals(c.expected, ReflectorDecisions.afterWatch(c.error, c.events, c.elapsed, c.watchdog));
  }

  record OpenFailure(String name, Throwable error, Next expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<OpenFailure> openFailureCases() {
    return Stream.of(
        new OpenFailure("429 backs off and re-watches", api(429, ""), Next.WATCH_AGAIN_AFTER_BACKOFF),
        new OpenFailure("refused connection backs off and re-watches", new ConnectException("refused"), Next.WATCH_AGAIN_AFTER_BACKOFF),
        new OpenFailure("refused connection wrapped", new IOException(new ConnectException("refused")), Next.WATCH_AGAIN_AFTER_BACKOFF),
        new OpenFailure("410 backs off and relists at latest", api(410, "Expired"), Next.RELIST_AT_LATEST_AFTER_BACKOFF),
        new OpenFailure("403 backs off and relists", api(403, "Forbidden"), Next.RELIST_AFTER_BACKOFF),
        new OpenFailure("reset backs off and relists", new IOException("reset"), Next.RELIST_AFTER_BACKOFF));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("openFailureCases")
  void afterWatchOpenFailure(OpenFailure c) {
    assertEquals(c.expected, ReflectorDecisions.afterWatchOpenFailure(c.error));
  }

  @Test
  void watchTimeoutsAreRandomInTheMinimumToTwiceTheMinimum() {
    Random random = new Random(7);
    for (int i = 0; i < 1000; i++) {
      long t = ReflectorDecisions.watchTimeoutSeconds(ReflectorOptions.DEFAULT_MIN_WATCH_TIMEOUT, random);
      assertTrue(t >= 300 && t < 600, "timeout " + t);
    }
    long t = ReflectorDecisions.watchTimeoutSeconds(Duration.ofMinutes(30), random);
    assertTrue(t >= 1800 && t < 3600, "timeout " + t);
  }

  @Test
  void minimumWatchTimeoutBelowFiveMinutesIsRaised() {
    assertEquals(Duration.ofMinutes(5), ReflectorOptions.defaults().withMinWatchTimeout(Duration.ofSeconds(1)).minWatchTimeout());
    assertEquals(Duration.ofMinutes(30), ReflectorOptions.defaults().withMinWatchTimeout(Duration.ofMinutes(30)).minWatchTimeout());
  }

  @Test
  void syntheticAddsOnlyFromEmptyOrZero() {
    assertEquals(List.of(true, true, false), Stream.of("", "0", "5").map(ReflectorDecisions::startsWithSyntheticAdds).toList());
  }
}
