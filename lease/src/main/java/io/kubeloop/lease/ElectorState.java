package io.kubeloop.lease;

import java.util.Set;

/**
 * The lifecycle of one {@link LeaderElector}: an explicit state machine in the manner of guava's
 * {@code Service.State}. The legal transitions form a DAG, so an elector runs once (as client-go's does):
 *
 * <pre>
 * NEW ─► ACQUIRING ─► LEADING ─► STOPPING ─► STOPPED
 *            └───────────────────────────────►┘
 * </pre>
 *
 * client-go has no named states; its {@code Run} is the same sequence of {@code acquire}, {@code renew} and the
 * deferred {@code release} and {@code OnStoppedLeading}.
 */
public enum ElectorState {
  /** Created; {@link LeaderElector#run} not called yet. */
  NEW,
  /** Trying to acquire: a follower. */
  ACQUIRING,
  /** Acquired and renewing. The only state in which {@link LeaseGuard#isHeld()} can be true. */
  LEADING,
  /** Renewing ended (deadline missed or run cancelled); releasing if configured, then stopping. */
  STOPPING,
  /** {@code run} returned (after {@code onStoppedLeading}). Terminal. */
  STOPPED;

  /** Whether this state may be followed by {@code next}. */
  public boolean canMoveTo(ElectorState next) {
    return switch (this) {
      case NEW -> next == ACQUIRING;
      case ACQUIRING -> Set.of(LEADING, STOPPED).contains(next);
      case LEADING -> next == STOPPING;
      case STOPPING -> next == STOPPED;
      case STOPPED -> false;
    };
  }
}
