package io.kubeloop.watch.workqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Several workers and producers on one queue with random adds: no key is ever held by two workers at once, and
 * every add is followed by a hand-out that started after it (an add during processing is not lost). Short by
 * default; {@code -Dsoak=true} runs a hundred times longer.
 */
class WorkQueueConcurrencyTest {
  private static final boolean SOAK = Boolean.getBoolean("soak");
  private static final int KEYS = 16;
  private static final int PRODUCERS = 2;
  private static final int WORKERS = 4;
  private static final int ADDS_PER_PRODUCER = SOAK ? 2_000_000 : 20_000;

  private final DefaultWorkQueue<Integer> queue = new DefaultWorkQueue<>(QueueConfig.defaults());
  /** Global order of events; an add takes its number before calling add, a hand-out after get returned. */
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLongArray lastAddStarted = new AtomicLongArray(KEYS);
  private final AtomicLongArray lastHandedOut = new AtomicLongArray(KEYS);
  private final Map<Integer, String> heldBy = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
  private final AtomicLong handOuts = new AtomicLong();

  @Test
  void randomAddsAndWorkers_neverShareAKeyAndLoseNoAdd() throws Exception {
    List<Forked<Void>> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int seed = w;
      workers.add(Forked.run("worker-" + w, () -> work(new SplittableRandom(seed))));
    }
    List<Forked<Void>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int seed = 100 + p;
      producers.add(Forked.run("producer-" + p, () -> produce(new SplittableRandom(seed))));
    }
    for (Forked<Void> p : producers) {
      p.join();
    }
    queue.shutDownWithDrain(); // workers still get what is queued; get() returns null once nothing is left
    for (Forked<Void> w : workers) {
      w.join();
    }

    assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: " + violations.peek());
    for (int k = 0; k < KEYS; k++) {
      long added = lastAddStarted.get(k);
      long handedOut = lastHandedOut.get(k);
      assertTrue(added == 0 || handedOut > added,
          "key " + k + ": last add #" + added + " was never followed by a hand-out (last #" + handedOut + ")");
    }
    assertEquals(0, queue.len());
    queue.checkInvariants();
    assertTrue(handOuts.get() >= KEYS && handOuts.get() <= (long) PRODUCERS * ADDS_PER_PRODUCER,
        "hand-outs " + handOuts.get() + " are between the number of keys and the number of adds");
  }

  private void produce(SplittableRandom random) {
    for (int i = 0; i < ADDS_PER_PRODUCER; i++) {
      int key = random.nextInt(KEYS);
      long seq = sequence.incrementAndGet();
      lastAddStarted.accumulateAndGet(key, seq, Math::max);
      queue.add(key);
      if (random.nextInt(8) == 0) {
        Thread.yield();
      }
    }
  }

  private void work(SplittableRandom random) throws InterruptedException {
    String me = Thread.currentThread().getName();
    for (Integer key; (key = queue.get()) != null; ) {
      handOuts.incrementAndGet();
      lastHandedOut.accumulateAndGet(key, sequence.incrementAndGet(), Math::max);
      String other = heldBy.putIfAbsent(key, me);
      if (other != null) {
        violations.add("key " + key + " handed to " + me + " while " + other + " held it");
      }
      for (int spin = random.nextInt(4); spin > 0; spin--) {
        Thread.yield(); // widen the window in which adds of this key arrive during processing
      }
      heldBy.remove(key, me);
      queue.done(key);
    }
  }
}
