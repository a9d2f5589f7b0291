package io.kubeloop.examples.leaderelection;

import io.kubeloop.core.api.Lease;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.examples.cli.Command;
import io.kubeloop.examples.cli.GoDuration;
import io.kubeloop.examples.cli.SignalContext;
import io.kubeloop.examples.embedded.Clusters;
import io.kubeloop.lease.LeaderCallbacks;
import io.kubeloop.lease.LeaderElectionConfig;
import io.kubeloop.lease.LeaderElector;
import io.kubeloop.lease.LeaseLock;
import io.kubeloop.lease.LeaseTiming;
import java.lang.System.Logger.Level;
import io.kubeloop.examples.cli.FlagException;
import io.kubeloop.examples.cli.Flags;
import java.time.Duration;
import java.util.UUID;

/**
 * Java counterpart of client-go's {@code examples/leader-election/main.go}, flag for flag: candidates with
 * different {@code --id}s compete for one Lease; the winner logs its controller loop, the others log who leads.
 *
 * <p>Differences from the Go example: the lease timings are flags (the Go example hard-codes 60s/15s/5s, which
 * are the defaults here), release-on-cancel can be turned off, and {@code --watch-follower} lets standbys watch
 * the Lease instead of only polling (the lease module's extension beyond client-go). As in Go, a candidate that
 * loses the lease exits: in Go {@code OnStoppedLeading} calls {@code os.Exit(0)}; here the command returns 0.
 * Without {@code --kubeconfig} the Go example uses the in-cluster config; this one uses client-go's default
 * loading rules ({@code KUBECONFIG}, {@code ~/.kube/config}, then in-cluster).
 */
public final class LeaderElectionCommand implements Command {
  private static final System.Logger LOG = System.getLogger(LeaderElectionCommand.class.getName());

  /** The parsed command line. */
  record Options(String kubeconfig, String id, String leaseLockName, String leaseLockNamespace,
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, boolean releaseOnCancel,
      boolean watchFollower) {}

  @Override
  public String name() {
    return "leader-election";
  }

  @Override
  public String summary() {
    return "client-go's leader-election example, flag for flag: candidates share a Lease";
  }

  static Options parse(String[] args) throws Exception {
    Flags flags = new Flags("leader-election", """
        Java counterpart of client-go's examples/leader-election. Run three with different --id values in three
        terminals; stop the leader (Ctrl-C) and watch another take over.""");
    Flags.Flag<String> kubeconfig = flags.string("kubeconfig", "", "absolute path to the kubeconfig file");
    Flags.Flag<String> id = flags.string("id", "", "the holder identity name (default: a random UUID)");
    Flags.Flag<String> leaseLockName = flags.string("lease-lock-name", "", "the lease lock resource name");
    Flags.Flag<String> leaseLockNamespace = flags.string("lease-lock-namespace", "", "the lease lock resource namespace");
    Flags.Flag<Duration> leaseDuration = flags.duration("lease-duration", Duration.ofSeconds(60),
        "how long a standby waits without seeing the lease change before it takes over");
    Flags.Flag<Duration> renewDeadline = flags.duration("renew-deadline", Duration.ofSeconds(15),
        "how long the leader keeps retrying to renew before it gives up leadership");
    Flags.Flag<Duration> retryPeriod = flags.duration("retry-period", Duration.ofSeconds(5),
        "how long candidates wait between attempts");
    Flags.Flag<Boolean> releaseOnCancel = flags.bool("release-on-cancel", true,
        "release the lease on SIGINT/SIGTERM so a standby takes over at once");
    Flags.Flag<Boolean> watchFollower = flags.bool("watch-follower", false,
        "standbys watch the Lease and try at once when it is released or expires, instead of only polling");
    flags.parse(args);
    flags.requireNoArgs();
    // client-go's example: klog.Fatal with exactly these texts.
    if (leaseLockName.get().isEmpty()) {
      throw new FlagException("unable to get lease lock resource name (missing lease-lock-name flag).");
    }
    if (leaseLockNamespace.get().isEmpty()) {
      throw new FlagException("unable to get lease lock resource namespace (missing lease-lock-namespace flag).");
    }
    String identity = id.get().isEmpty() ? UUID.randomUUID().toString() : id.get();
    return new Options(kubeconfig.get(), identity, leaseLockName.get(), leaseLockNamespace.get(),
        leaseDuration.get(), renewDeadline.get(), retryPeriod.get(), releaseOnCancel.get(), watchFollower.get());
  }

  @Override
  public int run(String[] args) throws Exception {
    Options o = parse(args);
    LeaseTiming timing;
    try {
      timing = new LeaseTiming(o.leaseDuration(), o.renewDeadline(), o.retryPeriod());
    } catch (IllegalArgumentException e) {
      // client-go's RunOrDie would panic with this message; a bad command line deserves exit status 2.
      throw new FlagException(e.getMessage() + " (--lease-duration=" + GoDuration.format(o.leaseDuration())
          + " --renew-deadline=" + GoDuration.format(o.renewDeadline()) + " --retry-period="
          + GoDuration.format(o.retryPeriod()) + ")");
    }
    ClientConfig config = Clusters.config(o.kubeconfig());
    LOG.log(Level.INFO, "leader election candidate id=" + o.id() + " lease=" + o.leaseLockNamespace() + "/"
        + o.leaseLockName() + " server=" + config.server());
    // The hook waits for the release: renew deadline is the release's own timeout, plus a little.
    try (SignalContext signals = new SignalContext(o.renewDeadline().plusSeconds(2));
        KubeClient client = KubeClient.create(config)) {
      LeaderElector elector = LeaderElector.create(config(o, timing, client));
      elector.run(signals.context());
    }
    return 0;
  }

  static LeaderElectionConfig config(Options o, LeaseTiming timing, KubeClient client) {
    ResourceClient<Lease> leases = client.resource(Lease.TYPE);
    // client-go's NewFromKubeconfig: max(1s, renewDeadline/2) per request, so one hung call cannot eat the deadline.
    Duration requestTimeout = o.renewDeadline().dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
        ? Duration.ofSeconds(1) : o.renewDeadline().dividedBy(2);
    LeaseLock lock = LeaseLock.builder(leases, o.leaseLockNamespace(), o.leaseLockName(), o.id())
        .requestTimeout(requestTimeout)
        .build();
    String id = o.id();
    LeaderCallbacks callbacks = LeaderCallbacks.of(
        leading -> {
          // client-go's example: run(ctx) logs once, then "select {}" until the context ends.
          LOG.log(Level.INFO, "Controller loop...");
          try {
            leading.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        () -> LOG.log(Level.INFO, "leader lost: " + id))
        .withOnNewLeader(identity -> {
          if (identity.equals(id)) {
            return;   // we just got the lock
          }
          if (identity.isEmpty()) {
            // Go logs "new leader elected: " with nothing after it here; say what happened instead.
            LOG.log(Level.INFO, "lease released by its holder; candidates may take it now");
            return;
          }
          LOG.log(Level.INFO, "new leader elected: " + identity);
        });
    return LeaderElectionConfig.builder()
        .lock(lock)
        .timing(timing)
        .releaseOnCancel(o.releaseOnCancel())
        .watchFollowers(o.watchFollower())
        .callbacks(callbacks)
        .build();
  }
}
