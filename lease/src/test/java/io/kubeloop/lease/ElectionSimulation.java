package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several real {@link LeaderElector}s on one simulated Lease, in virtual time: each candidate runs on its own
 * thread with its own {@link DriftClock}; the driver steps the shared {@link FakeClock} to the next due waiter
 * only once every candidate thread is parked ({@link Activity}). Faults are scheduled on the clock: crashes,
 * partitions, graceful restarts (run cancelled, release on cancel), API latency, 409 storms.
 *
 * <p>Safety is checked (a) whenever a write hands the Lease to a new holder, before the writer hears back: no
 * other live candidate's {@link LeaseGuard} may hold at that instant, and (b) at every quiescent instant: at most
 * one guard holds. Crashed candidates are excluded from the moment they crash (they cannot write any more).
 */
final class ElectionSimulation implements AutoCloseable {
  /** Settings of one run. */
  record Options(int nodes, LeaseTiming timing, boolean watchFollowers, boolean releaseOnCancel, double maxDrift,
      Duration guardDriftMargin, long seed) {}

  /** A candidate's {@code onStartedLeading}, at virtual (base) time. */
  record Started(int node, Instant at) {}

  final Options options;
  final FakeClock clock = new FakeClock();
  final Activity activity = new Activity();
  final SimLeaseStore store;
  final Random random;
  final List<Node> nodes = new ArrayList<>();
  final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  final List<Started> started = new CopyOnWriteArrayList<>();
  final Instant start = clock.instant();

  ElectionSimulation(Options options) {
    this.options = options;
    this.random = new Random(options.seed());
    this.store = new SimLeaseStore(clock, activity, options.seed() * 7919 + 1);
    store.setTakeoverHook(this::checkTakeover);
    for (int i = 0; i < options.nodes(); i++) {
      double rate = 1 + (random.nextDouble() * 2 - 1) * options.maxDrift();
      Duration offset = Duration.ofMillis((long) ((random.nextDouble() * 2 - 1) * 3_600_000));
      nodes.add(new Node(i, new DriftClock(clock, rate, offset, activity)));
    }
  }

  /** One candidate process: restarted incarnations keep the clock and (by default) the identity. */
  final class Node {
    final int index;
    final DriftClock clock;
    final AtomicLong requests = new AtomicLong();
    final List<Incarnation> incarnations = new CopyOnWriteArrayList<>();
    volatile Incarnation current;
    String identity;

    Node(int index, DriftClock clock) {
      this.index = index;
      this.clock = clock;
      this.identity = "node-" + index;
    }

    boolean running() {
      Incarnation c = current;
      return c != null && !c.context.isCancelled();
    }

    /** Starts a new incarnation; with {@code newIdentity}, under a new name (a Deployment's new pod). */
    void start(boolean newIdentity) {
      if (newIdentity) {
        identity = "node-" + index + "-" + incarnations.size();
      }
      start();
    }

    void start() {
      Incarnation inc = new Incarnation(this);
      incarnations.add(inc);
      current = inc;
      inc.start();
    }

    /** Abrupt: no release, no further request from this incarnation reaches the server. */
    void crash() {
      Incarnation c = current;
      if (c != null && !c.crashed) {
        c.crashed = true;
        c.lock.kill();
        c.context.cancel();
      }
    }

    /** Graceful: cancels the run, so the elector releases (if configured) and stops. */
    void stop() {
      Incarnation c = current;
      if (c != null) {
        c.context.cancel();
      }
    }

    void partition(boolean value) {
      Incarnation c = current;
      if (c != null) {
        c.lock.setPartitioned(value);
      }
    }

    boolean leading() {
      for (Incarnation i : incarnations) {
        if (i.guardHeld()) {
          return true;
        }
      }
      return false;
    }
  }

  final class Incarnation {
    final Node node;
    final SimLock lock;
    final Context context = Context.background().withCancel();
    volatile LeaderElector elector;
    volatile boolean crashed;

    Incarnation(Node node) {
      this.node = node;
      LeaseTiming t = options.timing();
      Duration requestTimeout = t.renewDeadline().dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
          ? Duration.ofSeconds(1) : t.renewDeadline().dividedBy(2);
      this.lock = new SimLock(store, node.identity, requestTimeout, node.requests);
    }

    void start() {
      activity.enter();
      Thread thread = new Thread(this::loop, "sim-" + node.identity);
      thread.setDaemon(true);
      thread.start();
    }

    /* LeaderElection.runAgainAfterLosing, with each term's elector kept for the safety checks. */
    private void loop() {
      try {
        Random jitter = new Random(options.seed() * 31 + node.index * 1_000_003L + node.incarnations.size());
        while (!context.isCancelled()) {
          LeaderElector e = LeaderElector.create(LeaderElectionConfig.builder()
              .lock(lock)
              .timing(options.timing())
              .callbacks(LeaderCallbacks.of(ctx -> started.add(new Started(node.index, clock.instant())), () -> {}))
              .releaseOnCancel(options.releaseOnCancel())
              .watchFollowers(options.watchFollowers())
              .guardDriftMargin(options.guardDriftMargin())
              .clock(node.clock)
              .random(jitter)
              .callbackExecutor(Runnable::run)
              .build());
          elector = e;
          e.run(context);
          if (!node.clock.sleep(options.timing().retryPeriod(), context)) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        activity.exit();
      }
    }

    boolean guardHeld() {
      LeaderElector e = elector;
      return !crashed && e != null && e.guard().isHeld();
    }
  }

  void startAll() {
    for (Node n : nodes) {
      n.start();
    }
  }

  /** Runs {@code action} at virtual time {@code at} (from the start), on the driver thread. */
  void at(Duration at, Runnable action) {
    Duration delay = Duration.between(clock.instant(), start.plus(at));
    clock.schedule(delay.isNegative() ? Duration.ZERO : delay, action);
  }

  Duration elapsed() {
    return Duration.between(start, clock.instant());
  }

  /** Steps virtual time until {@code until} (from the start), checking safety at every quiescent instant. */
  void runUntil(Duration until, Runnable atEachInstant) {
    at(until, () -> {}); // something is always due until the end
    while (elapsed().compareTo(until) < 0) {
      activity.awaitIdle(Duration.ofSeconds(20));
      checkInstant();
      if (atEachInstant != null) {
        atEachInstant.run();
      }
      if (clock.stepToNextWaiter() == null) {
        throw new AssertionError("nothing left to wait for at " + elapsed());
      }
    }
    activity.awaitIdle(Duration.ofSeconds(20));
    checkInstant();
  }

  /** Nodes whose guard holds right now (any live incarnation). */
  List<Integer> leaders() {
    List<Integer> holding = new ArrayList<>();
    for (Node n : nodes) {
      if (n.leading()) {
        holding.add(n.index);
      }
    }
    return holding;
  }

  private void checkInstant() {
    List<Integer> holding = leaders();
    if (holding.size() > 1) {
      violations.add("at " + elapsed() + " the guards of nodes " + holding + " all hold (seed " + options.seed() + ")");
    }
  }

  private void checkTakeover(SimLock writer, LeaderElectionRecord previous, LeaderElectionRecord next) {
    for (Node n : nodes) {
      for (Incarnation i : n.incarnations) {
        if (i.lock != writer && i.guardHeld()) {
          violations.add("at " + elapsed() + " " + next.holderIdentity() + " took the lease from '"
              + previous.holderIdentity() + "' while node-" + n.index + "'s guard still held for "
              + i.elector.guard().remaining() + " (seed " + options.seed() + ")");
        }
      }
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      for (Incarnation i : n.incarnations) {
        i.crashed = true;
        i.lock.kill();
        i.context.cancel();
      }
    }
  }
}
