package io.kubeloop.testing.apiserver;

import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.core.config.CredentialProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * An embedded, in-memory Kubernetes API server that speaks the real HTTP API of Kubernetes 1.32 on a loopback
 * port: the server of kubeloop's tests, of the examples' embedded default, and of users' tests. The real
 * {@code kubectl} works against it. What it models and what it simplifies is listed in {@code testing/README.md};
 * the specification is {@code shared/reference/apiserver.md}. Plays the role envtest's etcd + kube-apiserver pair
 * plays for Go controllers, without any external process.
 *
 * <pre>{@code
 * try (ApiServer server = ApiServer.start()) {                         // HTTP on a free loopback port
 *   server.writeKubeconfig(Path.of("kubeconfig"));                    // for kubectl or a client
 *   server.faults().failNext(1, r -> r.method().equals("PUT"), 409);
 *   server.requests().all();                                          // what the code under test sent
 * }
 * try (ApiServer secure = ApiServer.builder().tls(true).start()) {
 *   Credentials alice = secure.addCertificateUser("alice");           // or addTokenUser("bob")
 * }
 * }</pre>
 *
 * <p>Identity: over HTTPS, a client certificate's subject CN or a known bearer token; anything else gets 401.
 * Over HTTP, a known bearer token, else the {@code User-Agent} header. Identities drive {@link Faults#partition}
 * and appear in {@link RecordedRequest#identity()}.
 *
 * <p>Threads: each request runs on a daemon thread named {@code kubeloop-apiserver-http-N} (a watch holds its
 * thread while open); follow-up work of the built-in controllers runs on {@code kubeloop-apiserver-controllers}.
 * {@link #close()} ends every watch, stops all threads and releases the port. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
  /** Default number of retained changes for watch resume and exact lists. */
  public static final int DEFAULT_HISTORY_WINDOW = 10_000;
  /** Default bookmark cadence, as the real watch cache (about a minute). */
  public static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofMinutes(1);

  private final Builder config;
  private final EmbeddedServer engine;
  private final Faults faults;
  private final RequestLog log = new RequestLog();
  private final Credentials admin;
  private final SecureRandom random = new SecureRandom();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ApiServer(Builder config) throws IOException {
    this.config = config;
    EmbeddedServer[] self = new EmbeddedServer[1];
    this.faults = new Faults(() -> self[0].compact());
    this.engine = new EmbeddedServer(new EmbeddedServer.Settings(config.port, config.tls, config.historyWindow,
        config.bookmarkInterval, config.watchLifetime, config.watchQueueCapacity, config.clock), hooks());
    self[0] = engine;
    this.admin = config.tls ? addCertificateUser("kubeloop-admin", true) : null;
  }

  /** Connects the engine to the request log and the faults. */
  private ServerHooks hooks() {
    return new ServerHooks() {
      @Override
      public void record(RecordedRequest request) {
        log.add(request);
      }

      @Override
      public Duration latency(RecordedRequest request) {
        return faults.latencyFor(request);
      }

      @Override
      public Failure failure(RecordedRequest request) {
        return faults.failureFor(request);
      }

      @Override
      public CountDownLatch partition(String identity) {
        return faults.partitionLatch(identity);
      }

      @Override
      public void watchOpened(OpenWatch watch) {
        faults.watchOpened(watch);
      }

      @Override
      public void watchClosed(OpenWatch watch) {
        faults.watchClosed(watch);
      }
    };
  }

  /** Starts a plain-HTTP server on a free loopback port with the defaults. */
  public static ApiServer start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  private ApiServer startInternal() {
    engine.start();
    return this;
  }

  /** The bound port. */
  public int port() {
    return engine.port();
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}, without a trailing slash. */
  public String url() {
    return (config.tls ? "https" : "http") + "://127.0.0.1:" + port();
  }

  public boolean isTls() {
    return config.tls;
  }

  /** The CA certificate (PEM) that signed the serving certificate; {@code null} without TLS. */
  public String caCertificatePem() {
    return engine.caPem();
  }

  /** Fault injection for this server. */
  public Faults faults() {
    return faults;
  }

  /** Every request received so far. */
  public RequestLog requests() {
    return log;
  }

  /** The current global resourceVersion (the last committed write). */
  public long resourceVersion() {
    return engine.resourceVersion();
  }

  /** Registers a new user authenticated by a random bearer token. Works over HTTP and HTTPS. */
  public Credentials addTokenUser(String user) {
    Objects.requireNonNull(user, "user");
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    engine.addToken(token, user);
    return new Credentials(user, token, null, null);
  }

  /** Issues a client certificate for {@code user} (subject CN). Requires TLS. */
  public Credentials addCertificateUser(String user) {
    return addCertificateUser(user, false);
  }

  private Credentials addCertificateUser(String user, boolean admin) {
    if (!config.tls) {
      throw new IllegalStateException("client certificates need TLS; build the server with tls(true)");
    }
    EmbeddedServer.ClientCertificate issued = engine.issueClientCertificate(user, admin);
    return new Credentials(user, null, issued.certificatePem(), issued.keyPem());
  }

  /** The administrator's credentials: a client certificate with TLS, {@code null} for plain HTTP (no auth). */
  public Credentials adminCredentials() {
    return admin;
  }

  /**
   * An {@link SSLContext} for a JDK client of this server that trusts its CA and, for a certificate user,
   * presents that user's certificate. Requires TLS.
   */
  public SSLContext clientSslContext(Credentials credentials) {
    if (!config.tls) {
      throw new IllegalStateException("this server has no TLS; build it with tls(true)");
    }
    return engine.clientSslContext(credentials == null || credentials.certificatePem() == null ? null
        : credentials.user());
  }

  /**
   * A resolved client configuration for the administrator (no credentials over HTTP; the admin client
   * certificate over HTTPS), namespace {@code default}: what a kubeloop client or informer under test needs.
   */
  public ClientConfig clientConfig() {
    return clientConfig(admin);
  }

  /** A resolved client configuration for {@code user} ({@code null}: no credentials, fine over HTTP). */
  public ClientConfig clientConfig(Credentials user) {
    ClientConfig.Builder b = ClientConfig.builder(URI.create(url())).namespace("default")
        .source("embedded ApiServer " + url());
    if (config.tls) {
      b.sslContext(clientSslContext(user));
    }
    if (user != null && user.token() != null) {
      String header = "Bearer " + user.token();
      b.credentials(new CredentialProvider() {
        @Override
        public Optional<String> authorization() {
          return Optional.of(header);
        }

        @Override
        public String toString() {
          return "token for " + user.user();
        }
      });
    }
    return b.build();
  }

  /** A kubeconfig (YAML) for the administrator: context {@code kubeloop}, namespace {@code default}. */
  public String kubeconfigYaml() {
    return kubeconfigYaml(admin);
  }

  /** A kubeconfig (YAML) for the given user ({@code null}: no credentials, fine over HTTP). */
  public String kubeconfigYaml(Credentials user) {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: v1\nkind: Config\nclusters:\n- name: kubeloop\n  cluster:\n")
        .append("    server: ").append(url()).append('\n');
    if (config.tls) {
      y.append("    certificate-authority-data: ")
          .append(b64.encodeToString(engine.caPem().getBytes(StandardCharsets.US_ASCII))).append('\n');
    }
    String userName = user == null ? "kubeloop" : user.user();
    y.append("contexts:\n- name: kubeloop\n  context:\n    cluster: kubeloop\n    user: ").append(userName)
        .append("\n    namespace: default\ncurrent-context: kubeloop\nusers:\n- name: ").append(userName)
        .append('\n');
    if (user == null) {
      y.append("  user: {}\n");
    } else if (user.token() != null) {
      y.append("  user:\n    token: ").append(user.token()).append('\n');
    } else {
      y.append("  user:\n    client-certificate-data: ")
          .append(b64.encodeToString(user.certificatePem().getBytes(StandardCharsets.US_ASCII)))
          .append("\n    client-key-data: ")
          .append(b64.encodeToString(user.keyPem().getBytes(StandardCharsets.US_ASCII))).append('\n');
    }
    return y.toString();
  }

  /** Writes {@link #kubeconfigYaml()} to {@code file} (owner-readable only where the file system allows). */
  public Path writeKubeconfig(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, kubeconfigYaml());
      try {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig to " + file + ": " + e.getMessage()
          + "; choose a writable path", e);
    }
  }

  /** Ends every watch, stops the HTTP threads and the controllers, and releases the port. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    faults.reset();
    engine.close();
  }

  @Override
  public String toString() {
    return "ApiServer[" + url() + "]";
  }

  /**
   * Configuration of an {@link ApiServer}. Defaults: a free port, plain HTTP, history of
   * {@value #DEFAULT_HISTORY_WINDOW} changes, bookmarks every minute, watches that live 30 to 60 minutes, the
   * system clock.
   */
  public static final class Builder {
    int port;
    boolean tls;
    int historyWindow = DEFAULT_HISTORY_WINDOW;
    Duration bookmarkInterval = DEFAULT_BOOKMARK_INTERVAL;
    Duration watchLifetime;
    int watchQueueCapacity = 10_000;
    Clock clock = Clock.system();

    private Builder() {}

    /** The port to bind on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("expected a port in 0..65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    /** HTTPS with a generated CA, client-certificate and bearer-token authentication. Default {@code false}. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** How many changes are retained for watch resume and exact lists; older ones get 410 Expired. */
    public Builder historyWindow(int changes) {
      if (changes < 1) {
        throw new IllegalArgumentException("expected historyWindow >= 1 but was " + changes);
      }
      this.historyWindow = changes;
      return this;
    }

    /** How often a watch that allows bookmarks gets one, on the server's clock. Default one minute. */
    public Builder bookmarkInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("expected a positive bookmarkInterval but was " + interval);
      }
      this.bookmarkInterval = interval;
      return this;
    }

    /**
     * How long a watch without {@code timeoutSeconds} stays open, on the server's clock. Default: random 30 to
     * 60 minutes, as the real server ({@code kubectl get -w} exits when the stream ends).
     */
    public Builder watchLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("expected a positive watchLifetime but was " + lifetime);
      }
      this.watchLifetime = lifetime;
      return this;
    }

    /** How many undelivered events a watch may fall behind before the server ends it. Default 10 000. */
    public Builder watchQueueCapacity(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("expected watchQueueCapacity >= 1 but was " + events);
      }
      this.watchQueueCapacity = events;
      return this;
    }

    /** The clock for timestamps, bookmarks and watch lifetimes. Default {@link Clock#system()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Creates the server, binds its port and starts serving.
     *
     * @throws UncheckedIOException naming the port if it cannot be bound
     */
    public ApiServer start() {
      try {
        return new ApiServer(this).startInternal();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind the embedded API server to 127.0.0.1:" + port + ": "
            + e.getMessage() + "; choose another port or 0 for a free one", e);
      }
    }
  }
}
