package io.kubeloop.watch.controller;

import io.kubeloop.core.clock.Clock;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Builds a {@link Controller}; from {@link Controller#builder}. Not thread-safe; build once. */
public final class ControllerBuilder<K> {
  final String name;
  final RateLimitingQueue<K> queue;
  final Reconciler<K> reconciler;
  int workers = 1;
  Clock clock = Clock.system();
  final List<BooleanSupplier> syncChecks = new ArrayList<>();
  ReconcileErrorHandler<K> errorHandler;

  ControllerBuilder(String name, RateLimitingQueue<K> queue, Reconciler<K> reconciler) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("expected a controller name (it names the worker threads) but was blank");
    }
    this.name = name;
    this.queue = Objects.requireNonNull(queue, "queue");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
  }

  /** How many keys are reconciled in parallel; default 1 (sample-controller runs 2). */
  public ControllerBuilder<K> workers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("expected workers >= 1 but was " + workers);
    }
    this.workers = workers;
    return this;
  }

  /** The clock the sync checks are polled on (every 100 ms); default {@link Clock#system()}. */
  public ControllerBuilder<K> clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Conditions that must all hold before the workers start, typically each informer's {@code hasSynced}
   * (client-go {@code InformerSynced}). Called from the controller's thread; must be cheap and non-blocking.
   * May be called several times; the checks add up.
   */
  public ControllerBuilder<K> waitForSync(BooleanSupplier... checks) {
    for (BooleanSupplier check : checks) {
      syncChecks.add(Objects.requireNonNull(check, "check"));
    }
    return this;
  }

  /** Where failed reconciles are reported; default {@link ReconcileErrorHandler#logging(String)}. */
  public ControllerBuilder<K> errorHandler(ReconcileErrorHandler<K> errorHandler) {
    this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    return this;
  }

  public Controller<K> build() {
    return new DefaultController<>(this);
  }
}
