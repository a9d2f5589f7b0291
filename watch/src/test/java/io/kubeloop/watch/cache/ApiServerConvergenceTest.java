package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import io.kubeloop.testing.apiserver.ApiServer;
import io.kubeloop.testing.apiserver.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ConvergenceTest} against the embedded API server over HTTP: random ConfigMap writes while the server drops,
 * stalls and throttles watches, fails lists and compacts its history. When things settle the informer's cache and
 * every handler's view equal what the server lists, and each handler's per-object sequence was consistent. 2 seeds
 * by default, 20 longer ones with {@code -Dsoak=true}.
 */
class ApiServerConvergenceTest {
  private static final boolean SOAK = Boolean.getBoolean("soak");
  private static final Predicate<RecordedRequest> CONFIGMAPS = r -> r.path().endsWith("/configmaps") && r.method().equals("GET")
      && r.header("User-Agent").equals("informer");

  static LongStream seeds() {
    return SOAK ? LongStream.range(100, 120) : LongStream.of(1, 2);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void cacheAndHandlersConvergeOnTheServersContents(long seed) throws Exception {
    Random random = new Random(seed);
    FakeClock clock = new FakeClock();
    try (ApiServer server = ApiServer.start()) {
      ConfigMaps configMaps = new ConfigMaps(server);
      KubeClient client = ConfigMaps.informerClient(server);
      ListerWatcher<DynamicObject> lw = ConfigMaps.listerWatcher(client);
      DefaultSharedIndexInformer<DynamicObject> informer = (DefaultSharedIndexInformer<DynamicObject>)
          SharedIndexInformer.builder(lw).clock(clock).random(new Random(seed)).watchErrorHandler((n, e) -> { }).build();
      List<RecordingHandler<DynamicObject>> handlers = new ArrayList<>();
      List<String> names = new ArrayList<>();
      try (informer) {
        RecordingHandler<DynamicObject> first = new RecordingHandler<>(informer.lister());
        handlers.add(first);
        informer.addEventHandler(first);
        informer.start();
        int steps = SOAK ? 600 : 150;
        for (int step = 0; step < steps; step++) {
          int dice = random.nextInt(100);
          if (dice < 25 && names.size() < 20) {
            String name = "cm" + step;
            configMaps.create(name, "0");
            names.add(name);
          } else if (dice < 55 && !names.isEmpty()) {
            configMaps.update(names.get(random.nextInt(names.size())), "v" + step);
          } else if (dice < 67 && !names.isEmpty()) {
            configMaps.delete(names.remove(random.nextInt(names.size())));
          } else if (dice < 72) {
            server.faults().dropWatches();
          } else if (dice < 76) {
            server.faults().compact();
          } else if (dice < 79) {
            server.faults().stallWatches();
          } else if (dice < 82) {
            server.faults().failNext(1, CONFIGMAPS.and(RecordedRequest::isWatch), random.nextBoolean() ? 429 : 500, null);
            server.faults().dropWatches();
          } else if (dice < 84) {
            server.faults().failNext(1, CONFIGMAPS.and(r -> !r.isWatch()), 500);
          } else if (dice < 86 && handlers.size() < 3) {
            RecordingHandler<DynamicObject> late = new RecordingHandler<>(informer.lister());
            handlers.add(late);
            informer.addEventHandler(late);
          } else if (informer.reflectorState() instanceof ReflectorState.BackingOff b) {
            clock.step(b.delay());
          } else {
            clock.step(Duration.ofSeconds(random.nextInt(700))); // sometimes past a stalled stream's watchdog
          }
        }
        try {
          Await.until("seed " + seed + ": cache and handlers equal the server", Duration.ofSeconds(30), () -> {
            if (informer.reflectorState() instanceof ReflectorState.BackingOff b) {
              clock.step(b.delay());
            } else {
              clock.step(Duration.ofSeconds(60)); // lets the watchdog end a stream stalled by the last fault
            }
            Map<ObjectKey, String> listed = versions(configMaps.list());
            return listed.equals(versions(informer.lister().list()))
                && handlers.stream().allMatch(h -> listed.equals(versions(h.state().values())));
          });
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\n server " + versions(configMaps.list()) + "\n cache  "
              + versions(informer.lister().list()) + "\n state  " + informer.reflectorState(), e);
        }
        for (RecordingHandler<DynamicObject> h : handlers) {
          assertEquals(List.of(), h.violations(), "seed " + seed);
        }
      }
      informer.fifo().checkInvariants();
      client.close();
    }
  }

  private static Map<ObjectKey, String> versions(Collection<DynamicObject> objects) {
    Map<ObjectKey, String> out = new TreeMap<>();
    objects.forEach(o -> out.put(o.key(), o.metadata().resourceVersion()));
    return out;
  }
}
