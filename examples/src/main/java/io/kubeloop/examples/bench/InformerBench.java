package io.kubeloop.examples.bench;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.apiserver.ApiServer;
import io.kubeloop.watch.cache.ListerWatcher;
import io.kubeloop.watch.cache.ResourceEventHandler;
import io.kubeloop.watch.cache.SharedIndexInformer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The informer against the embedded API server:
 *
 * <ol>
 *   <li>initial sync time (start to {@code hasSynced}) of a shared informer over 10 000 and 50 000 ConfigMaps,
 *       each with a label, an annotation and a small data map;
 *   <li>retained heap: heap after a full GC with the informer synced, minus the heap after a full GC once it is
 *       closed and dropped; per cached object as the difference between the two sizes divided by the difference
 *       in count, so the informer's fixed cost cancels (the objects are {@link DynamicObject}s);
 *   <li>watch events processed per second on one stream: the informer lists an empty namespace at an old
 *       resourceVersion and then replays 20 000 already-written events from the server's history, so what is
 *       measured is decoding and processing, not the server's write rate.
 * </ol>
 */
final class InformerBench implements Benchmark {
  private static final ResourceType<DynamicObject> CONFIG_MAPS =
      ResourceType.dynamic("", "v1", "configmaps", "ConfigMap", true);
  private static final int[] SIZES = {10_000, 50_000};
  private static final int REPLAYED_EVENTS = 20_000;

  private ApiServer server;
  private KubeClient client;
  private String replayFrom;
  private int replayed;

  @Override
  public String name() {
    return "informer";
  }

  @Override
  public String description() {
    return "initial sync and heap per object at 10k and 50k ConfigMaps; events/s on one watch stream";
  }

  @Override
  public void setUp(BenchOptions options) throws Exception {
    server = ApiServer.builder().historyWindow(REPLAYED_EVENTS + 1_000).start();
    client = KubeClient.create(server.clientConfig());
    for (int size : SIZES) {
      String ns = "n" + size;
      createNamespace(ns);
      createMany(ns, options.scaled(size));
    }
    createNamespace("replay");
    replayFrom = client.resource(CONFIG_MAPS).inNamespace("replay").list(ListOptions.defaults()).resourceVersion();
    replayed = options.scaled(REPLAYED_EVENTS);
    createMany("replay", replayed);
  }

  @Override
  public void run(BenchOptions options, Run run) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long[] retained = new long[SIZES.length];
    for (int i = 0; i < SIZES.length; i++) {
      int size = SIZES[i];
      int count = options.scaled(size);
      long start = System.nanoTime();
      long synced;
      SharedIndexInformer<DynamicObject> informer =
          SharedIndexInformer.builder(client.resource(CONFIG_MAPS).inNamespace("n" + size)).name("bench-" + size).build();
      try {
        informer.start();
        if (!informer.waitForCacheSync(Context.background().withTimeout(Clock.system(), Duration.ofMinutes(5)))) {
          throw new IllegalStateException("informer over " + count + " objects did not sync in 5 minutes");
        }
        run.record("sync of " + count + " objects", (System.nanoTime() - start) / 1e6, "ms", false);
        if (informer.lister().list().size() != count) {
          throw new IllegalStateException("expected " + count + " cached objects but found " + informer.lister().list().size());
        }
        synced = usedAfterGc(memory);
      } finally {
        informer.close();
      }
      // What the informer retained is exactly what closing it (and dropping it) gives back.
      informer = null;
      long released = usedAfterGc(memory);
      retained[i] = synced - released;
      run.record("retained heap at " + count, retained[i] / 1e6, "MB", false);
    }
    // Marginal cost between the two sizes: the informer's fixed cost (threads, buffers) cancels out.
    int small = options.scaled(SIZES[0]);
    int large = options.scaled(SIZES[1]);
    run.record("heap per cached object", (retained[1] - retained[0]) / (double) (large - small), "bytes", false);
    run.record("events/s on one stream", replay(), "events/s", true);
  }

  /** Lists the empty namespace as of before the writes, then lets the watch replay them all. */
  private double replay() throws Exception {
    ResourceClient<DynamicObject> cms = client.resource(CONFIG_MAPS).inNamespace("replay");
    ListerWatcher<DynamicObject> fromHistory = new ListerWatcher<>() {
      @Override
      public ObjectList<DynamicObject> list(ListOptions options) throws IOException, ApiException {
        return cms.list(ListOptions.defaults().withResourceVersion(replayFrom).withResourceVersionMatch("Exact"));
      }

      @Override
      public WatchStream<DynamicObject> watch(WatchOptions options) throws IOException, ApiException {
        return cms.watch(options);
      }

      @Override
      public boolean supportsWatchList() {
        return false;
      }
    };
    CountDownLatch all = new CountDownLatch(replayed);
    long start = System.nanoTime();
    try (SharedIndexInformer<DynamicObject> informer = SharedIndexInformer.builder(fromHistory).name("bench-replay").build()) {
      informer.addEventHandler(new ResourceEventHandler<>() {
        @Override
        public void onAdd(DynamicObject object, boolean isInInitialList) {
          all.countDown();
        }
      });
      informer.start();
      if (!all.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("replay stalled with " + all.getCount() + " of " + replayed + " events left");
      }
      return replayed / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private void createNamespace(String name) throws Exception {
    client.resource(ResourceType.dynamic("", "v1", "namespaces", "Namespace", false)).create(DynamicObject.parse(
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}"));
  }

  private void createMany(String ns, int count) throws Exception {
    ResourceClient<DynamicObject> cms = client.resource(CONFIG_MAPS).inNamespace(ns);
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "bench-seed"));
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < count; ) {
            cms.create(DynamicObject.parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + i
                + "\",\"labels\":{\"app\":\"bench\"},\"annotations\":{\"note\":\"seeded\"}},\"data\":{\"index\":\"" + i
                + "\",\"color\":\"blue\"}}"));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
