package io.kubeloop.core.tls;

import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS settings of one cluster and user, turned into the JDK's {@link SSLContext} and {@link SSLParameters}:
 * Java counterpart of client-go {@code transport/transport.go} ({@code TLSConfigFor}) over
 * {@code transport.TLSConfig}.
 *
 * <ul>
 *   <li>Trust: exactly {@link #certificateAuthorities()}; when none are configured, the JDK's default trust store
 *       (client-go: the system roots). Verification is done by a trust manager of our own, which also honours
 *       {@link #serverName()} and says which check failed.
 *   <li>{@code insecure}: any server certificate is accepted. Only allowed without CAs (client-go: "specifying a
 *       root certificates file with the insecure flag is not allowed"); a WARNING naming the server is logged
 *       when the context is built.
 *   <li>Client certificate: asked of {@link #clientKeys()} at every full handshake; cached sessions are dropped
 *       when the source rotates, so a resumed session never carries an old identity.
 *   <li>Protocols: TLS 1.3 and 1.2 (client-go's minimum is 1.2).
 * </ul>
 *
 * <p>{@code tls-server-name} and SNI: verification uses {@link #serverName()} instead of the URL's host (see
 * {@code VerifyingTrustManager}), and the server name is sent as SNI. {@link #sslParameters()} carries it, but the
 * JDK {@code HttpClient} replaces the SNI with the URL's host whenever that host is a DNS name; so when a server
 * name is configured, {@link #sslContext()} wraps the context's engines to put it back (see
 * {@code ServerNameEngine}). An IP address cannot be sent as SNI, as in Go.
 *
 * @param description names the cluster in errors and warnings, e.g. {@code cluster "kind" (https://127.0.0.1:6443)}
 */
public record TlsConfig(List<X509Certificate> certificateAuthorities, boolean insecure, String serverName,
    KeySource clientKeys, String description) {
  private static final System.Logger LOG = System.getLogger(TlsConfig.class.getName());

  public TlsConfig {
    certificateAuthorities = List.copyOf(certificateAuthorities);
    serverName = serverName == null || serverName.isEmpty() ? null : serverName;
    clientKeys = clientKeys == null ? KeySource.NONE : clientKeys;
    Objects.requireNonNull(description, "description");
    if (insecure && !certificateAuthorities.isEmpty()) {
      throw new IllegalArgumentException("specifying a root certificates file with the insecure flag is not allowed"
          + " (" + description + "); remove insecure-skip-tls-verify or the certificate-authority");
    }
  }

  /** A new context trusting exactly the configured authorities (or everything, if insecure). */
  public SSLContext sslContext() {
    TrustManager trust;
    if (insecure) {
      LOG.log(Level.WARNING, "TLS certificate verification is DISABLED for " + description
          + " (insecure-skip-tls-verify: true): anyone on the network path can impersonate this API server");
      trust = new InsecureTrustManager();
    } else {
      trust = new VerifyingTrustManager(certificateAuthorities, serverName, description);
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new ClientKeyManager(clientKeys)}, new TrustManager[] {trust}, null);
      clientKeys.onRotation(() -> forgetSessions(context));
      if (serverName != null && !ServerNames.isIpLiteral(serverName)) {
        return ServerNameEngine.wrap(context, List.of(new SNIHostName(serverName)));
      }
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context for " + description + ": " + e, e);
    }
  }

  /*
   * A resumed TLS session does not present a client certificate again; the server keeps the identity of the
   * session. After a rotation every cached client session is invalidated, so the next connection does a full
   * handshake with the new certificate (client-go closes its connections instead; Go does not resume by default).
   */
  private static void forgetSessions(SSLContext context) {
    SSLSessionContext sessions = context.getClientSessionContext();
    for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements(); ) {
      SSLSession session = sessions.getSession(ids.nextElement());
      if (session != null) {
        session.invalidate();
      }
    }
  }

  /** TLS 1.3/1.2, and SNI set to {@link #serverName()} when it is a DNS name. */
  public SSLParameters sslParameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    if (serverName != null && !ServerNames.isIpLiteral(serverName)) {
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
    }
    return parameters;
  }

  @Override
  public String toString() {
    return "TlsConfig[" + description + ", authorities=" + certificateAuthorities.size() + (insecure ? ", INSECURE" : "")
        + (serverName == null ? "" : ", serverName=" + serverName) + "]";
  }
}
