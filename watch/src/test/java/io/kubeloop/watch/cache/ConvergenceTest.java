package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.api.Status;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random creates, updates and deletes while watches are dropped, expired, refused and history is compacted: when
 * things settle, the informer's cache and every handler's view equal the server's contents, and every handler saw
 * a consistent sequence per object ({@link RecordingHandler}'s checks). Runs 4 seeds by default and 200 longer ones
 * with {@code -Dsoak=true}; a failure names its seed, so {@code seeds()} can be pinned to reproduce it.
 */
class ConvergenceTest {
  private static final boolean SOAK = Boolean.getBoolean("soak");

  static LongStream seeds() {
    return SOAK ? LongStream.range(1000, 1200) : LongStream.of(1, 2, 3, 4);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void cacheAndHandlersConvergeOnTheServersContents(long seed) {
    Random random = new Random(seed);
    FakeClock clock = new FakeClock();
    FakeListerWatcher lw = new FakeListerWatcher();
    for (int i = 0; i < 5; i++) {
      lw.create("ns" + (i % 2), "o" + i);
    }
    DefaultSharedIndexInformer<Obj> informer = (DefaultSharedIndexInformer<Obj>) SharedIndexInformer.builder(lw)
        .clock(clock)
        .random(new Random(seed))
        .reflectorOptions(ReflectorOptions.defaults().withPageSize(random.nextBoolean() ? 3 : 0))
        .watchErrorHandler((name, e) -> { })
        .build();
    List<RecordingHandler<Obj>> handlers = new ArrayList<>();
    try (informer) {
      RecordingHandler<Obj> early = new RecordingHandler<>(informer.lister());
      handlers.add(early);
      informer.addEventHandler(early);
      informer.start();
      int steps = SOAK ? 1500 : 400;
      int next = 5;
      for (int step = 0; step < steps; step++) {
        List<ObjectKey> keys = new ArrayList<>(lw.contents().keySet());
        int dice = random.nextInt(100);
        if (dice < 25 && keys.size() < 30) {
          lw.create("ns" + random.nextInt(3), "o" + next++);
        } else if (dice < 55 && !keys.isEmpty()) {
          lw.update(keys.get(random.nextInt(keys.size())), "v" + step);
        } else if (dice < 70 && !keys.isEmpty()) {
          lw.delete(keys.get(random.nextInt(keys.size())));
        } else if (dice < 74) {
          lw.resetWatches();
        } else if (dice < 77) {
          lw.expireWatches();
        } else if (dice < 80) {
          lw.compact();
        } else if (dice < 83) {
          lw.failNextWatch(new ConnectException("Connection refused")); // an outage: the next watch fails...
          lw.resetWatches(); // ...and the current one drops; changes pile up in history meanwhile
        } else if (dice < 85) {
          lw.failNextList(new IOException("connection reset"));
        } else if (dice < 87) {
          lw.failWatches(Status.failure(429, "TooManyRequests", "slow down"));
        } else if (dice < 89) {
          lw.failWatches(Status.failure(500, "InternalError", "etcdserver: no leader"));
        } else if (dice < 92) {
          lw.advanceVersion();
          lw.bookmark();
        } else if (dice < 94 && handlers.size() < 4) {
          RecordingHandler<Obj> late = new RecordingHandler<>(informer.lister());
          handlers.add(late);
          informer.addEventHandler(late);
        } else {
          passTime(informer, clock, random);
        }
      }
      try {
        settle(seed, clock, lw, informer, handlers);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n server " + versions(lw.contents()) + "\n cache  "
            + versions(informer.lister().list()) + "\n state  " + informer.reflectorState(), e);
      }
      for (RecordingHandler<Obj> h : handlers) {
        assertEquals(List.of(), h.violations(), "seed " + seed);
      }
    }
    informer.fifo().checkInvariants();
    ((ThreadSafeIndexer<Obj>) informer.indexer()).checkInvariants();
  }

  private static void settle(long seed, FakeClock clock, FakeListerWatcher lw, DefaultSharedIndexInformer<Obj> informer,
      List<RecordingHandler<Obj>> handlers) {
    Await.until("seed " + seed + ": cache and handlers equal the server", Duration.ofSeconds(30), () -> {
      if (informer.reflectorState() instanceof ReflectorState.BackingOff b) {
        clock.step(b.delay());
      }
      Map<ObjectKey, String> server = versions(lw.contents());
      return server.equals(versions(informer.lister().list()))
          && handlers.stream().allMatch(h -> server.equals(versions(h.state())));
    });
  }

  private static void passTime(DefaultSharedIndexInformer<Obj> informer, FakeClock clock, Random random) {
    if (informer.reflectorState() instanceof ReflectorState.BackingOff b) {
      clock.step(b.delay());
    } else {
      clock.step(Duration.ofMillis(random.nextInt(5000)));
    }
  }

  private static Map<ObjectKey, String> versions(Map<ObjectKey, Obj> objects) {
    return versions(objects.values());
  }

  private static Map<ObjectKey, String> versions(java.util.Collection<Obj> objects) {
    Map<ObjectKey, String> out = new TreeMap<>();
    objects.forEach(o -> out.put(o.key(), o.rv()));
    return out;
  }
}
