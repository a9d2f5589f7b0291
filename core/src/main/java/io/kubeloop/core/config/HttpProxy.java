package io.kubeloop.core.config;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client reaches its API server: through an HTTP proxy, directly, or as the JVM's own proxy settings say.
 * The counterpart of client-go's {@code rest.Config.Proxy}; since a kubeloop client talks to one server, the choice
 * is made once, when the {@link ClientConfig} is built, rather than per request.
 *
 * <p>Where the choice comes from, as in client-go: the kubeconfig cluster's {@code proxy-url}, which applies to every
 * request; otherwise {@code HTTPS_PROXY}/{@code HTTP_PROXY} and {@code NO_PROXY} from the environment, as Go's
 * {@code http.ProxyFromEnvironment} reads them (see {@link ProxyFromEnvironment}); otherwise the JVM's default
 * {@link ProxySelector} ({@code -Dhttps.proxyHost} and friends), which is direct unless the JVM was told otherwise.
 * Go has no such third source; it is kept so that a JVM configured for a proxy still uses it.
 *
 * <p>Differences from client-go, all from the JDK's {@link HttpClient}: the proxy must be an {@code http://} one
 * (requests to an {@code https} server still travel inside an end-to-end TLS tunnel opened with {@code CONNECT});
 * {@code https://} and {@code socks5://} proxies are refused with an error that says so. Credentials in the proxy
 * URL ({@code http://user:password@proxy:3128}) are sent as {@code Proxy-Authorization: Basic}, as Go does, on every
 * request to an {@code http} server and on the {@code CONNECT} for an {@code https} one; the JDK sends that header on
 * a {@code CONNECT} only when the JVM runs with {@code -Djdk.http.auth.tunneling.disabledSchemes=} (empty), and
 * {@link ClientConfig.Builder#build()} fails with that fix otherwise. The header never reaches the API server inside
 * the tunnel. (Not the JDK's {@code Authenticator}: installing one makes the JDK turn every {@code 401} without a
 * {@code WWW-Authenticate} header into an {@code IOException}, which would break the client's own 401 handling.)
 * {@link #toString()} never shows the credentials.
 */
public final class HttpProxy {
  private static final HttpProxy DIRECT = new HttpProxy(null, null);
  private static final HttpProxy JVM_DEFAULT = new HttpProxy(null, null);

  private final URI uri;
  /** {@code Basic base64(user:password)}, or null without credentials. Never shown. */
  private final String authorization;

  private HttpProxy(URI uri, String authorization) {
    this.uri = uri;
    this.authorization = authorization;
  }

  /** Every request goes straight to the server, whatever the environment or the JVM say. */
  public static HttpProxy direct() {
    return DIRECT;
  }

  /** The JVM's default {@link ProxySelector} decides (direct unless {@code -Dhttps.proxyHost} and the like are set). */
  public static HttpProxy jvmDefault() {
    return JVM_DEFAULT;
  }

  /**
   * Every request goes through the HTTP proxy at {@code url}, e.g. {@code http://proxy.example:3128}, optionally with
   * {@code user:password@} (percent-encoded where needed). The port defaults to 80.
   *
   * @throws IllegalArgumentException if {@code url} is not an {@code http} URL with a host (the message says why)
   */
  public static HttpProxy of(URI url) {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    String shown = redact(url);
    switch (scheme) {
      case "http" -> { }
      case "https" -> throw new IllegalArgumentException("proxy " + shown + " is an https:// proxy, which the JDK's "
          + "HttpClient cannot use (it speaks only plain HTTP to a proxy); use the proxy's http:// address: requests "
          + "to an https server still pass through it inside an encrypted CONNECT tunnel");
      case "socks5" -> throw new IllegalArgumentException("proxy " + shown + " is a SOCKS proxy, which the JDK's "
          + "HttpClient cannot use; use an HTTP proxy (http://host:port) instead");
      default -> throw new IllegalArgumentException("proxy " + shown + " has scheme \"" + scheme + "\"; expected an "
          + "http:// URL such as http://proxy.example:3128");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("proxy " + shown + " has no host; expected e.g. http://proxy.example:3128");
    }
    if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")
        || url.getRawQuery() != null) {
      throw new IllegalArgumentException("proxy " + shown + " has a path or query, which a proxy address cannot use; "
          + "expected just scheme, host and port, e.g. http://proxy.example:3128");
    }
    URI bare = URI.create("http://" + hostForUri(url.getHost()) + ":" + (url.getPort() < 0 ? 80 : url.getPort()));
    String info = url.getRawUserInfo();
    if (info == null) {
      return new HttpProxy(bare, null);
    }
    int colon = info.indexOf(':');
    String user = decode(colon < 0 ? info : info.substring(0, colon));
    String password = colon < 0 ? "" : decode(info.substring(colon + 1));
    return new HttpProxy(bare, "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** The proxy's address as {@code http://host:port}, without credentials; empty unless requests go through one. */
  public Optional<URI> uri() {
    return Optional.ofNullable(uri);
  }

  /** Whether the proxy URL carried credentials. */
  public boolean hasCredentials() {
    return authorization != null;
  }

  /** The {@code Proxy-Authorization} header value for the proxy's credentials: a secret, never to be logged. */
  public Optional<String> proxyAuthorization() {
    return Optional.ofNullable(authorization);
  }

  /** Whether requests go straight to the server by explicit choice (not the JVM default). */
  public boolean isDirect() {
    return this == DIRECT;
  }

  /** Applies this choice to an HTTP client being built (credentials are a header, see {@link #proxyAuthorization()}). */
  public void applyTo(HttpClient.Builder builder) {
    if (this == JVM_DEFAULT) {
      return;
    }
    if (uri == null) {
      builder.proxy(HttpClient.Builder.NO_PROXY);
      return;
    }
    builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort())));
  }

  @Override
  public String toString() {
    if (this == DIRECT) {
      return "direct";
    }
    if (this == JVM_DEFAULT) {
      return "JVM proxy settings";
    }
    return uri + (authorization == null ? "" : " (with credentials)");
  }

  /** Whether this JVM lets the JDK send Basic proxy credentials on a {@code CONNECT} (off by default since JDK 8u111). */
  static boolean basicAllowedOnTunnels() {
    String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes");
    if (disabled == null) {
      return false;
    }
    for (String scheme : disabled.split(",")) {
      if (scheme.trim().equalsIgnoreCase("basic")) {
        return false;
      }
    }
    return true;
  }

  /** The URL as it may be shown: credentials replaced by {@code ***}. */
  static String redact(URI url) {
    return redact(url.toString());
  }

  /**
   * A proxy address as it may be shown: everything between the scheme's {@code //} (or the start) and the last
   * {@code @} replaced by {@code ***}. Purely textual, not {@link URI#getRawUserInfo()}: a password with an
   * unencoded {@code #}, {@code /} or {@code ?} breaks the URL apart, and then the URI has no user info but its text
   * still holds the password. A path that contains {@code @} is hidden too, which costs nothing.
   */
  static String redact(String value) {
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return value;
    }
    int scheme = value.indexOf("//");
    int from = scheme >= 0 && scheme < at ? scheme + 2 : 0;
    return value.substring(0, from) + "***" + value.substring(at);
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
