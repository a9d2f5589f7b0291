package io.kubeloop.examples.apiserver;

import io.kubeloop.examples.cli.Command;
import io.kubeloop.examples.cli.FlagException;
import io.kubeloop.examples.cli.Flags;
import io.kubeloop.examples.cli.SignalContext;
import io.kubeloop.examples.embedded.EmbeddedCluster;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code apiserver}: the embedded API server of {@code testing} as a program, on a port, with a kubeconfig
 * written for {@code kubectl} and for the other examples' {@code --kubeconfig}. Runs until SIGINT/SIGTERM.
 * The counterpart of running envtest's kube-apiserver by hand.
 */
public final class ApiServerCommand implements Command {
  @Override
  public String name() {
    return "apiserver";
  }

  @Override
  public String summary() {
    return "the embedded API server on a port, with a kubeconfig for kubectl (--port P --kubeconfig-out F)";
  }

  @Override
  public int run(String[] args) throws Exception {
    Flags flags = new Flags("apiserver", """
        Serves the embedded, in-memory Kubernetes API server until Ctrl-C. kubectl and the other subcommands'
        --kubeconfig work against it.""");
    Flags.Flag<Integer> port = flags.integer("port", 6443, "the port to listen on (127.0.0.1); 0 picks a free one");
    Flags.Flag<String> out = flags.string("kubeconfig-out", "kubeloop.kubeconfig", "where to write the kubeconfig");
    Flags.Flag<Boolean> tls = flags.bool("tls", true, "serve HTTPS with a generated CA and an admin client certificate");
    Flags.Flag<Boolean> crd = flags.bool("install-vm-crd", true, "install the VirtualMachine CRD (examples/deploy/01-crd.yaml)");
    flags.parse(args);
    flags.requireNoArgs();
    if (port.get() < 0 || port.get() > 65535) {
      throw new FlagException("invalid value \"" + port.get() + "\" for flag --port: expected 0..65535");
    }
    try (SignalContext signals = new SignalContext(Duration.ofSeconds(5));
        EmbeddedCluster cluster = start(port.get(), tls.get(), Path.of(out.get()), crd.get())) {
      printHowToUse(System.out, cluster);
      signals.context().await();
      System.out.println("stopping the embedded API server");
    }
    return 0;
  }

  private static EmbeddedCluster start(int port, boolean tls, Path out, boolean crd) throws Exception {
    try {
      return EmbeddedCluster.start(port, tls, out, crd);
    } catch (java.io.UncheckedIOException e) {
      // The server's message names the port and says to choose another; the flag is --port.
      throw new FlagException(e.getMessage() + " (--port)");
    }
  }

  /** What to type next: the same lines the embedded default of vm-controller prints. */
  public static void printHowToUse(PrintStream out, EmbeddedCluster cluster) {
    Path kubeconfig = cluster.kubeconfig();
    out.println("embedded API server listening on " + cluster.server().url());
    out.println("kubeconfig written to " + kubeconfig);
    out.println();
    out.println("  export KUBECONFIG=" + kubeconfig + " KUBECACHEDIR=" + kubeconfig.getParent().resolve(".kube-cache"));
    out.println("  kubectl get vm -A -w                           # watch the VirtualMachines");
    out.println("  kubectl apply -f examples/deploy/samples/      # create three VMs");
    out.println("  kubectl describe vm web-1                      # status and events");
    out.println("  kubectl get lease -A                           # who leads");
    out.println();
  }
}
