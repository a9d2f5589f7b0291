package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.PatchType;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.apiserver.ApiServer;
import io.kubeloop.testing.apiserver.RecordedRequest;
import io.kubeloop.watch.controller.Controller;
import io.kubeloop.watch.controller.Result;
import io.kubeloop.watch.workqueue.QueueConfig;
import io.kubeloop.watch.workqueue.RateLimiters;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end, on the system clock and over real HTTP: an informer and a {@link Controller} reconcile ConfigMaps of
 * the embedded API server through dropped watches, a stalled watch and a history compaction (so a 410 and a
 * relist at {@code ""} with tombstones). The reconciler writes {@code data.seen = data.v} back to the server and
 * records deletes; at the end every object on the server is reconciled at its latest value, every deleted object
 * was seen deleted, and the cache equals the server.
 */
class ApiServerControllerTest {

  private ApiServer server;
  private ConfigMaps configMaps;
  private KubeClient client;
  private SharedIndexInformer<DynamicObject> informer;
  private Controller<ObjectKey> controller;

  @BeforeEach
  void startServer() {
    server = ApiServer.start();
    configMaps = new ConfigMaps(server);
    client = ConfigMaps.informerClient(server);
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    if (informer != null) {
      informer.close();
    }
    client.close();
    server.close();
    ThreadsGone.assertNoThreads("informer[", "e2e-worker-", "e2e-controller");
  }

  @Test
  void everyObjectIsReconciledThroughDroppedWatchesAndACompaction() throws Exception {
    for (int i = 0; i < 20; i++) {
      configMaps.create("cm-" + i, "0");
    }
    ResourceClient<DynamicObject> writer = client.resource(ConfigMaps.TYPE).inNamespace(ConfigMaps.NAMESPACE);
    List<Throwable> watchErrors = new CopyOnWriteArrayList<>();
    informer = SharedIndexInformer.builder(ConfigMaps.listerWatcher(client)).name("e2e")
        .watchErrorHandler((name, e) -> watchErrors.add(e)).build();
    Lister<DynamicObject> lister = informer.lister();
    RateLimitingQueue<ObjectKey> queue =
        RateLimitingQueue.create(RateLimiters.defaultControllerRateLimiter(), QueueConfig.named("e2e"));
    Set<ObjectKey> seenDeleted = ConcurrentHashMap.newKeySet();
    Map<ObjectKey, String> reconciledAt = new ConcurrentHashMap<>();
    HandlerRegistration reg = informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(DynamicObject o, boolean initial) {
        queue.add(o.key());
      }

      @Override
      public void onUpdate(DynamicObject old, DynamicObject o) {
        queue.add(o.key());
      }

      @Override
      public void onDelete(DynamicObject o) {
        queue.add(o.key());
      }
    });
    controller = Controller.<ObjectKey>builder("e2e", queue, key -> {
      DynamicObject o = lister.get(key).orElse(null);
      if (o == null) {
        seenDeleted.add(key);
        reconciledAt.remove(key);
        return Result.done();
      }
      seenDeleted.remove(key);
      String v = o.text("/data/v");
      if (!v.equals(o.text("/data/seen"))) {
        writer.patch(key.name(), PatchType.MERGE_PATCH, "{\"data\":{\"seen\":\"" + v + "\"}}");
      }
      reconciledAt.put(key, v);
      return Result.done();
    }).waitForSync(reg::hasSynced).workers(2).build();
    informer.start();
    controller.start();
    awaitConverged(seenDeleted, reconciledAt);

    // 1. Dropped watches, with writes in between: each resume continues from the last resourceVersion.
    for (int round = 1; round <= 3; round++) {
      configMaps.update("cm-" + round, "r" + round);
      server.faults().dropWatches();
      configMaps.update("cm-" + (round + 5), "r" + round);
      configMaps.create("new-" + round, "r" + round);
      server.faults().dropWatches();
    }
    configMaps.delete("cm-19");
    awaitConverged(seenDeleted, reconciledAt);

    // 2. The watch goes silent while objects change and disappear, and the history they were in is compacted:
    //    the resume gets 410, the relist at "" finds the deletes only by their absence.
    long watchesBefore = server.requests().count(ApiServerControllerTest::isWatch);
    server.faults().stallWatches();
    configMaps.update("cm-0", "stalled");
    configMaps.delete("cm-1");
    configMaps.delete("new-2");
    configMaps.create("new-stalled", "s");
    server.faults().compact();
    server.faults().dropWatches();
    Await.until("a watch after the compaction", () -> server.requests().count(ApiServerControllerTest::isWatch) > watchesBefore);
    awaitConverged(seenDeleted, reconciledAt);
    assertTrue(seenDeleted.containsAll(Set.of(ObjectKey.of(ConfigMaps.NAMESPACE, "cm-1"),
        ObjectKey.of(ConfigMaps.NAMESPACE, "new-2"), ObjectKey.of(ConfigMaps.NAMESPACE, "cm-19"))), seenDeleted::toString);
    assertTrue(watchErrors.stream().anyMatch(e -> e instanceof ApiException a && a.isGone()), watchErrors::toString);
    assertTrue(server.requests().count(r -> isList(r) && (r.queryParameter("resourceVersion") == null
        || r.queryParameter("resourceVersion").isEmpty())) >= 1, "expected a relist at \"\" after the compaction");
  }

  private static boolean isWatch(RecordedRequest r) {
    return r.path().endsWith("/configmaps") && r.method().equals("GET") && r.isWatch();
  }

  private static boolean isList(RecordedRequest r) {
    return r.path().endsWith("/configmaps") && r.method().equals("GET") && !r.isWatch();
  }

  /** The server's objects all carry {@code seen == v}, the reconciler saw each at v, and the cache equals the server. */
  private void awaitConverged(Set<ObjectKey> seenDeleted, Map<ObjectKey, String> reconciledAt) {
    Await.until("every object reconciled", Duration.ofSeconds(30), () -> {
      List<DynamicObject> truth = configMaps.list();
      Map<ObjectKey, String> want = truth.stream().collect(Collectors.toMap(DynamicObject::key, o -> o.text("/data/v"), (a, b) -> a, TreeMap::new));
      boolean allSeen = truth.stream().allMatch(o -> o.text("/data/v").equals(o.text("/data/seen")));
      Map<ObjectKey, String> cached = informer.lister().list().stream()
          .collect(Collectors.toMap(DynamicObject::key, o -> o.metadata().resourceVersion(), (a, b) -> a, TreeMap::new));
      Map<ObjectKey, String> server = truth.stream()
          .collect(Collectors.toMap(DynamicObject::key, o -> o.metadata().resourceVersion(), (a, b) -> a, TreeMap::new));
      return allSeen && want.equals(new TreeMap<>(reconciledAt)) && cached.equals(server)
          && seenDeleted.stream().noneMatch(want::containsKey);
    });
    assertEquals(configMaps.list().size(), informer.lister().list().size());
  }
}
