package io.kubeloop.watch.workqueue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link WorkQueueBenchmark} briefly so it stays working; prints the numbers, asserts no speed. With
 * {@code -Dsoak=true} it runs long enough for the numbers to mean something.
 */
class WorkQueueBenchmarkTest {
  private static final int ITEMS = Boolean.getBoolean("soak") ? 2_000_000 : 20_000;

  @Test
  void throughputWithOneAndFourWorkers() throws Exception {
    for (int workers : new int[] {1, 4}) {
      WorkQueueBenchmark.itemsPerSecond(workers, ITEMS); // warm-up
      double rate = WorkQueueBenchmark.itemsPerSecond(workers, ITEMS);
      System.out.printf("workqueue: %d worker(s), %d items: %.0f items/s (add+get+done each)%n", workers, ITEMS, rate);
      assertTrue(rate > 0);
    }
  }
}
