package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.api.Status;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reflector's list/watch/relist decisions, one scenario per test, against {@link FakeListerWatcher} on a
 * {@link FakeClock} (reference §2.3.8). Backoffs are passed by stepping the clock, never by sleeping.
 */
class ReflectorTest {
  private final FakeClock clock = new FakeClock();
  private final FakeListerWatcher lw = new FakeListerWatcher();
  private final RecordingStore store = new RecordingStore();
  private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
  private final List<ReflectorState> states = Collections.synchronizedList(new ArrayList<>());
  private final List<Boolean> watchdogEnds = Collections.synchronizedList(new ArrayList<>());
  private final Context ctx = Context.background().withCancel();
  private Reflector<Obj> reflector;
  private Thread thread;

  private Reflector<Obj> start(ReflectorOptions options) {
    reflector = Reflector.builder(lw, store)
        .clock(clock)
        .random(new Random(42))
        .options(options)
        .errorHandler((name, e) -> errors.add(e))
        .listener(new ReflectorListener() {
          @Override
          public void stateChanged(ReflectorState state) {
            states.add(state);
          }

          @Override
          public void watchEnded(int events, Throwable error, boolean byWatchdog) {
            watchdogEnds.add(byWatchdog);
          }
        })
        .build();
    thread = new Thread(() -> reflector.run(ctx), "reflector-under-test");
    thread.start();
    return reflector;
  }

  private Reflector<Obj> start() {
    return start(ReflectorOptions.defaults());
  }

  @AfterEach
  void stop() throws InterruptedException {
    ctx.cancel();
    if (thread != null) {
      thread.join(10_000);
      assertFalse(thread.isAlive(), "reflector thread ended");
      assertInstanceOf(ReflectorState.Stopped.class, reflector.state());
      assertEquals(0, lw.openWatches(), "every watch closed");
    }
  }

  private void awaitWatch(int n) {
    Await.until("watch #" + n + " open", () -> lw.watches().size() == n && lw.openWatches() == 1);
  }

  private void awaitRv(String rv) {
    Await.until("resourceVersion " + rv, () -> reflector.lastSyncResourceVersion().equals(rv));
  }

  private int backoffsPassed;

  /** Waits for the reflector's next backoff, then steps the clock by exactly its delay. */
  private void passBackoff() {
    int n = ++backoffsPassed;
    ReflectorState.BackingOff b = Await.value("backoff #" + n, () -> {
      synchronized (states) {
        List<ReflectorState> seen = states.stream().filter(s -> s instanceof ReflectorState.BackingOff).toList();
        return seen.size() >= n ? (ReflectorState.BackingOff) seen.get(n - 1) : null;
      }
    });
    clock.awaitWaiters(1);
    clock.step(b.delay());
  }

  private List<String> listVersions() {
    return lw.lists().stream().map(ListOptions::resourceVersion).toList();
  }

  private boolean everBackedOff() {
    synchronized (states) {
      return states.stream().anyMatch(s -> s instanceof ReflectorState.BackingOff);
    }
  }

  @Test
  void firstListAtZeroInPagesOf500ThenWatchesFromItsVersionWithBookmarks() {
    lw.create("a");
    lw.create("b");
    start();
    awaitWatch(1);
    ListOptions list = lw.lists().get(0);
    assertEquals("0", list.resourceVersion());
    assertEquals(500L, list.limit());
    WatchOptions watch = lw.watches().get(0);
    assertEquals("3", watch.resourceVersion());
    assertTrue(watch.allowWatchBookmarks());
    assertTrue(watch.timeoutSeconds() >= 300 && watch.timeoutSeconds() < 600, "timeout " + watch.timeoutSeconds());
    assertEquals(List.of("replace 2 @3"), store.calls());

    lw.update(ObjectKey.of("a"), "x");
    lw.create("c");
    awaitRv("5");
    assertEquals(List.of("replace 2 @3", "update a@4", "add c@5"), store.calls());
  }

  @Test
  void paginatedInitialListGathersEveryPageAndKeepsPagingOnRelist() {
    for (int i = 0; i < 1200; i++) {
      lw.create(String.format("o%04d", i));
    }
    start();
    awaitWatch(1);
    List<ListOptions> pages = lw.lists();
    assertEquals(3, pages.size());
    assertNull(pages.get(1).resourceVersion(), "continuation pages carry no resourceVersion");
    assertEquals("1201:500", pages.get(1).continueToken());
    assertEquals(List.of("replace 1200 @1201"), store.calls());

    lw.failWatches(Status.failure(500, "InternalError", "boom")); // relist at the last version...
    passBackoff();
    awaitWatch(2);
    assertEquals("1201", lw.lists().get(3).resourceVersion());
    assertEquals(500L, lw.lists().get(3).limit(), "...still paginated: the first list showed the watch cache is off");
  }

  @Test
  void relistAtAKnownVersionIsNotPaginated() {
    lw.create("a");
    start();
    awaitWatch(1);
    lw.failWatches(Status.failure(500, "InternalError", "boom"));
    passBackoff();
    awaitWatch(2);
    assertEquals(List.of("0", "2"), listVersions());
    assertNull(lw.lists().get(1).limit());
  }

  @Test
  void expiredContinueTokenFallsBackToOneFullList() {
    for (int i = 0; i < 10; i++) {
      lw.create("o" + i);
    }
    lw.failListCall(1, new ApiException(FakeListerWatcher.expired()));
    start(ReflectorOptions.defaults().withPageSize(4));
    awaitWatch(1);
    List<ListOptions> lists = lw.lists();
    assertEquals(3, lists.size());
    assertEquals("11:4", lists.get(1).continueToken());
    assertEquals("0", lists.get(2).resourceVersion(), "the full list repeats the original version");
    assertNull(lists.get(2).limit());
    assertNull(lists.get(2).continueToken());
    assertEquals(10, store.contents().size());
    assertFalse(everBackedOff());
  }

  @Test
  void bookmarksAdvanceTheResourceVersionAndTheNextWatchResumesThere() {
    lw.create("a");
    start();
    awaitWatch(1);
    lw.advanceVersion();
    lw.advanceVersion();
    lw.bookmark();
    awaitRv("4");
    lw.resetWatches();
    awaitWatch(2);
    assertEquals("4", lw.watches().get(1).resourceVersion());
    assertEquals(1, lw.lists().size(), "no relist");
  }

  @Test
  void normalEndRewatchesAtOnceWithoutRelisting() {
    start();
    awaitWatch(1);
    lw.create("a");
    awaitRv("2");
    lw.resetWatches();
    awaitWatch(2);
    assertEquals("2", lw.watches().get(1).resourceVersion());
    assertEquals(1, lw.lists().size());
    assertFalse(everBackedOff());
    assertTrue(errors.isEmpty(), "a normal end is no error: " + errors);
  }

  @Test
  void veryShortEmptyWatchBacksOffAndRelists() {
    start();
    awaitWatch(1);
    lw.resetWatches(); // no events, no time passed on the clock: client-go's VeryShortWatchError
    passBackoff();
    awaitWatch(2);
    assertEquals(2, lw.lists().size());
    assertTrue(errors.get(0).getMessage().contains("very short watch"));
  }

  @Test
  void goneInTheMiddleOfAStreamRelistsExactlyOnceAtLatestThenWatches() {
    lw.create("a");
    start();
    awaitWatch(1);
    lw.update(ObjectKey.of("a"), "x");
    awaitRv("3");
    lw.create("b");
    lw.expireWatches();
    awaitWatch(2);
    assertEquals(List.of("0", ""), listVersions());
    assertEquals("4", lw.watches().get(1).resourceVersion());
    assertFalse(everBackedOff(), "history is gone, not the server: relist at once");
    assertEquals(2, store.contents().size());
  }

  @Test
  void goneWhenResumingAfterCompactionBacksOffThenRelistsAtLatest() {
    lw.create("a");
    start();
    awaitWatch(1);
    lw.update(ObjectKey.of("a"), "x");
    awaitRv("3");
    lw.deleteSilently(ObjectKey.of("a")); // deleted while nobody watched; history compacted past it
    lw.resetWatches();
    passBackoff(); // the resume got 410 at once
    awaitWatch(3);
    assertEquals(List.of("0", ""), listVersions());
    assertEquals(List.of("3", "4"), lw.watches().stream().skip(1).map(WatchOptions::resourceVersion).toList());
    assertTrue(store.contents().isEmpty(), "the relist saw the delete");
  }

  @Test
  void tooManyRequestsOnWatchBacksOffAndRewatchesWithoutRelisting() {
    for (int i = 0; i < 4; i++) {
      lw.failNextWatch(FakeListerWatcher.apiError(429, "TooManyRequests"));
    }
    start();
    for (int i = 0; i < 4; i++) {
      passBackoff();
    }
    awaitWatch(5);
    assertEquals(1, lw.lists().size());
  }

  @Test
  void tooManyRequestsAsAWatchEventBacksOffAndRewatches() {
    lw.create("a");
    start();
    awaitWatch(1);
    lw.failWatches(Status.failure(429, "TooManyRequests", "slow down"));
    passBackoff();
    awaitWatch(2);
    assertEquals(1, lw.lists().size());
    assertEquals("2", lw.watches().get(1).resourceVersion());
  }

  @Test
  void refusedConnectionBacksOffAndRewatches() {
    lw.failNextWatch(new ConnectException("Connection refused"));
    start();
    passBackoff();
    awaitWatch(2);
    assertEquals(1, lw.lists().size());
  }

  @Test
  void otherWatchErrorsBackOffAndRelistAtTheLastVersion() {
    lw.create("a");
    lw.failNextWatch(FakeListerWatcher.apiError(500, "InternalError"));
    start();
    passBackoff();
    awaitWatch(2);
    assertEquals(List.of("0", "2"), listVersions());
  }

  @Test
  void listAtAnExpiredVersionRetriesOnceAtLatest() {
    lw.create("a");
    start();
    awaitWatch(1);
    lw.failNextList(new ApiException(FakeListerWatcher.expired()));
    lw.failWatches(Status.failure(500, "InternalError", "boom"));
    passBackoff();
    awaitWatch(2);
    assertEquals(List.of("0", "2", ""), listVersions());
  }

  @Test
  void listAtATooLargeVersionRetriesOnceAtLatest() {
    lw.create("a");
    start();
    awaitWatch(1);
    Status tooLarge = new Status("v1", "Status", null, "Failure", "Too large resource version", "Timeout",
        new Status.Details(null, null, null, null, List.of(new Status.Cause("ResourceVersionTooLarge", "Too large resource version", null, null)), 1, null),
        504, null);
    lw.failNextList(new ApiException(tooLarge));
    lw.failWatches(Status.failure(500, "InternalError", "boom"));
    passBackoff();
    awaitWatch(2);
    assertEquals(List.of("0", "2", ""), listVersions());
  }

  @Test
  void failedListBacksOffAndRetriesWithTheErrorReported() {
    lw.failNextList(new IOException("connection reset"));
    start();
    passBackoff();
    awaitWatch(1);
    assertEquals(2, lw.lists().size());
    assertEquals("connection reset", errors.get(0).getMessage());
  }

  @Test
  void silentStreamIsEndedByTheWatchdogAndResumedWithoutRelist() {
    lw.create("a");
    start();
    awaitWatch(1);
    long timeout = lw.watches().get(0).timeoutSeconds();
    clock.step(Duration.ofSeconds(timeout).plusSeconds(29)); // within timeout + margin: nothing happens
    assertEquals(1, lw.watches().size());
    clock.step(Duration.ofSeconds(2));
    awaitWatch(2);
    assertEquals("2", lw.watches().get(1).resourceVersion());
    assertEquals(1, lw.lists().size());
    assertEquals(List.of(true), watchdogEnds);
  }

  @Test
  void eventsKeepTheWatchdogAway() {
    lw.create("a");
    start();
    awaitWatch(1);
    long timeout = lw.watches().get(0).timeoutSeconds();
    clock.step(Duration.ofSeconds(timeout));
    lw.update(ObjectKey.of("a"), "x");
    awaitRv("3");
    clock.step(Duration.ofSeconds(60)); // past the first deadline, but the stream spoke meanwhile
    assertEquals(1, lw.watches().size());
  }

  @Test
  void syntheticAddsOfAWatchFromEmptyDoNotAdvanceTheResourceVersion() {
    lw.create("a");
    lw.create("b");
    lw.overrideListResourceVersion("");
    start();
    Await.until("watch open", () -> lw.openWatches() == 1);
    assertEquals("", lw.watches().get(0).resourceVersion());
    Await.until("synthetic adds applied", () -> store.calls().size() == 3);
    assertEquals("", reflector.lastSyncResourceVersion());
    lw.update(ObjectKey.of("a"), "x");
    awaitRv("4");
  }

  @Test
  void streamingListReplacesFromInitialEventsAndKeepsTheSameStream() {
    lw.create("a");
    lw.create("b");
    start(ReflectorOptions.defaults().withUseWatchList(true));
    awaitWatch(1);
    WatchOptions w = lw.watches().get(0);
    assertEquals(Boolean.TRUE, w.sendInitialEvents());
    assertEquals("NotOlderThan", w.resourceVersionMatch());
    assertEquals("", w.resourceVersion());
    assertTrue(lw.lists().isEmpty());
    Await.until("replaced", () -> !store.calls().isEmpty());
    assertEquals(List.of("replace 2 @3"), store.calls());
    lw.create("c");
    awaitRv("4");
    assertEquals(1, lw.watches().size());
  }

  @Test
  void streamingListFallsBackToAClassicListWhenRefused() {
    lw.rejectStreamingLists();
    lw.create("a");
    start(ReflectorOptions.defaults().withUseWatchList(true));
    awaitWatch(2);
    assertEquals(List.of("0"), listVersions());
    assertEquals("2", lw.watches().get(1).resourceVersion());
    assertNull(lw.watches().get(1).sendInitialEvents());
  }

  @Test
  void streamingListFailuresReachTheErrorHandler() {
    // A streaming list that cannot get through must not retry in silence: the error handler hears of each failure.
    lw.create("a");
    lw.failNextWatch(new ConnectException("Connection refused"));
    start(ReflectorOptions.defaults().withUseWatchList(true));
    Await.until("refusal reported", () -> errors.stream().anyMatch(e -> e instanceof ConnectException));
    clock.awaitWaiters(1);
    clock.step(Duration.ofSeconds(2)); // past the first backoff
    Await.until("replaced", () -> store.calls().contains("replace 1 @2"));
    assertEquals(1, errors.size(), errors.toString());
  }

  @Test
  void anErrorHandlerThatThrowsDoesNotEndTheReflector() throws InterruptedException {
    lw.create("a");
    lw.failNextList(new IOException("down"));
    reflector = Reflector.builder(lw, store).clock(clock).random(new Random(42))
        .errorHandler((name, e) -> {
          errors.add(e);
          throw new IllegalStateException("a bug in the user's error handler");
        })
        .build();
    thread = new Thread(() -> reflector.run(ctx), "reflector-under-test");
    thread.start();
    Await.until("failure reported", () -> !errors.isEmpty());
    clock.awaitWaiters(1);
    clock.step(Duration.ofSeconds(2)); // past the first backoff
    Await.until("listed after the backoff", () -> store.calls().contains("replace 1 @2"));
    assertTrue(thread.isAlive());
  }

  @Test
  void resyncTicksOnTheClock() {
    start(ReflectorOptions.defaults().withResyncPeriod(Duration.ofSeconds(10)));
    awaitWatch(1);
    Await.until("resync loop sleeping", () -> clock.waiterCount() >= 2); // watchdog + resync
    clock.step(Duration.ofSeconds(10));
    Await.until("one resync", () -> store.resyncs() == 1);
  }

  @Test
  void aFailedResyncIsReportedAndTheNextTickResyncsAgain() {
    // client-go ends the watch on a resync error and goes on; resyncs must not stop for good after one failure.
    store.failNextResync(new IllegalStateException("resync bug"));
    start(ReflectorOptions.defaults().withResyncPeriod(Duration.ofSeconds(10)));
    awaitWatch(1);
    Await.until("resync loop sleeping", () -> clock.waiterCount() >= 2); // watchdog + resync
    clock.step(Duration.ofSeconds(10));
    Await.until("failure reported", () -> errors.stream().anyMatch(e -> "resync bug".equals(e.getMessage())));
    Await.until("resync loop sleeping again", () -> clock.waiterCount() >= 2);
    clock.step(Duration.ofSeconds(10));
    Await.until("the next tick resyncs", () -> store.resyncs() == 2);
  }

  @Test
  void cancellingStopsTheReflectorWhileBackingOff() throws InterruptedException {
    lw.failNextList(new IOException("down"));
    start();
    Await.until("backing off", () -> reflector.state() instanceof ReflectorState.BackingOff);
    ctx.cancel();
    thread.join(10_000);
    assertInstanceOf(ReflectorState.Stopped.class, reflector.state());
  }
}
