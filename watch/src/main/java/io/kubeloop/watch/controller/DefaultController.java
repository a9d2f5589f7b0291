package io.kubeloop.watch.controller;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/** The {@link Controller} of {@link ControllerBuilder#build()}: sample-controller's run loop. */
final class DefaultController<K> implements Controller<K> {
  /* Implementation notes.
   *
   * Lifecycle: NEW -> RUNNING -> STOPPED, each transition once, under `lock`. run() owns the RUNNING phase on the
   * caller's thread; close() only cancels the run context and waits on `stopped`, which run() counts down last.
   *
   * Threads: the caller of run() (or "<name>-controller" after start()) waits for sync, starts the workers, waits
   * for cancellation, drains. Workers "<name>-worker-<i>" only take keys and call the reconciler. No lock is held
   * while user code runs (reconciler, error handler, sync checks).
   */

  private static final System.Logger LOG = System.getLogger(Controller.class.getName());

  /** How often the sync checks are polled (client-go syncedPollPeriod). */
  static final Duration SYNC_POLL_PERIOD = Duration.ofMillis(100);

  private enum State { NEW, RUNNING, STOPPED }

  private final String name;
  private final RateLimitingQueue<K> queue;
  private final Reconciler<K> reconciler;
  private final int workerCount;
  private final Clock clock;
  private final List<BooleanSupplier> syncChecks;
  private final ReconcileErrorHandler<K> errorHandler;

  private final Object lock = new Object();
  /** Guarded by {@code lock}; moves forward only. */
  private State state = State.NEW;
  /** The context of the current run, cancelled by {@link #close()}. Set with RUNNING; guarded by {@code lock}. */
  private Context runContext;
  /** Counted down when {@link #run} has fully stopped (or when a never-started controller is closed). */
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Set once the workers have been started. */
  private volatile boolean workersStarted;
  /** The live worker threads, so that close() from a reconciler does not wait for itself. */
  private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
  /** The thread running {@link #run}, so that close() from a sync check does not wait for itself. */
  private volatile Thread runner;
  /** The {@code <name>-controller} thread of {@link #start()}, joined by close(); null after {@link #run}. */
  private volatile Thread startedThread;

  DefaultController(ControllerBuilder<K> b) {
    this.name = b.name;
    this.queue = b.queue;
    this.reconciler = b.reconciler;
    this.workerCount = b.workers;
    this.clock = b.clock;
    this.syncChecks = List.copyOf(b.syncChecks);
    this.errorHandler = b.errorHandler != null ? b.errorHandler : ReconcileErrorHandler.logging(b.name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean workersStarted() {
    return workersStarted;
  }

  @Override
  public void start() {
    Context context = begin(Context.background());
    Thread thread = new Thread(() -> {
      try {
        runBegun(context);
      } catch (InterruptedException e) {
        LOG.log(Level.DEBUG, () -> "controller thread interrupted controller=" + name);
      }
    }, name + "-controller");
    startedThread = thread;
    thread.start();
  }

  @Override
  public void run(Context context) throws InterruptedException {
    runBegun(begin(context));
  }

  /** NEW -> RUNNING, or fails. Returns the run's own context. */
  private Context begin(Context parent) {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("a controller runs once; controller " + name + " is " + state);
      }
      state = State.RUNNING;
      runContext = parent.withCancel();
      return runContext;
    }
  }

  private void runBegun(Context context) throws InterruptedException {
    runner = Thread.currentThread();
    List<Thread> workers = new ArrayList<>();
    try {
      LOG.log(Level.INFO, () -> "Starting controller controller=" + name);
      LOG.log(Level.INFO, () -> "Waiting for informer caches to sync controller=" + name);
      if (!waitForCacheSync(context)) {
        LOG.log(Level.INFO, () -> "Stopped before caches synced controller=" + name);
        return;
      }
      LOG.log(Level.INFO, () -> "Starting workers controller=" + name + " count=" + workerCount);
      for (int i = 1; i <= workerCount; i++) {
        Thread worker = new Thread(() -> runWorker(context), name + "-worker-" + i);
        workerThreads.add(worker);
        workers.add(worker);
        worker.start();
      }
      workersStarted = true;
      LOG.log(Level.INFO, () -> "Started workers controller=" + name);
      context.await();
    } finally {
      stop(context, workers);
    }
  }

  /**
   * Polls the sync checks at once and then every 100 ms on the clock ({@code cache.WaitForCacheSync}).
   *
   * @return false if the context ended first
   */
  private boolean waitForCacheSync(Context context) throws InterruptedException {
    while (!context.isCancelled()) {
      if (allSynced()) {
        LOG.log(Level.INFO, () -> "Caches are synced controller=" + name);
        return true;
      }
      if (!clock.sleep(SYNC_POLL_PERIOD, context)) {
        return false;
      }
    }
    return false;
  }

  private boolean allSynced() {
    for (BooleanSupplier check : syncChecks) {
      if (!check.getAsBoolean()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Cancels the context (if the run ended another way), drains the queue, joins the workers, and records STOPPED.
   * Waits through interrupts: in-flight reconciles must finish before the controller reports it has stopped.
   */
  private void stop(Context context, List<Thread> workers) {
    boolean interrupted = false;
    try {
      context.cancel();
      LOG.log(Level.INFO, () -> "Shutting down workers controller=" + name);
      while (true) {
        try {
          queue.shutDownWithDrain();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      for (Thread worker : workers) {
        while (true) {
          try {
            worker.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      LOG.log(Level.INFO, () -> "Stopped controller controller=" + name);
    } finally {
      synchronized (lock) {
        state = State.STOPPED;
      }
      stopped.countDown();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void runWorker(Context context) {
    try {
      while (processNextWorkItem(context)) {
        // next key
      }
    } catch (InterruptedException e) {
      LOG.log(Level.DEBUG, () -> "worker interrupted, exiting thread=" + Thread.currentThread().getName());
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "worker died thread=" + Thread.currentThread().getName(), e);
      throw e;
    } finally {
      workerThreads.remove(Thread.currentThread());
    }
  }

  /**
   * One key through the reconciler: sample-controller's {@code processNextWorkItem}.
   *
   * @return false once the queue is shut down and empty
   */
  boolean processNextWorkItem(Context context) throws InterruptedException {
    K key = queue.get();
    if (key == null) {
      return false;
    }
    try {
      if (context.isCancelled()) {
        return true; // stopping: leave queued keys alone (the next leader or run relists anyway)
      }
      Result result;
      try {
        result = reconciler.reconcile(key);
        if (result == null) {
          throw new IllegalStateException("reconciler returned null for key " + key
              + "; expected Result.done(), Result.requeue() or Result.requeueAfter(delay)");
        }
      } catch (Exception e) {
        int requeues = queue.numRequeues(key);
        queue.addRateLimited(key);
        report(key, e, requeues);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt(); // the next get() ends this worker
        }
        return true;
      } catch (Error e) {
        // A failed assert or a missing class in the reconciler is a failure like any other: retry the key and keep
        // the worker. Only the JVM's own failures (out of memory, stack overflow) end the worker, and even then the
        // key is requeued first, so it is not lost.
        int requeues = queue.numRequeues(key);
        queue.addRateLimited(key);
        report(key, new ExecutionException("reconciler threw " + e, e), requeues);
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        return true;
      }
      if (result instanceof Result.RequeueAfter after) {
        queue.forget(key);
        queue.addAfter(key, after.delay());
      } else if (result instanceof Result.Requeue) {
        queue.addRateLimited(key);
      } else {
        queue.forget(key);
      }
      return true;
    } finally {
      queue.done(key);
    }
  }

  private void report(K key, Exception error, int requeues) {
    try {
      errorHandler.onError(key, error, requeues);
    } catch (RuntimeException handlerFailure) {
      LOG.log(Level.WARNING, "error handler failed controller=" + name + " key=" + key, handlerFailure);
    }
  }

  @Override
  public void close() {
    Context context;
    synchronized (lock) {
      if (state == State.NEW) {
        state = State.STOPPED;
        stopped.countDown();
        context = null;
      } else {
        context = runContext;
      }
    }
    if (context == null) {
      queue.shutDown();
      return;
    }
    context.cancel();
    Thread me = Thread.currentThread();
    if (me == runner || workerThreads.contains(me)) {
      return; // called from a sync check or a reconciler: waiting here would wait for ourselves
    }
    try {
      stopped.await();
      Thread own = startedThread;
      if (own != null) {
        own.join(); // stopped is counted down as the thread's last act; return only once it has ended too
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "Controller[" + name + ", " + state + ", workers=" + workerCount + "]";
    }
  }
}
