package io.kubeloop.lease;

import io.kubeloop.core.Context;
import java.util.function.Consumer;

/**
 * Java counterpart of client-go {@code tools/leaderelection/leaderelection.go} ({@code LeaderCallbacks}): what the
 * elector tells your code.
 *
 * <ul>
 *   <li>{@code onStartedLeading(context)} runs on a new thread named {@code leader-elector[ns/name]-leading} when
 *       this candidate becomes leader. Do the leader's work there. The context is cancelled when leadership ends
 *       (renew failed, or the run was cancelled); stop writing as soon as it is, and ask
 *       {@link LeaderElector#guard()} before each write if you need more than that. Return once it is cancelled:
 *       {@code run} waits for this callback to return (up to the renew deadline) before it calls
 *       {@code onStoppedLeading} (client-go does not wait).</li>
 *   <li>{@code onStoppedLeading()} runs on the thread that called {@link LeaderElector#run}, <b>always</b> when
 *       {@code run} returns, even if this candidate never led (client-go does the same). Often: exit the
 *       process, or stop the controller.</li>
 *   <li>{@code onNewLeader(identity)} (optional, may be {@code null}) runs asynchronously each time the observed
 *       holder changes, including to ourselves and to {@code ""} after a release. Reports may be missed for a
 *       holder that came and went between two observations, and their order across threads is not
 *       guaranteed.</li>
 * </ul>
 *
 * <p>Validation ({@link LeaderElectionConfig}) requires the first two, with client-go's messages
 * ({@code OnStartedLeading callback must not be nil}, {@code OnStoppedLeading callback must not be nil}).
 */
public record LeaderCallbacks(Consumer<Context> onStartedLeading, Runnable onStoppedLeading, Consumer<String> onNewLeader) {

  /** Callbacks without {@code onNewLeader}. */
  public static LeaderCallbacks of(Consumer<Context> onStartedLeading, Runnable onStoppedLeading) {
    return new LeaderCallbacks(onStartedLeading, onStoppedLeading, null);
  }

  public LeaderCallbacks withOnNewLeader(Consumer<String> value) {
    return new LeaderCallbacks(onStartedLeading, onStoppedLeading, value);
  }
}
