package io.kubeloop.examples.embedded;

import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.core.config.ConfigException;
import io.kubeloop.examples.cli.FlagException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** How the examples find their API server: {@code --kubeconfig}, else client-go's default loading rules. */
public final class Clusters {
  private Clusters() {}

  /**
   * The configuration for {@code --kubeconfig} (empty: the default rules).
   *
   * @throws FlagException when the file does not exist or nothing is configured, saying what to do
   * @throws ConfigException when a configuration exists but is broken (its message says how)
   */
  public static ClientConfig config(String kubeconfig) throws FlagException {
    return detect(kubeconfig).orElseThrow(() -> new FlagException("no cluster configured: no --kubeconfig, no "
        + "KUBECONFIG, no ~/.kube/config and not in a pod; pass --kubeconfig=<file> (the apiserver subcommand "
        + "writes one: java -jar examples/target/kubeloop-examples.jar apiserver --kubeconfig-out=kubeloop.kubeconfig)"));
  }

  /** Like {@link #config}, but empty when nothing at all is configured, so the caller can start the embedded default. */
  public static Optional<ClientConfig> detect(String kubeconfig) throws FlagException {
    if (kubeconfig != null && !kubeconfig.isEmpty()) {
      Path file = Path.of(kubeconfig);
      if (!Files.isRegularFile(file)) {
        throw new FlagException("invalid value \"" + kubeconfig + "\" for flag --kubeconfig: no such file; "
            + "give the path of a kubeconfig file, or leave the flag out to use the default rules");
      }
      return Optional.of(ClientConfig.fromKubeconfig(file));
    }
    return ClientConfig.detect();
  }
}
