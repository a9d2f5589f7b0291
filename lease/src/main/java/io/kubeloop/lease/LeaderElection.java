package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * Entry points that run an elector: client-go {@code tools/leaderelection/leaderelection.go} ({@code RunOrDie}),
 * and, explicitly, a loop for callers who want to stand again after losing.
 *
 * <p>client-go's elector is one-shot: after leadership is lost, {@code Run} returns and the usual reaction is to
 * exit the process, so that no code from the old term keeps running. {@link #runOrDie} keeps that model.
 * {@link #runAgainAfterLosing} is for programs that can reliably stop all leader work when the leader's context
 * is cancelled; it runs a fresh elector per term, and the callbacks of each term run as for one elector
 * ({@code onStoppedLeading} after every term, led or not).
 */
public final class LeaderElection {
  private static final System.Logger LOG = System.getLogger(LeaderElection.class.getName());

  private LeaderElection() {}

  /**
   * {@code RunOrDie}: validates (the config already is; exceptions are client-go's panic), sets the elector on
   * {@code healthz} if given, and runs it once.
   */
  public static LeaderElector runOrDie(Context context, LeaderElectionConfig config, LeaderHealthzAdaptor healthz) {
    LeaderElector elector = LeaderElector.create(config);
    if (healthz != null) {
      healthz.setLeaderElection(elector);
    }
    elector.run(context);
    return elector;
  }

  /**
   * Runs one elector after another until {@code context} is cancelled: each term is a new {@link LeaderElector}
   * on the same config (and lock), started after a pause of {@code config.timing().retryPeriod()} on the config's
   * clock, so a candidate that lost does not hammer the server. Returns when {@code context} is cancelled or the
   * thread is interrupted.
   */
  public static void runAgainAfterLosing(Context context, LeaderElectionConfig config, LeaderHealthzAdaptor healthz) {
    Objects.requireNonNull(context, "context");
    Clock clock = config.clock();
    Duration pause = config.timing().retryPeriod();
    while (!context.isCancelled() && !Thread.currentThread().isInterrupted()) {
      runOrDie(context, config, healthz);
      if (context.isCancelled()) {
        return;
      }
      LOG.log(Level.INFO, () -> "leader election term ended, standing again lock=" + config.lock().describe());
      try {
        if (!clock.sleep(pause, context)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
