package io.kubeloop.watch.workqueue;

import java.util.ArrayList;
import java.util.List;

/**
 * Throughput of the basic queue: one producer adds {@code items} distinct keys while {@code workers} threads get
 * and mark them done. A measurement, not a test: nothing asserts a speed. Used by {@link WorkQueueBenchmarkTest};
 * {@code examples}' {@code bench} can copy it as is (it uses only the public API).
 */
public final class WorkQueueBenchmark {
  private WorkQueueBenchmark() {}

  /**
   * Runs one measurement.
   *
   * @return items per second through the queue, each item being one add, one get and one done
   */
  public static double itemsPerSecond(int workers, int items) throws InterruptedException {
    WorkQueue<Integer> queue = WorkQueue.create(QueueConfig.named("bench"));
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        try {
          for (Integer item; (item = queue.get()) != null; ) {
            queue.done(item);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-worker-" + w);
      threads.add(t);
      t.start();
    }
    long start = System.nanoTime();
    for (int i = 0; i < items; i++) {
      queue.add(i);
    }
    queue.shutDownWithDrain(); // the workers still get every queued item, then get() returns null
    for (Thread t : threads) {
      t.join();
    }
    long elapsed = System.nanoTime() - start;
    return items / (elapsed / 1e9);
  }
}
