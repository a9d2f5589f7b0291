package io.kubeloop.lease;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Java counterpart of client-go {@code tools/leaderelection/healthzadaptor.go} ({@code HealthzAdaptor}): a health
 * check, named {@code leaderElection}, that fails when this process leads but has not renewed for
 * {@code leaseDuration + timeout}, i.e. its renew loop is stuck (client-go issue #70819). Wire {@link #check()}
 * into your health endpoint; it is healthy before an elector is set and while following.
 *
 * <p>Thread-safe. Because an elector runs once, {@link LeaderElection#runAgainAfterLosing} sets each new elector
 * here.
 */
public final class LeaderHealthzAdaptor {
  private final Duration timeout;
  private volatile LeaderElector elector;

  /** @param timeout how long past the lease duration a leader may go without renewing (client-go: 20 s is common) */
  public LeaderHealthzAdaptor(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("expected a non-negative timeout but was " + timeout);
    }
  }

  public String name() {
    return "leaderElection";
  }

  public void setLeaderElection(LeaderElector value) {
    this.elector = value;
  }

  /** Empty when healthy; otherwise the error, e.g. {@code failed election to renew leadership on lease foo}. */
  public Optional<String> check() {
    LeaderElector e = elector;
    return e == null ? Optional.empty() : e.check(timeout);
  }
}
