package io.kubeloop.lease;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * Java counterpart of client-go {@code tools/leaderelection/leaderelection.go} ({@code LeaderElectionConfig}),
 * validated as {@code NewLeaderElector} validates it: the rules of {@link LeaseTiming} first, then
 * {@code OnStartedLeading callback must not be nil}, {@code OnStoppedLeading callback must not be nil},
 * {@code Lock must not be nil.} (with the period) and {@code Lock identity is empty}, each as an
 * {@link IllegalArgumentException} with exactly that message, the first failing rule winning.
 *
 * <pre>{@code
 * LeaderElectionConfig config = LeaderElectionConfig.builder()
 *     .lock(LeaseLock.builder(leases, "kube-system", "my-controller", podName).build())
 *     .timing(LeaseTiming.defaults())                       // 15s / 10s / 2s
 *     .callbacks(LeaderCallbacks.of(ctx -> runController(ctx), () -> System.out.println("stopped")))
 *     .releaseOnCancel(true)
 *     .build();
 * }</pre>
 *
 * <p>Differences from client-go: the clock, the random source of the jitter, the metrics listener and the
 * executor of callbacks are injected here (client-go hard-wires the real clock and a global metrics provider);
 * {@code Coordinated} and {@code WatchDog} are absent (see {@link LeaderHealthzAdaptor}); two options go beyond
 * client-go and are off by default: {@link #watchFollowers()} and the drift margin of {@link LeaseGuard}.
 *
 * @param lock where the record lives; its {@link ResourceLock#identity()} must not be empty
 * @param timing lease duration, renew deadline, retry period
 * @param callbacks what the elector tells your code
 * @param name used in logs, metrics and the healthz error; default: the lock's {@code namespace/name}
 * @param releaseOnCancel when the run ends while leading, write holder {@code ""} so another candidate can take
 *     over at once instead of after the lease duration. Only safe if your code has stopped acting as leader by
 *     the time {@code run} returns. Default false (as in client-go).
 * @param watchFollowers beyond client-go: a follower also watches the Lease (when the lock is a
 *     {@link WatchableLock}) and tries to acquire the moment it is released, or at the exact instant the observed
 *     lease expires, instead of at its next jittered retry. The timed retry stays as the safety net. Default false.
 * @param guardDriftMargin beyond client-go: how much earlier than the lease duration the {@link LeaseGuard}
 *     stops calling the lease valid, to absorb clock-rate differences between candidates. Default
 *     {@code leaseDuration − renewDeadline}, the margin client-go's own safety argument relies on. Must not be
 *     negative; at or above the advertised lease duration the guard never says yes.
 * @param clock every wait and timestamp of the elector; default {@link Clock#system()}
 * @param random the source of the retry jitter; default a new {@link Random}
 * @param callbackExecutor runs {@code onStartedLeading} and {@code onNewLeader}; {@code null} (the default) means
 *     a new thread per callback, named {@code leader-elector[ns/name]-leading} or {@code -new-leader}. Tests may
 *     pass {@code Runnable::run}, as long as their callbacks return quickly.
 * @param metrics leader status and slow-path count; default {@link LeaderMetrics#NOOP}
 */
public record LeaderElectionConfig(
    ResourceLock lock,
    LeaseTiming timing,
    LeaderCallbacks callbacks,
    String name,
    boolean releaseOnCancel,
    boolean watchFollowers,
    Duration guardDriftMargin,
    Clock clock,
    Random random,
    Executor callbackExecutor,
    LeaderMetrics metrics) {

  public LeaderElectionConfig {
    Objects.requireNonNull(timing, "timing");
    if (callbacks == null || callbacks.onStartedLeading() == null) {
      throw new IllegalArgumentException("OnStartedLeading callback must not be nil");
    }
    if (callbacks.onStoppedLeading() == null) {
      throw new IllegalArgumentException("OnStoppedLeading callback must not be nil");
    }
    if (lock == null) {
      throw new IllegalArgumentException("Lock must not be nil.");
    }
    if (lock.identity() == null || lock.identity().isEmpty()) {
      throw new IllegalArgumentException("Lock identity is empty");
    }
    name = name == null || name.isEmpty() ? lock.describe() : name;
    guardDriftMargin = guardDriftMargin == null ? timing.leaseDuration().minus(timing.renewDeadline()) : guardDriftMargin;
    if (guardDriftMargin.isNegative()) {
      throw new IllegalArgumentException("expected guardDriftMargin >= 0 but was " + guardDriftMargin);
    }
    clock = clock == null ? Clock.system() : clock;
    random = random == null ? new Random() : random;
    metrics = metrics == null ? LeaderMetrics.NOOP : metrics;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.lock = lock;
    b.leaseDuration = timing.leaseDuration();
    b.renewDeadline = timing.renewDeadline();
    b.retryPeriod = timing.retryPeriod();
    b.callbacks = callbacks;
    b.name = name;
    b.releaseOnCancel = releaseOnCancel;
    b.watchFollowers = watchFollowers;
    b.guardDriftMargin = guardDriftMargin;
    b.clock = clock;
    b.random = random;
    b.callbackExecutor = callbackExecutor;
    b.metrics = metrics;
    return b;
  }

  /** Builds a {@link LeaderElectionConfig}; {@link #build()} validates in client-go's order. */
  public static final class Builder {
    private ResourceLock lock;
    private Duration leaseDuration = LeaseTiming.defaults().leaseDuration();
    private Duration renewDeadline = LeaseTiming.defaults().renewDeadline();
    private Duration retryPeriod = LeaseTiming.defaults().retryPeriod();
    private LeaderCallbacks callbacks;
    private String name;
    private boolean releaseOnCancel;
    private boolean watchFollowers;
    private Duration guardDriftMargin;
    private Clock clock;
    private Random random;
    private Executor callbackExecutor;
    private LeaderMetrics metrics;

    private Builder() {}

    public Builder lock(ResourceLock value) {
      this.lock = value;
      return this;
    }

    public Builder timing(LeaseTiming value) {
      this.leaseDuration = value.leaseDuration();
      this.renewDeadline = value.renewDeadline();
      this.retryPeriod = value.retryPeriod();
      return this;
    }

    public Builder leaseDuration(Duration value) {
      this.leaseDuration = Objects.requireNonNull(value, "leaseDuration");
      return this;
    }

    public Builder renewDeadline(Duration value) {
      this.renewDeadline = Objects.requireNonNull(value, "renewDeadline");
      return this;
    }

    public Builder retryPeriod(Duration value) {
      this.retryPeriod = Objects.requireNonNull(value, "retryPeriod");
      return this;
    }

    public Builder callbacks(LeaderCallbacks value) {
      this.callbacks = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder releaseOnCancel(boolean value) {
      this.releaseOnCancel = value;
      return this;
    }

    public Builder watchFollowers(boolean value) {
      this.watchFollowers = value;
      return this;
    }

    public Builder guardDriftMargin(Duration value) {
      this.guardDriftMargin = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder random(Random value) {
      this.random = value;
      return this;
    }

    public Builder callbackExecutor(Executor value) {
      this.callbackExecutor = value;
      return this;
    }

    public Builder metrics(LeaderMetrics value) {
      this.metrics = value;
      return this;
    }

    /** @throws IllegalArgumentException with client-go's message for the first rule broken */
    public LeaderElectionConfig build() {
      LeaseTiming timing = new LeaseTiming(leaseDuration, renewDeadline, retryPeriod);
      return new LeaderElectionConfig(lock, timing, callbacks, name, releaseOnCancel, watchFollowers, guardDriftMargin,
          clock, random, callbackExecutor, metrics);
    }
  }
}
