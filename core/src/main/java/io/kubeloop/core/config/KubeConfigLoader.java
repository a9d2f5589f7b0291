package io.kubeloop.core.config;

import io.kubeloop.core.clock.Clock;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds and builds a {@link ClientConfig}: Java counterpart of client-go {@code tools/clientcmd}'s deferred loading
 * ({@code NewNonInteractiveDeferredLoadingClientConfig} over {@code NewDefaultClientConfigLoadingRules}) and of
 * {@code rest.InClusterConfig}.
 *
 * <p>Everything the outside world contributes is injected, so tests need no real environment: the environment
 * variables ({@code KUBECONFIG}, {@code KUBERNETES_SERVICE_*}, {@code POD_NAMESPACE}, and the parent environment of
 * exec plugins), the home directory ({@code ~/.kube/config}), the file-system root under which the service-account
 * files are found, the {@link Clock} that times token re-reads and exec credential expiry, and whether standard
 * input is a terminal (exec {@code interactiveMode}).
 *
 * <pre>{@code
 * ClientConfig config = KubeConfigLoader.system().load();               // like kubectl with no flags
 * ClientConfig test = KubeConfigLoader.builder().env(Map.of("KUBECONFIG", path.toString())).home(tmp).build().load();
 * }</pre>
 *
 * <p>Immutable and thread-safe; each call reads the files again.
 */
public final class KubeConfigLoader {
  private static final System.Logger LOG = System.getLogger(KubeConfigLoader.class.getName());

  private final Map<String, String> env;
  private final Path home;
  private final Path root;
  private final Clock clock;
  private final boolean stdinIsTerminal;
  private final ConfigOverrides overrides;

  private KubeConfigLoader(Builder b) {
    this.env = Map.copyOf(b.env);
    this.home = b.home != null ? b.home : defaultHome(env);
    this.root = b.root;
    this.clock = b.clock;
    this.stdinIsTerminal = b.stdinIsTerminal;
    this.overrides = b.overrides;
  }

  /** The real process: {@code System.getenv()}, the user's home, {@code /}, the system clock. */
  public static KubeConfigLoader system() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * client-go's default loading: the merged {@code KUBECONFIG} files or {@code ~/.kube/config}; if they configure
   * nothing and this process runs in a pod, the in-cluster configuration.
   *
   * @throws ConfigException if nothing is configured at all, or if the configuration is broken
   */
  public ClientConfig load() {
    return detect().orElseThrow(() -> new ConfigException("no configuration has been provided: "
        + describeRules() + " and this is not a pod (KUBERNETES_SERVICE_HOST/PORT and the service account token "
        + "are missing); create a kubeconfig (e.g. kind create cluster, or kubectl config), point KUBECONFIG at "
        + "one, or run in a cluster"));
  }

  /**
   * Like {@link #load()}, but tells "nothing configured" (empty: no kubeconfig file, or only empty ones, and not
   * in a pod) from "configured but broken" (throws). Programs that can fall back to something else, such as an
   * embedded API server, use this.
   *
   * @throws ConfigException if a configuration exists but cannot be used
   */
  public Optional<ClientConfig> detect() {
    LoadingRules.Loaded loaded = LoadingRules.defaults(env, home).load();
    if (loaded.config().isEmpty() && KubeConfig.blank(overrides.server())) {
      if (InClusterConfig.possible(env, root)) {
        LOG.log(Level.DEBUG, "no kubeconfig found; using the in-cluster configuration");
        return Optional.of(inCluster());
      }
      return Optional.empty();
    }
    return Optional.of(new DirectClientConfig(loaded, this).build(null, overrides));
  }

  /** Only {@code file} (the {@code --kubeconfig} flag), its current context. The file must exist. */
  public ClientConfig fromKubeconfig(Path file) {
    return fromKubeconfig(file, null);
  }

  /** Only {@code file}, context {@code context} (null for the file's {@code current-context}). */
  public ClientConfig fromKubeconfig(Path file, String context) {
    LoadingRules.Loaded loaded = LoadingRules.explicit(file).load();
    return new DirectClientConfig(loaded, this).build(context, overrides);
  }

  /** The in-cluster configuration; fails with client-go's message outside a pod. */
  public ClientConfig inCluster() {
    return InClusterConfig.build(env, root, clock);
  }

  /** Whether {@link #inCluster()} can work here (client-go's check: env variables and the token file). */
  public boolean inClusterPossible() {
    return InClusterConfig.possible(env, root);
  }

  /** The merged kubeconfig of the default loading rules, for tools that want to show or pick contexts. */
  public KubeConfig kubeConfig() {
    return LoadingRules.defaults(env, home).load().config();
  }

  /** The files the default loading rules would read, in order (client-go's {@code GetLoadingPrecedence}). */
  public List<Path> precedence() {
    return LoadingRules.defaults(env, home).precedence();
  }

  Map<String, String> env() {
    return env;
  }

  Path root() {
    return root;
  }

  Clock clock() {
    return clock;
  }

  boolean stdinIsTerminal() {
    return stdinIsTerminal;
  }

  private String describeRules() {
    String kubeconfig = env.get("KUBECONFIG");
    return KubeConfig.blank(kubeconfig) ? "no kubeconfig at " + home.resolve(".kube").resolve("config")
        : "no usable kubeconfig in KUBECONFIG=" + kubeconfig;
  }

  /* client-go homedir.HomeDir: $HOME, then the Windows variables, then the JVM's idea. */
  private static Path defaultHome(Map<String, String> env) {
    if (!KubeConfig.blank(env.get("HOME"))) {
      return Path.of(env.get("HOME"));
    }
    if (!KubeConfig.blank(env.get("USERPROFILE"))) {
      return Path.of(env.get("USERPROFILE"));
    }
    if (!KubeConfig.blank(env.get("HOMEDRIVE")) && !KubeConfig.blank(env.get("HOMEPATH"))) {
      return Path.of(env.get("HOMEDRIVE") + env.get("HOMEPATH"));
    }
    return Path.of(System.getProperty("user.home"));
  }

  @Override
  public String toString() {
    return "KubeConfigLoader[home=" + home + ", root=" + root + ", KUBECONFIG=" + env.get("KUBECONFIG") + "]";
  }

  /** Configures a {@link KubeConfigLoader}; every setting defaults to the real process. */
  public static final class Builder {
    private Map<String, String> env = System.getenv();
    private Path home;
    private Path root = Path.of("/");
    private Clock clock = Clock.system();
    private boolean stdinIsTerminal = System.console() != null;
    private ConfigOverrides overrides = ConfigOverrides.none();

    private Builder() {}

    /** The environment variables; default {@code System.getenv()}. Also the parent environment of exec plugins. */
    public Builder env(Map<String, String> value) {
      this.env = Objects.requireNonNull(value, "env");
      return this;
    }

    /** The home directory holding {@code .kube/config}; default {@code $HOME} (client-go's rules), then user.home. */
    public Builder home(Path value) {
      this.home = Objects.requireNonNull(value, "home");
      return this;
    }

    /** The root under which {@code var/run/secrets/kubernetes.io/serviceaccount} is found; default {@code /}. */
    public Builder root(Path value) {
      this.root = Objects.requireNonNull(value, "root");
      return this;
    }

    /** Times token file re-reads and exec credential expiry; default {@link Clock#system()}. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Whether standard input is a terminal, for exec {@code interactiveMode}; default {@code System.console() != null}. */
    public Builder stdinIsTerminal(boolean value) {
      this.stdinIsTerminal = value;
      return this;
    }

    /** Command-line style overrides ({@code --context}, {@code --server}, ...); default none. */
    public Builder overrides(ConfigOverrides value) {
      this.overrides = Objects.requireNonNull(value, "overrides");
      return this;
    }

    public KubeConfigLoader build() {
      return new KubeConfigLoader(this);
    }
  }
}
