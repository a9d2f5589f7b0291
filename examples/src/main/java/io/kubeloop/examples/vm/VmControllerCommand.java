package io.kubeloop.examples.vm;

import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.examples.apiserver.ApiServerCommand;
import io.kubeloop.examples.cli.Command;
import io.kubeloop.examples.cli.FlagException;
import io.kubeloop.examples.cli.Flags;
import io.kubeloop.examples.cli.GoDuration;
import io.kubeloop.examples.cli.SignalContext;
import io.kubeloop.examples.cli.Version;
import io.kubeloop.examples.embedded.Clusters;
import io.kubeloop.examples.embedded.EmbeddedCluster;
import io.kubeloop.examples.metrics.OpsServer;
import io.kubeloop.examples.vm.backend.FileVmBackend;
import io.kubeloop.examples.vm.backend.InMemoryVmBackend;
import io.kubeloop.examples.vm.backend.VmBackend;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code vm-controller}: the VirtualMachine controller as a program, sample-controller's {@code main.go} with
 * leader election around it. Flags as a Kubernetes controller takes them; with no cluster configured it starts
 * the embedded API server (the embedded default), installs the CRD, creates the sample VMs and prints how to
 * point {@code kubectl} at it.
 */
public final class VmControllerCommand implements Command {
  private static final System.Logger LOG = System.getLogger(VmControllerCommand.class.getName());

  /** The parsed command line. */
  public record Options(String kubeconfig, int threads, boolean leaderElect, String holderIdentity,
      String leaseLockName, String leaseLockNamespace, Duration resync, String metricsAddr,
      Duration backendLatency, double backendFailureRate, Duration backendProvisioning, String kubeconfigOut,
      boolean samples, String backendState) {}

  @Override
  public String name() {
    return "vm-controller";
  }

  @Override
  public String summary() {
    return "the VirtualMachine controller (embedded API server when no cluster is configured)";
  }

  static Options parse(String[] args) throws Exception {
    Flags flags = new Flags("vm-controller", """
        Reconciles VirtualMachines (cloudnative.czs/v1alpha1, kubectl get vm) against an in-memory server backend.
        With no --kubeconfig, no KUBECONFIG, no ~/.kube/config and not in a pod, it starts an embedded API server.""");
    Flags.Flag<String> kubeconfig = flags.string("kubeconfig", "", "path to a kubeconfig; default: KUBECONFIG, ~/.kube/config, in-cluster, else embedded");
    Flags.Flag<Integer> threads = flags.integer("threads", 2, "worker threads reconciling VMs in parallel");
    Flags.Flag<Boolean> leaderElect = flags.bool("leader-elect", true, "elect a leader among replicas; only the leader reconciles");
    Flags.Flag<String> holder = flags.string("holder-identity", "", "this replica's name in the Lease (default: $POD_NAME, else <host name>-<pid>, so replicas on one machine differ)");
    Flags.Flag<String> leaseName = flags.string("lease-lock-name", "kubeloop-vm", "the Lease used for leader election");
    Flags.Flag<String> leaseNamespace = flags.string("lease-lock-namespace", "", "the Lease's namespace (default: the kubeconfig context's or pod's namespace)");
    Flags.Flag<Duration> resync = flags.duration("resync", Duration.ofSeconds(30), "how often every VM is reconciled again (refreshes usage)");
    Flags.Flag<String> metricsAddr = flags.string("metrics-addr", ":8080", "where to serve /metrics, /healthz and /readyz; 0 turns them off");
    Flags.Flag<Boolean> version = flags.bool("version", false, "print the version and exit");
    Flags.Flag<Duration> latency = flags.duration("backend-latency", Duration.ofMillis(100), "latency of every backend call");
    Flags.Flag<String> failureRate = flags.string("backend-failure-rate", "0", "probability (0..1) that a backend call fails");
    Flags.Flag<Duration> provisioning = flags.duration("backend-provisioning", Duration.ofSeconds(2), "how long a new server stays Creating");
    Flags.Flag<String> backendState = flags.string("backend-state", "",
        "keep the backend's servers in this JSON file, shared by every process given the same file (default: in memory)");
    Flags.Flag<String> kubeconfigOut = flags.string("kubeconfig-out",
        Path.of(System.getProperty("java.io.tmpdir"), "kubeloop", "kubeloop.kubeconfig").toString(),
        "embedded default only: where to write the kubeconfig for kubectl");
    Flags.Flag<Boolean> samples = flags.bool("samples", true, "embedded default only: create the sample VMs of examples/deploy/samples");
    flags.parse(args);
    flags.requireNoArgs();
    if (version.get()) {
      return null;
    }
    if (threads.get() < 1) {
      throw new FlagException("invalid value \"" + threads.get() + "\" for flag --threads: expected at least 1 worker");
    }
    double rate = failureRate(failureRate.get());
    if (latency.get().isNegative()) {
      throw new FlagException("invalid value \"" + GoDuration.format(latency.get())
          + "\" for flag --backend-latency: expected 0 or a positive duration such as 100ms");
    }
    if (provisioning.get().isNegative()) {
      throw new FlagException("invalid value \"" + GoDuration.format(provisioning.get())
          + "\" for flag --backend-provisioning: expected 0 or a positive duration such as 2s");
    }
    if (resync.get().isNegative()) {
      throw new FlagException("invalid value for flag --resync: expected 0 (off) or a positive duration such as 30s");
    }
    if (!metricsAddr.get().equals("0")) {
      try {
        OpsServer.parseAddress(metricsAddr.get());
      } catch (IllegalArgumentException e) {
        throw new FlagException("invalid value \"" + metricsAddr.get() + "\" for flag --metrics-addr: " + e.getMessage());
      }
    }
    return new Options(kubeconfig.get(), threads.get(), leaderElect.get(), holder.get(), leaseName.get(),
        leaseNamespace.get(), resync.get(), metricsAddr.get(), latency.get(), rate, provisioning.get(),
        kubeconfigOut.get(), samples.get(), backendState.get());
  }

  /** The value of {@code --backend-failure-rate}, a probability. */
  public static double failureRate(String value) throws FlagException {
    double rate;
    try {
      rate = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      rate = -1;
    }
    if (!(rate >= 0 && rate <= 1)) {
      throw new FlagException("invalid value \"" + value + "\" for flag --backend-failure-rate: expected a number from 0 to 1, such as 0.2");
    }
    return rate;
  }

  @Override
  public int run(String[] args) throws Exception {
    Options o = parse(args);
    if (o == null) {
      System.out.println("vm-controller " + Version.get());
      return 0;
    }
    Optional<ClientConfig> detected = Clusters.detect(o.kubeconfig());
    EmbeddedCluster embedded = null;
    ClientConfig config;
    if (detected.isPresent()) {
      config = detected.get();
    } else {
      System.out.println("no cluster configured: starting the embedded API server (see --help for --kubeconfig)");
      embedded = EmbeddedCluster.start(0, true, Path.of(o.kubeconfigOut()), true);
      ApiServerCommand.printHowToUse(System.out, embedded);
      config = embedded.clientConfig();
    }
    try (SignalContext signals = new SignalContext(Duration.ofSeconds(15))) {
      InMemoryVmBackend.Options backendOptions = new InMemoryVmBackend.Options(
          o.backendLatency(), o.backendFailureRate(), o.backendProvisioning(), System.nanoTime());
      VmBackend backend = o.backendState().isEmpty()
          ? new InMemoryVmBackend(Clock.system(), backendOptions)
          : new FileVmBackend(Path.of(o.backendState()), Clock.system(), backendOptions);
      Replica.Result result = Replica.run(signals.context(), config, backend, o, identity(o),
          embedded == null || !o.samples() ? null : embedded);
      return result == Replica.Result.LOST_LEADERSHIP && !signals.signalled() ? 1 : 0;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  static String identity(Options o) {
    if (!o.holderIdentity().isEmpty()) {
      return o.holderIdentity();
    }
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isEmpty()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (java.net.UnknownHostException e) {
      return "vm-controller-" + ProcessHandle.current().pid();
    }
  }
}
