package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.clock.Clock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link SharedIndexInformer} implementation: client-go {@code tools/cache/shared_informer.go}
 * ({@code sharedIndexInformer}) and the parts of {@code controller.go} it runs ({@code processDeltas}).
 *
 * <p>Implementation notes. Data flow: {@link Reflector} (thread {@code -reflector}) → {@link DeltaFifo} →
 * {@link #processDeltas} (thread {@code -process}, holding the FIFO lock and {@code blockDeltas}) → {@link Indexer},
 * then {@link SharedProcessor#distribute} → each {@link ProcessorListener}'s buffer → its handler thread.
 *
 * <p>Locking: {@code lifecycle} guards start/stop and the resync check period; {@code blockDeltas} is held while a
 * popped key is applied, and while a late handler is registered and fed the cache's contents, so the two never
 * interleave (client-go 889b95a76). Order: FIFO lock → {@code blockDeltas} → indexer/processor locks. No handler
 * code runs under any of them (except with a same-thread handler executor in tests).
 *
 * <p>Differences: close() replaces client-go's stop channel; handlers that throw are logged and skipped; the
 * process loop is not restarted after a failure (a failure in it is a bug, logged at ERROR, and the loop goes on).
 */
final class DefaultSharedIndexInformer<T extends KubernetesObject> implements SharedIndexInformer<T> {
  private static final System.Logger LOG = System.getLogger(SharedIndexInformer.class.getName());
  /** client-go {@code minimumResyncPeriod}. */
  static final Duration MINIMUM_RESYNC_PERIOD = Duration.ofSeconds(1);

  private enum Lifecycle { NEW, STARTED, STOPPED }

  private final String name;
  private final Clock clock;
  private final Indexer<T> indexer;
  private final Lister<T> lister;
  private final DeltaFifo<T> fifo;
  private final SharedProcessor<T> processor = new SharedProcessor<>();
  private final Reflector.Builder<T> reflectorBuilder;
  private final ReflectorOptions reflectorOptions;
  private final Duration defaultResync;
  private final java.util.concurrent.Executor handlerExecutor;
  private final AtomicInteger handlerCount = new AtomicInteger();
  private final Context context = Context.background().withCancel();

  private final Object lifecycle = new Object();
  /** Guarded by {@code lifecycle}. NEW → STARTED → STOPPED, or NEW → STOPPED. */
  private Lifecycle state = Lifecycle.NEW;
  /** How often the reflector asks whether a handler is due a resync. Fixed at start. Guarded by {@code lifecycle}. */
  private Duration resyncCheckPeriod;
  /** Guarded by {@code lifecycle}; set at start. */
  private Reflector<T> reflector;
  private final List<Thread> threads = new ArrayList<>();
  /** Every listener ever made, removed ones too, so close() waits for all their threads. */
  private final List<ProcessorListener<T>> everyListener = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Held while a popped key is applied and while a late handler is fed the cache (client-go {@code blockDeltas}). */
  private final ReentrantLock blockDeltas = new ReentrantLock();

  DefaultSharedIndexInformer(SharedIndexInformer.Builder<T> b) {
    this.name = b.name != null ? b.name : b.lw.description();
    this.clock = b.clock;
    this.indexer = Indexer.create(b.indexers);
    this.lister = new ReadOnlyLister<>(indexer);
    this.fifo = new DeltaFifo<>(indexer, b.transform);
    this.defaultResync = b.resyncPeriod;
    this.resyncCheckPeriod = b.resyncPeriod;
    this.reflectorOptions = b.reflectorOptions;
    this.handlerExecutor = b.handlerExecutor;
    this.reflectorBuilder = Reflector.builder(b.lw, fifo)
        .name(name)
        .clock(b.clock)
        .random(b.random)
        .errorHandler(b.watchErrorHandler)
        .listener(b.reflectorListener)
        .shouldResync(() -> processor.shouldResync(clock.instant()))
        .threads(r -> thread(r, "resync"));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HandlerRegistration addEventHandler(ResourceEventHandler<T> handler) {
    return addEventHandler(handler, defaultResync);
  }

  @Override
  public HandlerRegistration addEventHandler(ResourceEventHandler<T> handler, Duration resyncPeriod) {
    Objects.requireNonNull(handler, "handler");
    synchronized (lifecycle) {
      if (state == Lifecycle.STOPPED) {
        throw new IllegalStateException("handler " + handler + " was not added to shared informer because it has stopped already");
      }
      Duration requested = resyncPeriod;
      if (!requested.isZero() && requested.compareTo(MINIMUM_RESYNC_PERIOD) < 0) {
        LOG.log(Level.WARNING, "resyncPeriod is too small; changing it to the minimum allowed value informer=" + name
            + " requested=" + requested + " minimum=" + MINIMUM_RESYNC_PERIOD);
        requested = MINIMUM_RESYNC_PERIOD;
      }
      if (!requested.isZero() && requested.compareTo(resyncCheckPeriod) < 0) {
        if (state == Lifecycle.STARTED) {
          LOG.log(Level.WARNING, "resyncPeriod is smaller than the informer's resyncCheckPeriod and the informer has "
              + "already started; changing it to resyncCheckPeriod informer=" + name + " requested=" + requested
              + " resyncCheckPeriod=" + resyncCheckPeriod);
          requested = resyncCheckPeriod;
        } else {
          resyncCheckPeriod = requested;
          processor.resyncCheckPeriodChanged(requested);
        }
      }
      ProcessorListener<T> listener = newListener(handler, requested);
      if (state == Lifecycle.NEW) {
        processor.add(listener);
        return listener;
      }
      // Started: feed the newcomer everything cached, with delta processing held so nothing slips between.
      blockDeltas.lock();
      try {
        processor.add(listener);
        for (T object : indexer.list()) {
          listener.add(new Notification.Add<>(object, true));
        }
      } finally {
        blockDeltas.unlock();
      }
      return listener;
    }
  }

  private ProcessorListener<T> newListener(ResourceEventHandler<T> handler, Duration requested) {
    String listenerName = name + " handler-" + handlerCount.incrementAndGet();
    ExecutorService owned = null;
    List<Thread> ownedThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.Executor executor = handlerExecutor;
    if (executor == null) {
      String threadName = "handler-" + handlerCount.get();
      owned = Executors.newSingleThreadExecutor(r -> {
        Thread t = thread(r, threadName);
        ownedThreads.add(t); // joined by awaitStopped: a terminated executor may still have a live thread
        return t;
      });
      executor = owned;
    }
    ProcessorListener<T> listener = new ProcessorListener<>(listenerName, handler, executor, owned, ownedThreads,
        this::hasSynced, requested, SharedProcessor.determineResyncPeriod(requested, resyncCheckPeriod), clock.instant());
    everyListener.add(listener);
    return listener;
  }

  @Override
  public void removeEventHandler(HandlerRegistration registration) {
    if (!(registration instanceof ProcessorListener<?>)) {
      return;
    }
    @SuppressWarnings("unchecked")
    ProcessorListener<T> listener = (ProcessorListener<T>) registration;
    blockDeltas.lock();
    try {
      if (processor.remove(listener)) {
        listener.stop();
      }
    } finally {
      blockDeltas.unlock();
    }
  }

  @Override
  public void addIndexers(Map<String, IndexFunc<T>> indexers) {
    synchronized (lifecycle) {
      if (state == Lifecycle.STOPPED) {
        throw new IllegalStateException("indexer was not added because it has stopped already");
      }
    }
    indexer.addIndexers(indexers);
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (state != Lifecycle.NEW) {
        throw new IllegalStateException("start() must be called once, on a new informer; informer " + name + " is " + state);
      }
      state = Lifecycle.STARTED;
      reflector = reflectorBuilder.options(reflectorOptions.withResyncPeriod(resyncCheckPeriod)).build();
      Reflector<T> r = reflector;
      threads.add(thread(() -> r.run(context), "reflector"));
      threads.add(thread(this::processLoop, "process"));
      threads.forEach(Thread::start);
    }
  }

  private void processLoop() {
    try {
      while (fifo.pop(this::processDeltas)) {
        // each pop applied one key's deltas
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * client-go {@code processDeltas}: for each delta, oldest first, update the cache and then notify. Whether an
   * object is added or updated is decided by the cache, not by the delta type. Runs under the FIFO lock.
   */
  private void processDeltas(List<Delta<T>> deltas, boolean isInInitialList) {
    blockDeltas.lock();
    try {
      for (Delta<T> d : deltas) {
        T object = d.object();
        if (d.type() == DeltaType.DELETED) {
          indexer.delete(d.key());
          processor.distribute(new Notification.Delete<>(object, d.tombstone()), false);
          continue;
        }
        T old = indexer.put(object);
        if (old != null) {
          boolean isSync = Objects.equals(old.metadata().resourceVersion(), object.metadata().resourceVersion());
          processor.distribute(new Notification.Update<>(old, object), isSync);
        } else {
          processor.distribute(new Notification.Add<>(object, isInInitialList), false);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "failed to apply deltas informer=" + name + " deltas=" + deltas, e);
    } finally {
      blockDeltas.unlock();
    }
  }

  @Override
  public boolean hasSynced() {
    return fifo.hasSynced();
  }

  @Override
  public boolean waitForCacheSync(Context waitContext) throws InterruptedException {
    return fifo.awaitSynced(waitContext);
  }

  @Override
  public Lister<T> lister() {
    return lister;
  }

  @Override
  public String lastSyncResourceVersion() {
    synchronized (lifecycle) {
      return reflector == null ? "" : reflector.lastSyncResourceVersion();
    }
  }

  @Override
  public boolean hasStarted() {
    synchronized (lifecycle) {
      return reflector != null;
    }
  }

  @Override
  public boolean isStopped() {
    synchronized (lifecycle) {
      return state == Lifecycle.STOPPED;
    }
  }

  @Override
  public void close() {
    List<Thread> toJoin;
    synchronized (lifecycle) {
      if (state == Lifecycle.STOPPED) {
        return;
      }
      state = Lifecycle.STOPPED;
      toJoin = List.copyOf(threads);
    }
    context.cancel();
    fifo.close();
    Thread me = Thread.currentThread();
    // Waits through interrupts: a caller with its interrupt flag set (a service's stop thread that was itself
    // told to stop) must still get every thread stopped. The flag is restored at the end.
    boolean interrupted = Thread.interrupted();
    for (Thread t : toJoin) {
      if (t == me) {
        continue;
      }
      interrupted |= join(t, Duration.ofSeconds(5));
      if (t.isAlive()) {
        t.interrupt(); // e.g. a list blocked in I/O that ignores the context
        interrupted |= join(t, Duration.ofSeconds(5));
      }
    }
    processor.stopAll();
    for (ProcessorListener<T> l : everyListener) {
      if (l.ownsThread(me)) {
        continue; // close() from inside this handler: its thread ends once the handler returns
      }
      interrupted |= awaitStopped(l);
      if (l.running()) {
        LOG.log(Level.WARNING, "event handler still running 5 s after close(); interrupting it informer=" + name
            + " handler=" + l);
        l.interrupt();
        interrupted |= awaitStopped(l);
      }
    }
    if (interrupted) {
      me.interrupt();
    }
  }

  /** Joins {@code t} for up to {@code timeout} whatever interrupts arrive; returns whether any did. */
  private static boolean join(Thread t, Duration timeout) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (t.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  /** {@link ProcessorListener#awaitStopped} for up to 5 s whatever interrupts arrive; returns whether any did. */
  private static boolean awaitStopped(ProcessorListener<?> l) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return interrupted;
      }
      try {
        l.awaitStopped(Duration.ofNanos(left));
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }

  /** Reflector-level state, for tests and debugging. */
  ReflectorState reflectorState() {
    synchronized (lifecycle) {
      return reflector == null ? null : reflector.state();
    }
  }

  Duration resyncCheckPeriod() {
    synchronized (lifecycle) {
      return resyncCheckPeriod;
    }
  }

  DeltaFifo<T> fifo() {
    return fifo;
  }

  Indexer<T> indexer() {
    return indexer;
  }

  private Thread thread(Runnable r, String role) {
    Thread t = new Thread(r, "informer[" + name + "]-" + role);
    t.setDaemon(true);
    return t;
  }

  @Override
  public String toString() {
    return "SharedIndexInformer[" + name + "]";
  }
}
