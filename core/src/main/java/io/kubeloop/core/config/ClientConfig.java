package io.kubeloop.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A resolved, immutable client configuration: the Java counterpart of client-go's {@code rest.Config}. Where
 * the server is, how to trust it, how to authenticate, and the transport defaults. Built by the kubeconfig
 * loader, by the in-cluster loader, or directly with {@link #builder(URI)} (tests).
 *
 * <p>{@link #toString()} never shows credentials.
 */
public final class ClientConfig {
  /** client-go's default user agent shape, {@code <binary>/<version> (<os>/<arch>) kubernetes/<commit>}. */
  public static final String DEFAULT_USER_AGENT = "kubeloop/0.1 (" + System.getProperty("os.name", "unknown").toLowerCase()
      + "/" + System.getProperty("os.arch", "unknown") + ")";

  private final URI server;
  private final String namespace;
  private final SSLContext sslContext;
  private final SSLParameters sslParameters;
  private final boolean insecure;
  private final CredentialProvider credentials;
  private final String userAgent;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final String source;
  private final HttpProxy proxy;
  private final float qps;
  private final int burst;

  private ClientConfig(Builder b) {
    this.server = Objects.requireNonNull(b.server, "server");
    this.namespace = b.namespace == null || b.namespace.isEmpty() ? "default" : b.namespace;
    this.sslContext = b.sslContext;
    this.sslParameters = b.sslParameters;
    this.insecure = b.insecure;
    this.credentials = b.credentials == null ? CredentialProvider.NONE : b.credentials;
    this.userAgent = b.userAgent == null ? DEFAULT_USER_AGENT : b.userAgent;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.source = b.source;
    this.qps = b.qps;
    this.burst = b.burst;
    this.proxy = b.proxy != null ? b.proxy : new ProxyFromEnvironment(System.getenv()).forServer(server);
    if ("https".equals(server.getScheme()) && proxy.hasCredentials() && !HttpProxy.basicAllowedOnTunnels()) {
      throw new ConfigException("proxy " + proxy + " for " + server + " needs credentials, which the JDK sends on "
          + "the CONNECT that opens an https tunnel only when the JVM runs with "
          + "-Djdk.http.auth.tunneling.disabledSchemes= (empty; Basic is disabled there by default); start the JVM "
          + "with that option, or use a proxy that needs no credentials");
    }
  }

  public static Builder builder(URI server) {
    return new Builder().server(server);
  }

  /**
   * client-go's default loading rules for this process: the files in {@code KUBECONFIG} (merged, first wins) or
   * {@code ~/.kube/config}, and when they configure nothing, the in-cluster configuration if this is a pod.
   * Use {@link KubeConfigLoader#builder()} to inject the environment, home directory, clock or overrides.
   *
   * @throws ConfigException if nothing is configured, or the configuration is broken (the message says how)
   */
  public static ClientConfig load() {
    return KubeConfigLoader.system().load();
  }

  /**
   * As {@link #load()}, but empty when nothing at all is configured (no kubeconfig and not in a pod), so a
   * program can fall back, e.g. to an embedded API server. A configuration that exists but is broken still throws.
   *
   * @throws ConfigException if a configuration exists but cannot be used
   */
  public static Optional<ClientConfig> detect() {
    return KubeConfigLoader.system().detect();
  }

  /** Only {@code kubeconfig} (like {@code --kubeconfig}), with its {@code current-context}. */
  public static ClientConfig fromKubeconfig(Path kubeconfig) {
    return KubeConfigLoader.system().fromKubeconfig(kubeconfig);
  }

  /** Only {@code kubeconfig}, with {@code context} (like {@code --kubeconfig} with {@code --context}). */
  public static ClientConfig fromKubeconfig(Path kubeconfig, String context) {
    return KubeConfigLoader.system().fromKubeconfig(kubeconfig, context);
  }

  /** The configuration of a pod's service account ({@code rest.InClusterConfig}). */
  public static ClientConfig inCluster() {
    return KubeConfigLoader.system().inCluster();
  }

  /** A builder holding this configuration, to derive another ({@code rest.CopyConfig}). */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.server = server;
    b.namespace = namespace;
    b.sslContext = sslContext;
    b.sslParameters = sslParameters;
    b.insecure = insecure;
    b.credentials = credentials;
    b.userAgent = userAgent;
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.source = source;
    b.proxy = proxy;
    b.qps = qps;
    b.burst = burst;
    return b;
  }

  /** The API server's base URI, e.g. {@code https://10.0.0.1:6443}. */
  public URI server() {
    return server;
  }

  /** The default namespace: the context's namespace, the in-cluster namespace, or {@code default}. */
  public String namespace() {
    return namespace;
  }

  /** TLS context trusting exactly the cluster CA (and presenting the client certificate), or null for plain HTTP. */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** TLS parameters (SNI server name, protocols), or null for the JDK defaults. */
  public SSLParameters sslParameters() {
    return sslParameters;
  }

  /** Whether server certificates go unchecked ({@code insecure-skip-tls-verify}). Loud in the logs when true. */
  public boolean insecure() {
    return insecure;
  }

  public CredentialProvider credentials() {
    return credentials;
  }

  public String userAgent() {
    return userAgent;
  }

  /** TCP connect timeout; default 30 s as client-go's dialer. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Per-request timeout for non-watch requests; {@code null} for none ({@code rest.Config.Timeout} 0). */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Where this configuration came from, e.g. {@code kubeconfig /home/me/.kube/config context kind-kind}. */
  public String source() {
    return source;
  }

  /** Client-side requests per second, or 0 for no client-side throttling (the default; see {@link Builder#rateLimit}). */
  public float qps() {
    return qps;
  }

  /** How many requests may go at once before {@link #qps()} applies; 0 when there is no throttling. */
  public int burst() {
    return burst;
  }

  /**
   * How requests reach the server: through an HTTP proxy (the kubeconfig's {@code proxy-url}, or
   * {@code HTTPS_PROXY}/{@code HTTP_PROXY} and {@code NO_PROXY}), directly, or by the JVM's proxy settings.
   */
  public HttpProxy proxy() {
    return proxy;
  }

  @Override
  public String toString() {
    return "ClientConfig[server=" + server + ", namespace=" + namespace + ", tls=" + (sslContext != null)
        + (insecure ? ", INSECURE" : "") + ", credentials=" + credentials
        + (proxy.uri().isPresent() ? ", proxy=" + proxy : "") + (qps > 0 ? ", qps=" + qps + ", burst=" + burst : "")
        + ", source=" + source + "]";
  }

  /** Builds a {@link ClientConfig}; every setting but the server is optional. */
  public static final class Builder {
    private URI server;
    private String namespace;
    private SSLContext sslContext;
    private SSLParameters sslParameters;
    private boolean insecure;
    private CredentialProvider credentials;
    private String userAgent;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration requestTimeout;
    private String source = "explicit";
    private HttpProxy proxy;
    private float qps;
    private int burst;

    private Builder() {}

    /** The API server's base URL: {@code http} or {@code https}, without user info (credentials go elsewhere). */
    public Builder server(URI value) {
      if (value.getRawUserInfo() != null) {
        throw new IllegalArgumentException("expected a server URL without user info but it has some (user:password@"
            + value.getHost() + "); pass credentials with credentials(...), never in the URL, which is logged");
      }
      String scheme = value.getScheme();
      if (!"https".equals(scheme) && !"http".equals(scheme)) {
        throw new IllegalArgumentException("expected server URL scheme 'http' or 'https' but was '" + scheme + "' in " + value);
      }
      this.server = value;
      return this;
    }

    public Builder namespace(String value) {
      this.namespace = value;
      return this;
    }

    public Builder sslContext(SSLContext value) {
      this.sslContext = value;
      return this;
    }

    public Builder sslParameters(SSLParameters value) {
      this.sslParameters = value;
      return this;
    }

    public Builder insecure(boolean value) {
      this.insecure = value;
      return this;
    }

    public Builder credentials(CredentialProvider value) {
      this.credentials = value;
      return this;
    }

    public Builder userAgent(String value) {
      this.userAgent = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("expected a positive connectTimeout but was " + value);
      }
      this.connectTimeout = value;
      return this;
    }

    /** A timeout per non-watch request; null or zero for none. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value == null || value.isZero() ? null : value;
      return this;
    }

    public Builder source(String value) {
      this.source = value;
      return this;
    }

    /**
     * Throttles this client on its side: at most {@code burst} requests at once, then {@code qps} per second, every
     * attempt (retries too) taking a token; client-go's {@code rest.Config.QPS} and {@code Burst}. Off by default,
     * where client-go defaults to 5 and 10: see {@code RateLimitStage}. {@code rateLimit(0, 0)} turns it off.
     *
     * @throws IllegalArgumentException for a negative or non-finite qps, or a burst below 1 with a positive qps
     */
    public Builder rateLimit(float qps, int burst) {
      if (qps == 0 && burst == 0) {
        this.qps = 0;
        this.burst = 0;
        return this;
      }
      if (!(qps > 0) || Float.isInfinite(qps)) {
        throw new IllegalArgumentException("expected a client-side rate limit qps above 0 (e.g. 50) but was " + qps
            + "; rateLimit(0, 0) turns throttling off");
      }
      if (burst < 1) {
        throw new IllegalArgumentException("expected a client-side rate limit burst of at least 1 (e.g. 100) but was "
            + burst + "; with qps " + qps + " a burst below 1 would refuse every request");
      }
      this.qps = qps;
      this.burst = burst;
      return this;
    }

    /**
     * How requests reach the server (client-go's {@code rest.Config.Proxy}). Unset, the environment decides as in
     * client-go: {@code HTTPS_PROXY}/{@code HTTP_PROXY} and {@code NO_PROXY}, never for a loopback server, and
     * otherwise the JVM's proxy settings. See {@link HttpProxy}.
     */
    public Builder proxy(HttpProxy value) {
      this.proxy = Objects.requireNonNull(value, "proxy");
      return this;
    }

    /**
     * @throws ConfigException if the environment names a proxy this server would use that the JDK cannot use, or the
     *     proxy needs credentials the JDK will not send (the message names the variable or the option to set)
     */
    public ClientConfig build() {
      return new ClientConfig(this);
    }
  }
}
