package io.kubeloop.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * The three durations of client-go's {@code LeaderElectionConfig} ({@code LeaseDuration}, {@code RenewDeadline},
 * {@code RetryPeriod}), validated by the rules of {@code NewLeaderElector}, in its order and with its messages:
 *
 * <ol>
 *   <li>{@code leaseDuration must be greater than renewDeadline}</li>
 *   <li>{@code renewDeadline must be greater than retryPeriod*JitterFactor} (JitterFactor 1.2, product truncated
 *       to nanoseconds)</li>
 *   <li>{@code leaseDuration must be greater than zero}</li>
 *   <li>{@code renewDeadline must be greater than zero}</li>
 *   <li>{@code retryPeriod must be greater than zero}</li>
 * </ol>
 *
 * <p>So an all-zero timing fails rule 1, as in Go. Violations throw {@link IllegalArgumentException} with exactly
 * that message.
 *
 * @param leaseDuration how long a follower must see the record unchanged, on its own clock, before it takes over
 *     (advertised to followers in whole seconds, truncated). Core components use 15 s.
 * @param renewDeadline how long the leader keeps retrying a renew before it gives up leading. Core components
 *     use 10 s. Must be below leaseDuration: the leader stops before followers may take over.
 * @param retryPeriod how long to wait between attempts: followers wait {@code retryPeriod × [1, 2.2)} (jittered),
 *     the leader renews every {@code retryPeriod}. Core components use 2 s.
 */
public record LeaseTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
  /** client-go's {@code JitterFactor}: followers wait {@code retryPeriod × (1 + U[0,1) × 1.2)}. */
  public static final double JITTER_FACTOR = 1.2;

  private static final LeaseTiming DEFAULTS =
      new LeaseTiming(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

  public LeaseTiming {
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
    String problem = validate(leaseDuration, renewDeadline, retryPeriod);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** 15 s, 10 s, 2 s: what Kubernetes' own controllers use. */
  public static LeaseTiming defaults() {
    return DEFAULTS;
  }

  /** The first rule the durations break, as client-go words it, or {@code null} if they are valid. */
  static String validate(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      return "leaseDuration must be greater than renewDeadline";
    }
    long jittered = (long) (JITTER_FACTOR * saturatedNanos(retryPeriod));
    if (saturatedNanos(renewDeadline) <= jittered) {
      return "renewDeadline must be greater than retryPeriod*JitterFactor";
    }
    if (saturatedNanos(leaseDuration) < 1) {
      return "leaseDuration must be greater than zero";
    }
    if (saturatedNanos(renewDeadline) < 1) {
      return "renewDeadline must be greater than zero";
    }
    if (saturatedNanos(retryPeriod) < 1) {
      return "retryPeriod must be greater than zero";
    }
    return null;
  }

  /** The lease duration followers are told, in whole seconds ({@code int(LeaseDuration / time.Second)}). */
  public int leaseDurationSeconds() {
    return (int) Math.min(Integer.MAX_VALUE, leaseDuration.getSeconds());
  }

  public LeaseTiming withLeaseDuration(Duration value) {
    return new LeaseTiming(value, renewDeadline, retryPeriod);
  }

  public LeaseTiming withRenewDeadline(Duration value) {
    return new LeaseTiming(leaseDuration, value, retryPeriod);
  }

  public LeaseTiming withRetryPeriod(Duration value) {
    return new LeaseTiming(leaseDuration, renewDeadline, value);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
