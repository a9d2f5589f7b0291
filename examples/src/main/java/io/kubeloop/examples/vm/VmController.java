package io.kubeloop.examples.vm;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.record.EventRecorder;
import io.kubeloop.examples.metrics.Counter;
import io.kubeloop.examples.metrics.Gauge;
import io.kubeloop.examples.metrics.Histogram;
import io.kubeloop.examples.metrics.MetricsRegistry;
import io.kubeloop.examples.metrics.WorkQueuePrometheus;
import io.kubeloop.examples.vm.backend.VmBackend;
import io.kubeloop.watch.cache.DeletedFinalStateUnknown;
import io.kubeloop.watch.cache.Lister;
import io.kubeloop.watch.cache.ResourceEventHandler;
import io.kubeloop.watch.cache.SharedIndexInformer;
import io.kubeloop.watch.controller.Controller;
import io.kubeloop.watch.controller.Reconciler;
import io.kubeloop.watch.controller.Result;
import io.kubeloop.watch.workqueue.QueueConfig;
import io.kubeloop.watch.workqueue.RateLimiters;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import java.time.Duration;
import java.util.Objects;

/**
 * The VirtualMachine controller assembled: sample-controller's {@code NewController} and {@code Run}. The data
 * flow of {@code ARCHITECTURE.md}: informer (reflector → DeltaFIFO → indexer) → event handler adds the VM's key →
 * rate-limiting workqueue → N workers → {@link VmReconciler}, which reads the informer's lister and writes through
 * the API and the backend.
 *
 * <p>The informer starts with the process ({@link #startInformer()}), so a standby replica has a warm cache when
 * it becomes leader; the workers run only inside {@link #runWorkers(Context)}, which the leader-election callback
 * calls with the leader's context. Like client-go's elector, a controller runs once: after leadership ends the
 * process exits (or, in the demo, the replica is discarded).
 *
 * <p>Metrics (registered on the given registry): workqueue metrics for queue {@code virtualmachines};
 * {@code controller_runtime_reconcile_total{controller,result}} and
 * {@code controller_runtime_reconcile_time_seconds{controller}} as controller-runtime names them;
 * {@code informer_synced{resource}} and {@code informer_cached_objects{resource}}.
 */
public final class VmController implements AutoCloseable {
  /** Names the controller's threads, its queue and its metrics. */
  public static final String NAME = "vm-controller";

  private final SharedIndexInformer<VirtualMachine> informer;
  private final RateLimitingQueue<ObjectKey> queue;
  private final Controller<ObjectKey> controller;

  /**
   * @param threads workers (sample-controller runs 2)
   * @param resync how often every VM is reconciled again even without a change (usage refresh)
   */
  public VmController(KubeClient client, VmBackend backend, EventRecorder events, MetricsRegistry metrics,
      Clock clock, int threads, Duration resync) {
    this(client, backend, events, metrics, clock, threads, resync, () -> true);
  }

  /** @param mayAct asked before each backend call that changes something (see {@link VmReconciler}) */
  public VmController(KubeClient client, VmBackend backend, EventRecorder events, MetricsRegistry metrics,
      Clock clock, int threads, Duration resync, java.util.function.BooleanSupplier mayAct) {
    Objects.requireNonNull(client, "client");
    ResourceClient<VirtualMachine> vms = client.resource(VirtualMachine.TYPE);
    this.informer = SharedIndexInformer.builder(vms)
        .name("virtualmachines")
        .clock(clock)
        .resyncPeriod(resync)
        .transform(vm -> vm.withMetadata(vm.metadata().withoutManagedFields()))
        .build();
    this.queue = RateLimitingQueue.create(RateLimiters.defaultControllerRateLimiter(clock),
        QueueConfig.named("virtualmachines").withClock(clock).withMetricsProvider(new WorkQueuePrometheus(metrics)));
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(VirtualMachine vm, boolean isInInitialList) {
        queue.add(vm.key());
      }

      @Override
      public void onUpdate(VirtualMachine oldVm, VirtualMachine newVm) {
        queue.add(newVm.key());
      }

      @Override
      public void onDelete(VirtualMachine vm) {
        queue.add(vm.key());
      }

      @Override
      public void onDeleteFinalStateUnknown(DeletedFinalStateUnknown<VirtualMachine> tombstone) {
        queue.add(tombstone.key());
      }
    });
    Lister<VirtualMachine> lister = informer.lister();
    Gauge synced = metrics.gauge("informer_synced", "1 when the informer's cache holds the first full list.", "resource");
    synced.labels(VirtualMachine.TYPE.toString()).setFunction(() -> informer.hasSynced() ? 1 : 0);
    Gauge cached = metrics.gauge("informer_cached_objects", "Objects in the informer's cache.", "resource");
    cached.labels(VirtualMachine.TYPE.toString()).setFunction(lister::size);

    Reconciler<ObjectKey> reconciler = metered(new VmReconciler(lister, vms, backend, events, clock, resync, mayAct),
        metrics, clock);
    this.controller = Controller.builder(NAME, queue, reconciler)
        .workers(threads)
        .clock(clock)
        .waitForSync(informer::hasSynced)
        .build();
  }

  /** Counts and times every reconcile, as controller-runtime does. */
  private static Reconciler<ObjectKey> metered(Reconciler<ObjectKey> inner, MetricsRegistry metrics, Clock clock) {
    Counter total = metrics.counter("controller_runtime_reconcile_total",
        "Total number of reconciliations per controller", "controller", "result");
    Histogram time = metrics.histogram("controller_runtime_reconcile_time_seconds",
        "Length of time per reconciliation per controller", Histogram.DEFAULT_BUCKETS, "controller");
    Histogram.Child seconds = time.labels(NAME);
    return key -> {
      long start = clock.nanoTime();
      String result = "error";
      try {
        Result r = inner.reconcile(key);
        result = r instanceof Result.Done ? "success" : r instanceof Result.Requeue ? "requeue" : "requeue_after";
        return r;
      } finally {
        total.labels(NAME, result).inc();
        seconds.observe((clock.nanoTime() - start) / 1e9);
      }
    };
  }

  /** Another handler on the VM informer, e.g. to print phase changes; add before {@link #startInformer()}. */
  public void addHandler(ResourceEventHandler<VirtualMachine> handler) {
    informer.addEventHandler(handler);
  }

  /** Starts listing and watching VMs; returns at once. */
  public void startInformer() {
    informer.start();
  }

  /** Whether the informer's cache holds the first full list ({@code /readyz}). */
  public boolean hasSynced() {
    return informer.hasSynced();
  }

  /** The informer's read-only cache. */
  public Lister<VirtualMachine> lister() {
    return informer.lister();
  }

  /** Runs the workers until {@code context} is cancelled, then drains in-flight reconciles. Call once. */
  public void runWorkers(Context context) throws InterruptedException {
    controller.run(context);
  }

  /** Stops the workers (if running) and the informer. */
  @Override
  public void close() {
    controller.close();
    informer.close();
  }
}
