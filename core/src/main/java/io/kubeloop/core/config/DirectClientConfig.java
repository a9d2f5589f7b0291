package io.kubeloop.core.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.core.config.KubeConfig.Cluster;
import io.kubeloop.core.config.KubeConfig.NamedCluster;
import io.kubeloop.core.config.KubeConfig.NamedContext;
import io.kubeloop.core.config.KubeConfig.NamedExtension;
import io.kubeloop.core.config.KubeConfig.NamedUser;
import io.kubeloop.core.config.KubeConfig.User;
import io.kubeloop.core.tls.KeyMaterial;
import io.kubeloop.core.tls.KeySource;
import io.kubeloop.core.tls.Pem;
import io.kubeloop.core.tls.TlsConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a merged kubeconfig and a context into a {@link ClientConfig}: Java counterpart of client-go
 * {@code tools/clientcmd/client_config.go} ({@code DirectClientConfig.ClientConfig}) with the checks of
 * {@code validation.go} ({@code ConfirmUsable}).
 *
 * <ol>
 *   <li>Pick the context: override, else the explicitly requested one, else {@code current-context}.
 *   <li>Find its cluster and user (a name that does not exist is an error naming the context and the file).
 *   <li>Cluster: server URL, CA (data wins over file), {@code insecure-skip-tls-verify}, {@code tls-server-name}.
 *   <li>User (only for an {@code https} server, as in client-go): client certificate and key (data wins over
 *       file), then one of exec plugin, token with tokenFile, tokenFile, token, basic auth.
 *   <li>Namespace: override, else the context's, else the in-cluster namespace when running in a pod, else
 *       {@code default}.
 * </ol>
 *
 * <p>Differences from client-go: {@code impersonation} ({@code as}, ...) and {@code auth-provider} are refused
 * with an error rather than half-supported; a client certificate that has already expired is an error at load
 * time; {@code proxy-url} must be an {@code http://} proxy, since the JDK's {@code HttpClient} cannot use
 * {@code https://} or {@code socks5://} ones (see {@link HttpProxy}).
 */
final class DirectClientConfig {
  private static final System.Logger LOG = System.getLogger(DirectClientConfig.class.getName());

  private final LoadingRules.Loaded loaded;
  private final KubeConfigLoader env;

  DirectClientConfig(LoadingRules.Loaded loaded, KubeConfigLoader env) {
    this.loaded = loaded;
    this.env = env;
  }

  ClientConfig build(String requestedContext, ConfigOverrides overrides) {
    KubeConfig config = loaded.config();
    String files = loaded.describeFiles();
    // 1. Context.
    String contextName = !KubeConfig.blank(overrides.context()) ? overrides.context()
        : !KubeConfig.blank(requestedContext) ? requestedContext : config.currentContext();
    if (KubeConfig.blank(contextName)) {
      throw new ConfigException("no context chosen: current-context is not set in " + files + " and no context was "
          + "requested; set current-context (kubectl config use-context NAME); contexts: " + names(config.contexts()));
    }
    NamedContext named = LoadingRules.byName(config.contexts()).get(contextName);
    if (named == null || named.context() == null) {
      throw new ConfigException("context was not found for specified context: " + contextName + " (in " + files
          + "); choose one of " + names(config.contexts()) + " or add the context");
    }
    KubeConfig.Context context = named.context();
    String where = "context \"" + contextName + "\" in " + origin(loaded.contextOrigin(), contextName);
    // 2. Cluster and user.
    String clusterName = !KubeConfig.blank(overrides.cluster()) ? overrides.cluster() : context.cluster();
    if (KubeConfig.blank(clusterName)) {
      throw new ConfigException(where + " names no cluster; set contexts[].context.cluster");
    }
    NamedCluster namedCluster = LoadingRules.byName(config.clusters()).get(clusterName);
    if (namedCluster == null) {
      throw new ConfigException(where + " names cluster \"" + clusterName + "\", which does not exist in " + files
          + "; add it under clusters or fix contexts[].context.cluster (clusters: " + names(config.clusters()) + ")");
    }
    String userName = !KubeConfig.blank(overrides.user()) ? overrides.user() : context.user();
    User user = null;
    if (!KubeConfig.blank(userName)) {
      NamedUser namedUser = LoadingRules.byName(config.users()).get(userName);
      if (namedUser == null) {
        throw new ConfigException(where + " names user \"" + userName + "\", which does not exist in " + files
            + "; add it under users or fix contexts[].context.user (users: " + names(config.users()) + ")");
      }
      user = namedUser.user();
    }
    Cluster cluster = overrides.apply(namedCluster.cluster() == null
        ? new Cluster(null, null, null, null, null, null, null, null) : namedCluster.cluster());
    String clusterWhere = "cluster \"" + clusterName + "\" in " + origin(loaded.clusterOrigin(), clusterName);
    // 3. Cluster settings.
    URI server = server(cluster, clusterWhere);
    String description = "cluster \"" + clusterName + "\" (" + server + ")";
    ClientConfig.Builder builder = ClientConfig.builder(server)
        .source("kubeconfig " + files + " context " + contextName);
    builder.proxy(proxy(cluster, clusterWhere, server));
    if ("https".equals(server.getScheme())) {
      // 4. User and TLS, for https only (client-go never sends credentials over plain http).
      List<X509Certificate> cas = certificateAuthorities(cluster, clusterWhere);
      if (cluster.insecure() && !cas.isEmpty()) {
        throw new ConfigException(clusterWhere + ": specifying a root certificates file with the insecure flag is not "
            + "allowed; remove insecure-skip-tls-verify or certificate-authority(-data)");
      }
      String userWhere = "user \"" + userName + "\" in " + origin(loaded.userOrigin(), userName);
      Credentials creds = user == null ? new Credentials(CredentialProvider.NONE, KeySource.NONE)
          : credentials(user, userName, userWhere, cluster, server, cas);
      TlsConfig tls = new TlsConfig(cas, cluster.insecure(), cluster.tlsServerName(), creds.keys(), description);
      builder.sslContext(tls.sslContext()).sslParameters(tls.sslParameters()).insecure(cluster.insecure())
          .credentials(creds.provider());
    } else if (user != null && hasCredentials(user)) {
      LOG.log(Level.WARNING, () -> "server " + server + " of " + clusterWhere + " is plain http: the credentials of "
          + "user \"" + userName + "\" are not sent (as in client-go)");
    }
    // 5. Namespace.
    String namespace = !KubeConfig.blank(overrides.namespace()) ? overrides.namespace() : context.namespace();
    if (KubeConfig.blank(namespace) && InClusterConfig.possible(env.env(), env.root())) {
      namespace = InClusterConfig.namespace(env.env(), env.root());
    }
    return builder.namespace(namespace).build();
  }

  private record Credentials(CredentialProvider provider, KeySource keys) {}

  private static boolean hasCredentials(User u) {
    return !KubeConfig.blank(u.token()) || !KubeConfig.blank(u.tokenFile()) || !KubeConfig.blank(u.username())
        || !KubeConfig.blank(u.clientCertificate()) || !KubeConfig.blank(u.clientCertificateData())
        || u.exec() != null;
  }

  private static URI server(Cluster cluster, String where) {
    String s = cluster.server();
    if (KubeConfig.blank(s)) {
      throw new ConfigException("no server found for " + where + "; set clusters[].cluster.server to the API "
          + "server's URL, e.g. https://127.0.0.1:6443");
    }
    if (!s.contains("://")) {
      s = "https://" + s; // rest.DefaultServerURL: a bare host:port means https when TLS is possible
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new ConfigException("server \"" + cluster.server() + "\" of " + where + " is not a URL (" + e.getReason()
          + "); set clusters[].cluster.server to e.g. https://127.0.0.1:6443");
    }
    if (uri.getRawUserInfo() != null) {
      // Not quoted: the user info is a password. Kept, it would show in every log line and error naming the server.
      throw new ConfigException("server of " + where + " carries credentials in its URL (user:password@); remove "
          + "them from clusters[].cluster.server and put them in the user instead (token, client certificate, or "
          + "username and password)");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new ConfigException("server \"" + cluster.server() + "\" of " + where + " must be an http or https URL "
          + "with a host, e.g. https://127.0.0.1:6443");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }
    return uri;
  }

  /*
   * The cluster's proxy-url for every request (client-go's http.ProxyURL), else the environment's. client-go's
   * TestProxyURL: http, https and socks5 are valid proxy-urls, anything else an error; the JDK can use only http.
   */
  private HttpProxy proxy(Cluster cluster, String where, URI server) {
    String p = cluster.proxyUrl();
    if (KubeConfig.blank(p)) {
      return new ProxyFromEnvironment(env.env()).forServer(server);
    }
    URI uri = null;
    try {
      uri = new URI(p);
    } catch (URISyntaxException ignored) {
      // reported below
    }
    String scheme = uri == null ? null : uri.getScheme();
    if (scheme != null && List.of("http", "https", "socks5").contains(scheme) && uri.getHost() == null) {
      // The scheme is fine but java.net.URI found no host: typically a password with an unencoded '#', '/', '?' or
      // '@', or a port that is not a number. Never quote the URL: it may hold that password.
      throw new ConfigException("invalid 'proxy-url' of " + where + ": not a " + scheme + " URL with a host and "
          + "numeric port; percent-encode any '#', '/', '?' or '@' in the user name or password (e.g. '#' as "
          + "%23), as in " + scheme + "://user:p%23ss@proxy.example:3128");
    }
    if (scheme == null || uri.getHost() == null || !List.of("http", "https", "socks5").contains(scheme)) {
      throw new ConfigException("invalid 'proxy-url' of " + where + ": unsupported scheme \"" + (scheme == null ? ""
          : scheme) + "\", must be http, https, or socks5 (e.g. http://proxy.example:3128)");
    }
    try {
      return HttpProxy.of(uri);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("unusable 'proxy-url' of " + where + ": " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificateAuthorities(Cluster cluster, String where) {
    String data = cluster.certificateAuthorityData();
    String file = cluster.certificateAuthority();
    if (!KubeConfig.blank(data)) {
      if (!KubeConfig.blank(file)) {
        LOG.log(Level.WARNING, () -> "certificate-authority-data and certificate-authority are both specified for "
            + where + ". certificate-authority-data will override.");
      }
      return parse(() -> Pem.certificates(base64(data, "certificate-authority-data of " + where),
          "certificate-authority-data of " + where));
    }
    if (!KubeConfig.blank(file)) {
      byte[] bytes = readFile(Path.of(file), "certificate-authority", where);
      return parse(() -> Pem.certificates(bytes, "certificate-authority " + file + " of " + where));
    }
    return List.of();
  }

  private Credentials credentials(User user, String name, String where, Cluster cluster, URI server,
      List<X509Certificate> cas) {
    if (user.authProvider() != null && !user.authProvider().isNull()) {
      throw new ConfigException(where + " uses auth-provider, which kubeloop does not support (client-go removed the "
          + "built-in providers); switch the user to an exec plugin (users[].user.exec)");
    }
    if (!KubeConfig.blank(user.impersonate()) || !KubeConfig.blank(user.impersonateUid())
        || user.impersonateGroups() != null || user.impersonateUserExtra() != null) {
      throw new ConfigException(where + " asks for impersonation (as, as-uid, as-groups, as-user-extra), which "
          + "kubeloop does not support yet; remove those fields or use a kubeconfig user without them");
    }
    boolean token = !KubeConfig.blank(user.token()) || !KubeConfig.blank(user.tokenFile());
    boolean basic = !KubeConfig.blank(user.username()) || !KubeConfig.blank(user.password());
    if (token && basic) {
      throw new ConfigException("more than one authentication method found for " + where + "; found [token "
          + "basicAuth], only one is allowed; remove token/tokenFile or username/password");
    }
    // 4a. Client certificate from the kubeconfig.
    KeySource fileKeys = KeySource.NONE;
    KeyMaterial material = keyMaterial(user, where);
    if (material != null) {
      fileKeys = KeySource.of(material);
    }
    // 4b. Exactly one source of the Authorization header.
    if (user.exec() != null) {
      ObjectNode clusterInfo = Boolean.TRUE.equals(user.exec().provideClusterInfo())
          ? clusterInfo(cluster, server, cas) : null;
      ExecPlugin plugin = new ExecPlugin(user.exec(), name, env.env(), clusterInfo, env.stdinIsTerminal());
      ExecCredentialProvider exec = new ExecCredentialProvider(plugin, env.clock(), fileKeys);
      return new Credentials(exec, exec);
    }
    if (!KubeConfig.blank(user.tokenFile())) {
      TokenFileCredentials file = new TokenFileCredentials(Path.of(user.tokenFile()), env.clock(), user.token(),
          "tokenFile of " + where);
      try {
        file.readNow();
      } catch (IOException e) {
        if (KubeConfig.blank(user.token())) {
          throw new ConfigException(e.getMessage(), e);
        }
        LOG.log(Level.WARNING, () -> e.getMessage() + "; using the token field until the file can be read");
      }
      return new Credentials(file, fileKeys);
    }
    if (!KubeConfig.blank(user.token())) {
      return new Credentials(new BearerToken(user.token()), fileKeys);
    }
    if (basic) {
      return new Credentials(new BasicAuth(user.username(), user.password()), fileKeys);
    }
    return new Credentials(CredentialProvider.NONE, fileKeys);
  }

  private static KeyMaterial keyMaterial(User user, String where) {
    boolean hasCert = !KubeConfig.blank(user.clientCertificate()) || !KubeConfig.blank(user.clientCertificateData());
    boolean hasKey = !KubeConfig.blank(user.clientKey()) || !KubeConfig.blank(user.clientKeyData());
    if (!hasCert && !hasKey) {
      return null;
    }
    if (!hasKey) {
      throw new ConfigException("client-key-data or client-key must be specified for " + where + " to use the "
          + "clientCert authentication method.");
    }
    if (!hasCert) {
      throw new ConfigException("client-cert-data or client-cert must be specified for " + where + " to use the "
          + "clientCert authentication method.");
    }
    if (!KubeConfig.blank(user.clientCertificate()) && !KubeConfig.blank(user.clientCertificateData())) {
      LOG.log(Level.WARNING, () -> "client-cert-data and client-cert are both specified for " + where
          + ". client-cert-data will override.");
    }
    if (!KubeConfig.blank(user.clientKey()) && !KubeConfig.blank(user.clientKeyData())) {
      LOG.log(Level.WARNING, () -> "client-key-data and client-key are both specified for " + where
          + ". client-key-data will override.");
    }
    String certWhat;
    byte[] cert;
    if (!KubeConfig.blank(user.clientCertificateData())) {
      certWhat = "client-certificate-data of " + where;
      cert = base64(user.clientCertificateData(), certWhat);
    } else {
      certWhat = "client-certificate " + user.clientCertificate() + " of " + where;
      cert = readFile(Path.of(user.clientCertificate()), "client-certificate", where);
    }
    String keyWhat;
    byte[] key;
    if (!KubeConfig.blank(user.clientKeyData())) {
      keyWhat = "client-key-data of " + where;
      key = base64(user.clientKeyData(), keyWhat);
    } else {
      keyWhat = "client-key " + user.clientKey() + " of " + where;
      key = readFile(Path.of(user.clientKey()), "client-key", where);
    }
    KeyMaterial material = parse(() -> KeyMaterial.of(cert, certWhat, key, keyWhat));
    if (material.notAfter().isBefore(Instant.now())) {
      throw new ConfigException(certWhat + " expired at " + material.notAfter() + " (subject "
          + material.certificate().getSubjectX500Principal().getName() + "); renew the client certificate");
    }
    return material;
  }

  /* spec.cluster of KUBERNETES_EXEC_INFO, field order as client-go's clientauthentication/v1.Cluster. */
  private static ObjectNode clusterInfo(Cluster cluster, URI server, List<X509Certificate> cas) {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("server", server.toString());
    if (!KubeConfig.blank(cluster.tlsServerName())) {
      info.put("tls-server-name", cluster.tlsServerName());
    }
    if (cluster.insecure()) {
      info.put("insecure-skip-tls-verify", true);
    }
    byte[] ca = caBytes(cluster);
    if (ca != null && ca.length > 0) {
      info.put("certificate-authority-data", Base64.getEncoder().encodeToString(ca));
    }
    if (!KubeConfig.blank(cluster.proxyUrl())) {
      info.put("proxy-url", cluster.proxyUrl());
    }
    if (Boolean.TRUE.equals(cluster.disableCompression())) {
      info.put("disable-compression", true);
    }
    for (NamedExtension e : cluster.extensions()) {
      if ("client.authentication.k8s.io/exec".equals(e.name()) && e.extension() != null) {
        info.set("config", e.extension());
      }
    }
    return info;
  }

  private static byte[] caBytes(Cluster cluster) {
    if (!KubeConfig.blank(cluster.certificateAuthorityData())) {
      return Base64.getMimeDecoder().decode(cluster.certificateAuthorityData());
    }
    if (!KubeConfig.blank(cluster.certificateAuthority())) {
      try {
        return Files.readAllBytes(Path.of(cluster.certificateAuthority()));
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  static byte[] base64(String data, String what) {
    try {
      return Base64.getMimeDecoder().decode(data.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(what + " is not valid base64; it must be the base64 encoding of PEM data "
          + "(base64 -w0 < file.pem)");
    }
  }

  private static byte[] readFile(Path file, String field, String where) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("unable to read " + field + " " + file + " for " + where + " due to "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
          + "; fix the path (relative paths are relative to the kubeconfig file) or the file's permissions", e);
    }
  }

  private interface Parse<T> {
    T get();
  }

  private static <T> T parse(Parse<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static String origin(Map<String, Path> origins, String name) {
    return Optional.ofNullable(name == null ? null : origins.get(name)).map(Path::toString)
        .orElse("(merged kubeconfig)");
  }

  private static String names(List<? extends KubeConfig.Named> entries) {
    return entries.stream().map(KubeConfig.Named::name).toList().toString();
  }
}
