package io.kubeloop.core.config;

/**
 * Values given on a command line that take precedence over the kubeconfig: the subset of client-go
 * {@code tools/clientcmd/overrides.go} ({@code ConfigOverrides}) that controllers use ({@code --context},
 * {@code --cluster}, {@code --user}, {@code --namespace}, {@code --server}, {@code --tls-server-name},
 * {@code --insecure-skip-tls-verify}, {@code --certificate-authority}). Null means "not overridden".
 *
 * <p>client-go's precedence quirks are kept (see its §6 item 30): overriding {@code server} clears the file's
 * {@code tls-server-name} (replaced by {@link #tlsServerName()}, possibly none); overriding
 * {@code insecureSkipTlsVerify=true} or {@code certificateAuthority} clears the file's CA and insecure settings, so
 * the two never collide.
 *
 * <p>A named context, cluster or user that does not exist is an error, unlike a missing {@code current-context}.
 */
public record ConfigOverrides(String context, String cluster, String user, String namespace, String server,
    String tlsServerName, Boolean insecureSkipTlsVerify, String certificateAuthority) {

  /** Nothing overridden. */
  public static ConfigOverrides none() {
    return new ConfigOverrides(null, null, null, null, null, null, null, null);
  }

  public ConfigOverrides withContext(String value) {
    return new ConfigOverrides(value, cluster, user, namespace, server, tlsServerName, insecureSkipTlsVerify,
        certificateAuthority);
  }

  public ConfigOverrides withNamespace(String value) {
    return new ConfigOverrides(context, cluster, user, value, server, tlsServerName, insecureSkipTlsVerify,
        certificateAuthority);
  }

  public ConfigOverrides withServer(String value) {
    return new ConfigOverrides(context, cluster, user, namespace, value, tlsServerName, insecureSkipTlsVerify,
        certificateAuthority);
  }

  public ConfigOverrides withTlsServerName(String value) {
    return new ConfigOverrides(context, cluster, user, namespace, server, value, insecureSkipTlsVerify,
        certificateAuthority);
  }

  public ConfigOverrides withInsecureSkipTlsVerify(Boolean value) {
    return new ConfigOverrides(context, cluster, user, namespace, server, tlsServerName, value, certificateAuthority);
  }

  public ConfigOverrides withCertificateAuthority(String value) {
    return new ConfigOverrides(context, cluster, user, namespace, server, tlsServerName, insecureSkipTlsVerify,
        value);
  }

  public ConfigOverrides withCluster(String value) {
    return new ConfigOverrides(context, value, user, namespace, server, tlsServerName, insecureSkipTlsVerify,
        certificateAuthority);
  }

  public ConfigOverrides withUser(String value) {
    return new ConfigOverrides(context, cluster, value, namespace, server, tlsServerName, insecureSkipTlsVerify,
        certificateAuthority);
  }

  /** Applies the server and trust overrides to {@code cluster} with client-go's clearing rules. */
  KubeConfig.Cluster apply(KubeConfig.Cluster cluster) {
    KubeConfig.Cluster c = cluster;
    if (!KubeConfig.blank(server) || tlsServerName != null) {
      c = c.withServer(KubeConfig.blank(server) ? c.server() : server, tlsServerName);
    }
    if (Boolean.TRUE.equals(insecureSkipTlsVerify) || !KubeConfig.blank(certificateAuthority)) {
      c = c.withTrust(insecureSkipTlsVerify, KubeConfig.blank(certificateAuthority) ? null : certificateAuthority,
          null);
    }
    return c;
  }
}
