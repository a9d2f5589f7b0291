package io.kubeloop.examples.bench;

import io.kubeloop.watch.workqueue.QueueConfig;
import io.kubeloop.watch.workqueue.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Workqueue throughput: add/get/done cycles per second with 1 and 4 workers. One producer adds N distinct keys
 * while the workers take and finish them; a cycle is one add, one get and one done. Distinct keys measure the
 * queue's bookkeeping, not deduplication.
 */
final class WorkQueueBench implements Benchmark {
  private static final int ITEMS = 200_000;

  @Override
  public String name() {
    return "workqueue";
  }

  @Override
  public String description() {
    return ITEMS + " distinct keys through add/get/done, 1 and 4 workers";
  }

  @Override
  public void run(BenchOptions options, Run run) throws Exception {
    int items = options.scaled(ITEMS);
    for (int workers : new int[] {1, 4}) {
      run.record("ops/s with " + workers + " worker" + (workers == 1 ? "" : "s"), cycle(items, workers), "ops/s", true);
    }
  }

  private static double cycle(int items, int workers) throws Exception {
    WorkQueue<Integer> queue = WorkQueue.create(QueueConfig.named("bench"));
    CountDownLatch finished = new CountDownLatch(items);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        try {
          for (Integer item; (item = queue.get()) != null; ) {
            queue.done(item);
            finished.countDown();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-worker-" + w);
      t.start();
      threads.add(t);
    }
    long start = System.nanoTime();
    for (int i = 0; i < items; i++) {
      queue.add(i);
    }
    finished.await();
    long elapsed = System.nanoTime() - start;
    queue.shutDown();
    for (Thread t : threads) {
      t.join();
    }
    return items / (elapsed / 1e9);
  }
}
