package io.kubeloop.lease;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Status;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The simulated API server of the election simulation: one Lease (a record and a resourceVersion), optimistic
 * concurrency, watches, and the faults the simulation injects: latency on each leg of a request, 409 storms, and
 * (through {@link SimLock}) partitions and crashes of single candidates. Writes are atomic; watchers are told
 * after the write, on the clock's stepping thread, after a latency, and in write order: a watch is one stream, so
 * a slow event holds back the ones behind it rather than being overtaken by them.
 */
final class SimLeaseStore {
  /** Told of every write that gives the lease to a new non-empty holder, before the writer hears back. */
  interface TakeoverHook {
    void onTakeover(SimLock writer, LeaderElectionRecord previous, LeaderElectionRecord next);
  }

  final FakeClock clock;
  final Activity activity;
  private final Random random;
  private final Object lock = new Object();
  /** Guarded by {@code lock}; null while the Lease does not exist. */
  private LeaderElectionRecord record;
  /** Guarded by {@code lock}. */
  private long resourceVersion;
  /** Per-leg latency bound and 409 storm probability; guarded by {@code lock}. */
  private Duration maxLatency = Duration.ZERO;
  private double conflictProbability;
  private long writes;
  private final List<Subscription> watchers = new CopyOnWriteArrayList<>();
  /** Every successful write, in order: when (virtual time) and what. */
  final List<Write> log = new CopyOnWriteArrayList<>();

  record Write(Instant at, LeaderElectionRecord record) {}
  private volatile TakeoverHook takeoverHook = (w, p, n) -> {};

  SimLeaseStore(FakeClock clock, Activity activity, long seed) {
    this.clock = clock;
    this.activity = activity;
    this.random = new Random(seed);
  }

  /** One watch; {@code lastDue} is when its latest event arrives, which the next one may not precede. */
  record Subscription(SimLock lock, Consumer<Optional<LeaderElectionRecord>> listener,
      AtomicReference<Instant> lastDue) {}

  void setTakeoverHook(TakeoverHook hook) {
    this.takeoverHook = hook;
  }

  void setMaxLatency(Duration value) {
    synchronized (lock) {
      maxLatency = value;
    }
  }

  void setConflictProbability(double value) {
    synchronized (lock) {
      conflictProbability = value;
    }
  }

  Duration latency() {
    synchronized (lock) {
      long max = maxLatency.toNanos();
      return max == 0 ? Duration.ZERO : Duration.ofNanos((long) (random.nextDouble() * max));
    }
  }

  LeaderElectionRecord current() {
    synchronized (lock) {
      return record;
    }
  }

  long writes() {
    synchronized (lock) {
      return writes;
    }
  }

  /** GET: the record and its resourceVersion. */
  Versioned get() throws ApiException {
    synchronized (lock) {
      if (record == null) {
        throw new ApiException(Status.failure(404, "NotFound", "leases.coordination.k8s.io \"lease\" not found"));
      }
      return new Versioned(record, resourceVersion);
    }
  }

  long create(SimLock writer, LeaderElectionRecord next) throws ApiException {
    LeaderElectionRecord previous;
    long rv;
    synchronized (lock) {
      if (record != null) {
        throw new ApiException(Status.failure(409, "AlreadyExists", "leases.coordination.k8s.io \"lease\" already exists"));
      }
      stormLocked();
      previous = LeaderElectionRecord.EMPTY;
      record = next;
      rv = ++resourceVersion;
      writes++;
    }
    written(writer, previous, next);
    return rv;
  }

  long update(SimLock writer, long expectedVersion, LeaderElectionRecord next) throws ApiException {
    LeaderElectionRecord previous;
    long rv;
    synchronized (lock) {
      if (record == null) {
        throw new ApiException(Status.failure(404, "NotFound", "leases.coordination.k8s.io \"lease\" not found"));
      }
      stormLocked();
      if (expectedVersion != resourceVersion) {
        throw conflict();
      }
      previous = record;
      record = next;
      rv = ++resourceVersion;
      writes++;
    }
    written(writer, previous, next);
    return rv;
  }

  private void stormLocked() throws ApiException {
    if (conflictProbability > 0 && random.nextDouble() < conflictProbability) {
      throw conflict();
    }
  }

  private static ApiException conflict() {
    return new ApiException(Status.failure(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again"));
  }

  private void written(SimLock writer, LeaderElectionRecord previous, LeaderElectionRecord next) {
    log.add(new Write(clock.instant(), next));
    if (!next.holderIdentity().isEmpty() && !next.holderIdentity().equals(previous.holderIdentity())) {
      takeoverHook.onTakeover(writer, previous, next);
    }
    for (Subscription s : watchers) {
      deliver(s, next);
    }
  }

  private void deliver(Subscription s, LeaderElectionRecord state) {
    if (!s.lock().reachable()) {
      return; // a partitioned or crashed candidate's watch is broken; it is re-delivered on heal
    }
    Instant now = clock.instant();
    Instant at = now.plus(latency());
    Instant due = s.lastDue().accumulateAndGet(at, (last, next) -> last != null && last.isAfter(next) ? last : next);
    clock.schedule(Duration.between(now, due), () -> {
      if (watchers.contains(s) && s.lock().reachable()) {
        s.listener().accept(Optional.ofNullable(state));
      }
    });
  }

  Runnable subscribe(SimLock lock, Consumer<Optional<LeaderElectionRecord>> listener) {
    Subscription s = new Subscription(lock, listener, new AtomicReference<>());
    watchers.add(s);
    deliver(s, current());
    return () -> watchers.remove(s);
  }

  /** A healed partition reconnects the candidate's watches: they see the current state again. */
  void redeliverTo(SimLock lock) {
    LeaderElectionRecord state = current();
    for (Subscription s : new ArrayList<>(watchers)) {
      if (s.lock() == lock) {
        deliver(s, state);
      }
    }
  }

  record Versioned(LeaderElectionRecord record, long resourceVersion) {}
}
