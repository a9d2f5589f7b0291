package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import io.kubeloop.testing.apiserver.ApiServer;
import io.kubeloop.testing.apiserver.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The informer against the embedded API server over real HTTP (core's {@code KubeClient}), with the server's faults: dropped, stalled and
 * throttled watches, compacted history. The informer runs on a {@link FakeClock} (backoff and watchdog); the server
 * on the system clock.
 */
class ApiServerInformerTest {
  private static final Predicate<RecordedRequest> CONFIGMAPS = r -> r.path().endsWith("/configmaps") && r.method().equals("GET");
  private static final Predicate<RecordedRequest> LIST = CONFIGMAPS.and(r -> !r.isWatch());
  private static final Predicate<RecordedRequest> WATCH = CONFIGMAPS.and(RecordedRequest::isWatch);

  private final FakeClock clock = new FakeClock();
  private final BackoffStepper backoffs = new BackoffStepper(clock);
  private ApiServer server;
  private ConfigMaps configMaps;
  private DefaultSharedIndexInformer<DynamicObject> informer;
  private KubeClient client;

  @BeforeEach
  void startServer() {
    server = ApiServer.start();
    configMaps = new ConfigMaps(server);
    client = ConfigMaps.informerClient(server);
  }

  @AfterEach
  void stop() {
    if (informer != null) {
      informer.close();
      informer.fifo().checkInvariants();
    }
    client.close();
    server.close();
  }

  private RecordingHandler<DynamicObject> start(ReflectorOptions options) throws InterruptedException {
    informer = (DefaultSharedIndexInformer<DynamicObject>) SharedIndexInformer
        .builder(ConfigMaps.listerWatcher(client))
        .clock(clock)
        .random(new Random(5))
        .reflectorListener(backoffs)
        .reflectorOptions(options)
        .watchErrorHandler((name, e) -> { })
        .build();
    RecordingHandler<DynamicObject> h = new RecordingHandler<>(informer.lister());
    informer.addEventHandler(h);
    informer.start();
    assertTrue(informer.waitForCacheSync(Context.background().withTimeout(Clock.system(), Duration.ofSeconds(10))));
    return h;
  }

  private RecordingHandler<DynamicObject> start() throws InterruptedException {
    return start(ReflectorOptions.defaults());
  }

  private static ObjectKey key(String name) {
    return ObjectKey.of(ConfigMaps.NAMESPACE, name);
  }

  private String value(String name) {
    return informer.lister().get(key(name)).map(o -> o.text("/data/v")).orElse(null);
  }

  private void awaitValue(String name, String value) {
    Await.until(name + " = " + value + " in the cache", () -> value.equals(value(name)));
  }

  private void passBackoff() {
    backoffs.passNext();
  }

  private void awaitWatching(int watches) {
    Await.until(watches + " watch requests", () -> server.requests().count(WATCH) >= watches
        && informer.reflectorState() instanceof ReflectorState.Watching);
  }

  @Test
  void followsCreatesUpdatesAndDeletes() throws InterruptedException {
    configMaps.create("a", "1");
    RecordingHandler<DynamicObject> h = start();
    assertEquals("1", value("a"));
    configMaps.create("b", "1");
    configMaps.update("a", "2");
    configMaps.delete("b");
    h.awaitCount(4);
    awaitValue("a", "2");
    assertEquals(List.of(key("a")), List.copyOf(informer.lister().keys()));
    assertEquals(List.of(), h.violations());
    RecordedRequest firstList = server.requests().matching(LIST).get(0);
    assertEquals("0", firstList.queryParameter("resourceVersion"));
    assertEquals("500", firstList.queryParameter("limit"));
    RecordedRequest watch = server.requests().matching(WATCH).get(0);
    assertEquals("true", watch.queryParameter("allowWatchBookmarks"));
    assertFalse(informer.lastSyncResourceVersion().isEmpty());
  }

  @Test
  void aDroppedWatchResumesWithoutRelisting() throws InterruptedException {
    start();
    configMaps.create("a", "1");
    awaitValue("a", "1");
    server.faults().dropWatches();
    awaitWatching(2);
    configMaps.update("a", "2");
    awaitValue("a", "2");
    assertEquals(1, server.requests().count(LIST));
  }

  @Test
  void anObjectDeletedDuringAPartitionWithHistoryCompactedReachesHandlersAfterOneRelistAtLatest() throws InterruptedException {
    configMaps.create("a", "1");
    configMaps.create("b", "1");
    RecordingHandler<DynamicObject> h = start();
    configMaps.update("a", "2");
    awaitValue("a", "2"); // the watch is live
    server.faults().partition("informer"); // the informer's watch goes silent, like a dead connection...
    configMaps.delete("b"); // ...while b goes and the history that says so is compacted
    server.faults().compact();
    server.faults().heal("informer");
    long timeout = Long.parseLong(server.requests().matching(WATCH).get(0).queryParameter("timeoutSeconds"));
    clock.step(Duration.ofSeconds(timeout).plus(ReflectorOptions.defaults().watchdogMargin()).plusSeconds(1));
    passBackoff(); // the watchdog ended the silent stream; the resume got 410 Expired; back off, relist at ""
    Await.until("b gone from the cache", () -> informer.lister().get(key("b")).isEmpty());
    Await.until("the handler heard", () -> h.events(key("b")).size() == 2);
    assertTrue(h.events(key("b")).get(1).startsWith("tombstone default/b@"), h.events(key("b")).toString());
    List<RecordedRequest> lists = server.requests().matching(LIST);
    assertEquals(2, lists.size(), "one relist");
    assertEquals("", lists.get(1).queryParameter("resourceVersion"), "at latest");
    assertEquals(List.of(), h.violations());
  }

  @Test
  void aStalledStreamIsEndedByTheWatchdogAndResumed() throws InterruptedException {
    configMaps.create("a", "1");
    start();
    configMaps.update("a", "1b");
    awaitValue("a", "1b"); // the watch is open and live
    server.faults().stallWatches(); // open, but silent: a dead TCP connection
    configMaps.update("a", "2");
    long timeout = Long.parseLong(server.requests().matching(WATCH).get(0).queryParameter("timeoutSeconds"));
    clock.step(Duration.ofSeconds(timeout).plus(ReflectorOptions.defaults().watchdogMargin()).plusSeconds(1));
    awaitValue("a", "2");
    assertEquals(1, server.requests().count(LIST), "resumed from the last resourceVersion, no relist");
    assertEquals(2, server.requests().count(WATCH));
  }

  @Test
  void throttledWatchesBackOffAndResumeWithoutRelisting() throws InterruptedException {
    configMaps.create("a", "1");
    start();
    configMaps.update("a", "2");
    awaitValue("a", "2");
    server.faults().failNext(2, WATCH, 429, null); // no Retry-After: the client hands the 429 to the reflector
    server.faults().dropWatches();
    passBackoff();
    Await.until("second backoff", () -> server.requests().count(WATCH) == 3);
    passBackoff();
    awaitWatching(4);
    configMaps.update("a", "3");
    awaitValue("a", "3");
    assertEquals(1, server.requests().count(LIST));
  }

  @Test
  void aThrottleWithRetryAfterIsWaitedOutByTheClientAndTheReflectorNeverSeesIt() throws InterruptedException {
    configMaps.create("a", "1");
    start();
    configMaps.update("a", "2");
    awaitValue("a", "2");
    server.faults().failNext(1, WATCH, 429); // Retry-After: 1, honoured by core's RetryStage (1 s of real time)
    server.faults().dropWatches();
    awaitWatching(3);
    configMaps.update("a", "3");
    awaitValue("a", "3");
    assertEquals(0, backoffs.count());
    assertEquals(1, server.requests().count(LIST));
  }

  @Test
  void closingDuringAHangingListReturnsPromptly() {
    server.faults().partition("informer"); // the first list will hang
    informer = (DefaultSharedIndexInformer<DynamicObject>) SharedIndexInformer.builder(ConfigMaps.listerWatcher(client))
        .clock(clock).watchErrorHandler((name, e) -> { }).build();
    informer.start();
    Await.until("list in flight", () -> server.requests().count(LIST) == 1);
    long start = System.nanoTime();
    informer.close(); // cancels the reflector's context, which aborts the request
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 3000, "close took " + millis + " ms");
    assertFalse(informer.hasSynced());
    server.faults().heal("informer");
  }

  @Test
  void pagesTheInitialListAndFallsBackToAFullListWhenTheContinueTokenExpires() throws InterruptedException {
    for (int i = 0; i < 7; i++) {
      configMaps.create("cm" + i, "1");
    }
    server.faults().failNext(1, LIST.and(r -> !r.queryParameter("continue").isEmpty()), 410);
    start(ReflectorOptions.defaults().withPageSize(3));
    assertEquals(7, informer.lister().size());
    List<RecordedRequest> lists = server.requests().matching(LIST);
    assertEquals(3, lists.size(), lists.toString());
    assertEquals("3", lists.get(0).queryParameter("limit"));
    assertTrue(!lists.get(1).queryParameter("continue").isEmpty());
    assertEquals("", lists.get(2).queryParameter("limit"), "the fallback is one unpaginated list");
  }

  @Test
  void streamingListFillsTheCacheWithoutAList() throws InterruptedException {
    configMaps.create("a", "1");
    configMaps.create("b", "1");
    start(ReflectorOptions.defaults().withUseWatchList(true));
    assertEquals(2, informer.lister().size());
    assertEquals(0, server.requests().count(LIST));
    configMaps.update("a", "2");
    awaitValue("a", "2");
    assertEquals(1, server.requests().count(WATCH), "the streaming list's stream goes on as the watch");
  }
}
