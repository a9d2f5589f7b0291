package io.kubeloop.core.config;

import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.tls.Pem;
import io.kubeloop.core.tls.TlsConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * Configuration for a program running in a pod: Java counterpart of client-go {@code rest.InClusterConfig} and
 * clientcmd's {@code inClusterClientConfig} (namespace).
 *
 * <ul>
 *   <li>Server: {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT} (IPv6 hosts in brackets).
 *   <li>Token: {@code /var/run/secrets/kubernetes.io/serviceaccount/token}, read once now (failure is an error)
 *       and then re-read about once a minute by {@link TokenFileCredentials}, keeping the last good token.
 *   <li>CA: {@code .../ca.crt}; if it cannot be read or parsed, an error is logged and the JDK's default trust
 *       store is used, as client-go falls back to the system roots.
 *   <li>Namespace: {@code $POD_NAMESPACE}, else the trimmed {@code .../namespace} file, else {@code default}.
 * </ul>
 * All paths live under an injectable file-system root so tests need no real pod.
 */
final class InClusterConfig {
  private static final System.Logger LOG = System.getLogger(InClusterConfig.class.getName());

  static final String SERVICE_ACCOUNT = "var/run/secrets/kubernetes.io/serviceaccount";

  private InClusterConfig() {}

  /** client-go's "is in-cluster possible": both variables set and the token file exists and is a file. */
  static boolean possible(Map<String, String> env, Path root) {
    return !KubeConfig.blank(env.get("KUBERNETES_SERVICE_HOST")) && !KubeConfig.blank(env.get("KUBERNETES_SERVICE_PORT"))
        && Files.isRegularFile(root.resolve(SERVICE_ACCOUNT).resolve("token"));
  }

  /** The namespace of this pod, or null if neither {@code POD_NAMESPACE} nor the namespace file says. */
  static String namespace(Map<String, String> env, Path root) {
    String ns = env.get("POD_NAMESPACE");
    if (!KubeConfig.blank(ns)) {
      return ns;
    }
    try {
      String file = Files.readString(root.resolve(SERVICE_ACCOUNT).resolve("namespace")).trim();
      return file.isEmpty() ? null : file;
    } catch (IOException e) {
      return null;
    }
  }

  static ClientConfig build(Map<String, String> env, Path root, Clock clock) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.get("KUBERNETES_SERVICE_PORT");
    if (KubeConfig.blank(host) || KubeConfig.blank(port)) {
      throw new ConfigException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
          + "KUBERNETES_SERVICE_PORT must be defined; run inside a pod, or use a kubeconfig (KUBECONFIG or "
          + "~/.kube/config) outside a cluster");
    }
    URI server = URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    Path dir = root.resolve(SERVICE_ACCOUNT);
    Path tokenFile = dir.resolve("token");
    TokenFileCredentials token = new TokenFileCredentials(tokenFile, clock, null, "service account token");
    try {
      token.readNow();
    } catch (IOException e) {
      throw new ConfigException("unable to load in-cluster configuration: " + e.getMessage()
          + " (is automountServiceAccountToken false for this pod?)", e);
    }
    Path caFile = dir.resolve("ca.crt");
    List<X509Certificate> cas = List.of();
    try {
      cas = Pem.certificates(Files.readAllBytes(caFile), "in-cluster CA file " + caFile);
    } catch (IOException | IllegalArgumentException e) {
      LOG.log(Level.ERROR, () -> "Expected to load root CA config from " + caFile + ", but got err: " + e.getMessage()
          + "; the JDK's default trust store is used instead");
    }
    String description = "in-cluster API server " + server;
    TlsConfig tls = new TlsConfig(cas, false, null, null, description);
    String namespace = namespace(env, root);
    return ClientConfig.builder(server)
        .namespace(namespace)
        .sslContext(tls.sslContext())
        .sslParameters(tls.sslParameters())
        .credentials(token)
        .proxy(new ProxyFromEnvironment(env).forServer(server))
        .source("in-cluster (service account " + dir + ")")
        .build();
  }
}
