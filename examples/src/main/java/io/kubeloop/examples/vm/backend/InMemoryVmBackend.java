package io.kubeloop.examples.vm.backend;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.examples.vm.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * A {@link VmBackend} that keeps servers in memory, with the two things a real cloud adds that a controller must
 * survive: latency on every call and calls that fail. Both are configurable, and failures come from a seeded
 * {@link Random}, so a run with the same seed fails the same calls.
 *
 * <p>A new server is {@link Server#CREATING} for {@code provisioningTime} on the injected clock, then
 * {@link Server#RUNNING}, with usage that changes on every {@link #status} call. Tests can remove a server behind
 * the controller's back ({@link #vanish}) and count creations ({@link #created()}) to prove there is exactly one
 * server per VM.
 *
 * <p>Thread-safe: one lock guards the maps and the random generator; latency is waited outside it.
 */
public final class InMemoryVmBackend implements VmBackend {
  /**
   * How the backend behaves.
   *
   * @param latency added to every call
   * @param failureRate probability in [0, 1] that a call fails with {@link BackendException}
   * @param provisioningTime how long a new server stays {@link Server#CREATING}
   * @param seed seeds the failures and usage numbers
   */
  public record Options(Duration latency, double failureRate, Duration provisioningTime, long seed) {
    public Options {
      Objects.requireNonNull(latency, "latency");
      Objects.requireNonNull(provisioningTime, "provisioningTime");
      if (failureRate < 0 || failureRate > 1) {
        throw new IllegalArgumentException("expected failureRate in [0, 1] but was " + failureRate);
      }
      if (latency.isNegative() || provisioningTime.isNegative()) {
        throw new IllegalArgumentException("expected non-negative latency and provisioningTime but was " + latency + ", " + provisioningTime);
      }
    }

    /** No latency, no failures, servers running at once. */
    public static Options instant() {
      return new Options(Duration.ZERO, 0, Duration.ZERO, 1);
    }

    public Options withLatency(Duration value) {
      return new Options(value, failureRate, provisioningTime, seed);
    }

    public Options withFailureRate(double value) {
      return new Options(latency, value, provisioningTime, seed);
    }

    public Options withProvisioningTime(Duration value) {
      return new Options(latency, failureRate, value, seed);
    }

    public Options withSeed(long value) {
      return new Options(latency, failureRate, provisioningTime, value);
    }
  }

  private final Clock clock;
  private final Object lock = new Object();
  /** Guarded by {@code lock}. */
  private Options options;
  /** Servers by id. Guarded by {@code lock}. Invariant: at most one server per vmUid. */
  private final Map<String, Server> servers = new LinkedHashMap<>();
  /** Guarded by {@code lock}. */
  private final Random random;
  /** Calls still to fail regardless of the rate. Guarded by {@code lock}. */
  private int failNext;
  /** Guarded by {@code lock}. */
  private long nextId = 1;
  /** Servers ever created. Guarded by {@code lock}. */
  private int created;
  /** Servers ever deleted through {@link #delete}. Guarded by {@code lock}. */
  private int deleted;

  public InMemoryVmBackend(Clock clock, Options options) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    this.random = new Random(options.seed());
  }

  @Override
  public Optional<Server> exists(String vmUid) throws BackendException, InterruptedException {
    call("exists " + vmUid);
    synchronized (lock) {
      return findByUid(vmUid).map(this::refreshed);
    }
  }

  @Override
  public Server create(ServerRequest request) throws BackendException, InterruptedException {
    call("create server for " + request.vmName());
    synchronized (lock) {
      Optional<Server> existing = findByUid(request.vmUid());
      if (existing.isPresent()) {
        return refreshed(existing.get());
      }
      String id = String.format("srv-%06d", nextId++);
      Server s = new Server(id, request.vmUid(), request.vmName(),
          options.provisioningTime().isZero() ? Server.RUNNING : Server.CREATING,
          request.cpu(), request.memory(), request.rootDisk(), null, null, clock.instant());
      servers.put(id, s);
      created++;
      return refreshed(s);
    }
  }

  @Override
  public void delete(String serverId) throws BackendException, InterruptedException {
    call("delete server " + serverId);
    synchronized (lock) {
      if (servers.remove(serverId) != null) {
        deleted++;
      }
    }
  }

  @Override
  public Optional<Server> status(String serverId) throws BackendException, InterruptedException {
    call("status of server " + serverId);
    synchronized (lock) {
      return Optional.ofNullable(servers.get(serverId)).map(this::refreshed);
    }
  }

  /** Waits the latency, then fails if the dice (or {@link #failNext}) say so. */
  private void call(String what) throws BackendException, InterruptedException {
    Duration latency;
    synchronized (lock) {
      latency = options.latency();
    }
    if (!latency.isZero()) {
      clock.sleep(latency, Context.background());
    }
    synchronized (lock) {
      if (failNext > 0) {
        failNext--;
        throw new BackendException("backend unavailable: " + what + " failed (injected)");
      }
      if (options.failureRate() > 0 && random.nextDouble() < options.failureRate()) {
        throw new BackendException("backend unavailable: " + what + " failed (injected, rate " + options.failureRate() + ")");
      }
    }
  }

  private Optional<Server> findByUid(String vmUid) {
    return servers.values().stream().filter(s -> s.vmUid().equals(vmUid)).findFirst();
  }

  /** Moves a server from Creating to Running once provisioned, and gives it fresh usage numbers. */
  private Server refreshed(Server s) {
    Instant now = clock.instant();
    String state = s.state();
    if (Server.CREATING.equals(state) && !now.isBefore(s.createdAt().plus(options.provisioningTime()))) {
      state = Server.RUNNING;
    }
    Quantity usedCpu = null;
    Quantity usedMemory = null;
    if (Server.RUNNING.equals(state)) {
      usedCpu = fraction(s.cpu(), true);
      usedMemory = fraction(s.memory(), false);
    }
    Server next = new Server(s.id(), s.vmUid(), s.vmName(), state, s.cpu(), s.memory(), s.rootDisk(), usedCpu,
        usedMemory, s.createdAt());
    servers.put(s.id(), next);
    return next;
  }

  /** 10% to 90% of {@code total}: millicores for cpu, Mi for memory. */
  private Quantity fraction(Quantity total, boolean cpu) {
    if (total == null) {
      return null;
    }
    double share = 0.1 + 0.8 * random.nextDouble();
    BigDecimal used = total.value().multiply(BigDecimal.valueOf(share));
    if (cpu) {
      return Quantity.parse(used.movePointRight(3).setScale(0, RoundingMode.HALF_UP) + "m");
    }
    return Quantity.parse(used.divide(BigDecimal.valueOf(1L << 20), 0, RoundingMode.HALF_UP) + "Mi");
  }

  /**
   * Everything the backend holds, as a value: what {@link FileVmBackend} writes to disk between calls.
   *
   * @param servers the servers, in creation order
   * @param nextId the number of the next server id
   */
  public record State(List<Server> servers, long nextId, int created, int deleted) {
    public State {
      servers = List.copyOf(servers);
    }
  }

  /** A snapshot of everything this backend holds. */
  public State state() {
    synchronized (lock) {
      return new State(new ArrayList<>(servers.values()), nextId, created, deleted);
    }
  }

  /** Replaces everything this backend holds with {@code state}. */
  public void restore(State state) {
    synchronized (lock) {
      servers.clear();
      for (Server s : state.servers()) {
        servers.put(s.id(), s);
      }
      nextId = state.nextId();
      created = state.created();
      deleted = state.deleted();
    }
  }

  /** Changes latency and failure rate from now on (the seed stays). */
  public void setOptions(Options value) {
    synchronized (lock) {
      options = Objects.requireNonNull(value, "options");
    }
  }

  /** The next {@code calls} calls fail, whatever the rate. */
  public void failNext(int calls) {
    synchronized (lock) {
      failNext = calls;
    }
  }

  /** Removes a server behind the controller's back, as someone deleting it in a cloud console would. */
  public boolean vanish(String serverId) {
    synchronized (lock) {
      return servers.remove(serverId) != null;
    }
  }

  /** A snapshot of the servers that exist. */
  public List<Server> servers() {
    synchronized (lock) {
      return List.copyOf(new ArrayList<>(servers.values()));
    }
  }

  /** How many servers were ever created. */
  public int created() {
    synchronized (lock) {
      return created;
    }
  }

  /** How many servers were deleted through {@link #delete}. */
  public int deleted() {
    synchronized (lock) {
      return deleted;
    }
  }
}
