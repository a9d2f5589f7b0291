package io.kubeloop.examples.bench;

import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import io.kubeloop.testing.apiserver.ApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded API server under load, through the kubeloop client over loopback HTTP:
 *
 * <ol>
 *   <li>creates per second into a namespace already holding 1 000 and 50 000 ConfigMaps (the cost must not grow
 *       with the count: storage is a sorted map per resource);
 *   <li>one unpaginated list of the 50 000;
 *   <li>watch events per second fanned out to 100 watchers.
 * </ol>
 *
 * Creates go from 4 client threads so the server, not one request's round trip, is what is measured. The
 * objects created by a run are deleted after it (untimed), so every run starts at the same count.
 */
final class ApiServerBench implements Benchmark {
  private static final ResourceType<DynamicObject> CONFIG_MAPS =
      ResourceType.dynamic("", "v1", "configmaps", "ConfigMap", true);
  private static final int SMALL = 1_000;
  private static final int LARGE = 50_000;
  private static final int CREATES_PER_RUN = 2_000;
  private static final int WATCHERS = 100;
  private static final int WATCHED_EVENTS = 1_000;
  private static final int CLIENT_THREADS = 4;

  private ApiServer server;
  private KubeClient client;
  private ExecutorService pool;
  private int runNumber;

  @Override
  public String name() {
    return "apiserver";
  }

  @Override
  public String description() {
    return "creates/s at " + SMALL + " and " + LARGE + " stored ConfigMaps, a " + LARGE + "-object list, "
        + WATCHED_EVENTS + " events fanned out to " + WATCHERS + " watchers";
  }

  @Override
  public void setUp(BenchOptions options) throws Exception {
    server = ApiServer.builder().historyWindow(20_000).start();
    client = KubeClient.create(server.clientConfig());
    pool = Executors.newFixedThreadPool(CLIENT_THREADS, r -> new Thread(r, "bench-client"));
    createNamespace("small");
    createNamespace("large");
    createMany("small", "seed", options.scaled(SMALL));
    createMany("large", "seed", options.scaled(LARGE));
  }

  @Override
  public void run(BenchOptions options, Run run) throws Exception {
    runNumber++;
    int creates = options.scaled(CREATES_PER_RUN);
    for (String ns : List.of("small", "large")) {
      int stored = options.scaled(ns.equals("small") ? SMALL : LARGE);
      String prefix = "run" + runNumber;
      long start = System.nanoTime();
      createMany(ns, prefix, creates);
      double seconds = (System.nanoTime() - start) / 1e9;
      run.record("creates/s at " + stored + " stored", creates / seconds, "creates/s", true);
      deleteMany(ns, prefix, creates);
    }

    long start = System.nanoTime();
    ObjectList<DynamicObject> all = client.resource(CONFIG_MAPS).inNamespace("large").list(ListOptions.defaults());
    double listMs = (System.nanoTime() - start) / 1e6;
    if (all.items().size() < options.scaled(LARGE)) {
      throw new IllegalStateException("expected " + options.scaled(LARGE) + " items but listed " + all.items().size());
    }
    run.record("list of " + all.items().size() + " objects", listMs, "ms", false);

    run.record("watch deliveries/s to " + WATCHERS + " watchers", fanOut(options.scaled(WATCHED_EVENTS)), "events/s", true);
  }

  /** Opens the watchers at the current resourceVersion, writes, and times until every watcher saw every write. */
  private double fanOut(int events) throws Exception {
    String ns = "fanout" + runNumber;
    createNamespace(ns);
    ResourceClient<DynamicObject> cms = client.resource(CONFIG_MAPS).inNamespace(ns);
    String rv = cms.list(ListOptions.defaults()).resourceVersion();
    CountDownLatch seenAll = new CountDownLatch(WATCHERS);
    List<WatchStream<DynamicObject>> streams = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    AtomicInteger failures = new AtomicInteger();
    for (int w = 0; w < WATCHERS; w++) {
      WatchStream<DynamicObject> stream = cms.watch(WatchOptions.defaults().withResourceVersion(rv));
      streams.add(stream);
      Thread reader = new Thread(() -> {
        int seen = 0;
        try {
          for (WatchEvent<DynamicObject> e; seen < events && (e = stream.next()) != null; ) {
            if (e.type() == EventType.ADDED) {
              seen++;
            }
          }
        } catch (Exception e) {
          failures.incrementAndGet();
        }
        if (seen == events) {
          seenAll.countDown();
        }
      }, "bench-watcher-" + w);
      reader.start();
      readers.add(reader);
    }
    long start = System.nanoTime();
    createMany(ns, "w", events);
    boolean done = seenAll.await(5, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    streams.forEach(WatchStream::close);
    for (Thread t : readers) {
      t.join();
    }
    if (!done || failures.get() > 0) {
      throw new IllegalStateException("watchers did not all see " + events + " events (" + failures.get() + " failed)");
    }
    return (double) events * WATCHERS / seconds;
  }

  private void createNamespace(String name) throws Exception {
    ResourceType<DynamicObject> namespaces = ResourceType.dynamic("", "v1", "namespaces", "Namespace", false);
    client.resource(namespaces).create(DynamicObject.parse(
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}"));
  }

  private void createMany(String ns, String prefix, int count) throws Exception {
    ResourceClient<DynamicObject> cms = client.resource(CONFIG_MAPS).inNamespace(ns);
    forEachInParallel(count, i -> cms.create(DynamicObject.parse(
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + prefix + "-" + i
            + "\"},\"data\":{\"index\":\"" + i + "\"}}")));
  }

  private void deleteMany(String ns, String prefix, int count) throws Exception {
    ResourceClient<DynamicObject> cms = client.resource(CONFIG_MAPS).inNamespace(ns);
    forEachInParallel(count, i -> cms.delete(prefix + "-" + i));
  }

  interface Step {
    void run(int i) throws Exception;
  }

  private void forEachInParallel(int count, Step step) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < CLIENT_THREADS; t++) {
      futures.add(pool.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < count; ) {
          step.run(i);
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
