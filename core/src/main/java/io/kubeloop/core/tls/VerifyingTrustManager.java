package io.kubeloop.core.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies the API server's certificate: the chain against exactly the configured certificate authorities, then
 * the name. Counterpart of Go's {@code crypto/tls} verification with {@code tls.Config.RootCAs} and
 * {@code ServerName} as client-go's {@code transport.TLSConfigFor} sets them.
 *
 * <p>Why a trust manager of our own: the JDK {@code HttpClient} always checks the certificate against the host of
 * the request URL. A kubeconfig's {@code tls-server-name} asks for a different name (a cluster reached through an
 * IP address or a tunnel). The JDK does not add its own host check to an {@link X509ExtendedTrustManager}, so this
 * class validates the chain with the JDK's PKIX trust manager (without endpoint identification) and then checks the
 * leaf's subject alternative names against {@code tls-server-name} when set, else against the host the connection
 * was opened to. A second reason: the errors say which check failed (expired, wrong authority, wrong name) and
 * which cluster's settings to fix, instead of the JDK's "PKIX path building failed".
 *
 * <p>Validity dates are checked against the system time, as the JDK's PKIX validator does.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager pkix;
  private final List<X509Certificate> authorities;
  private final String serverName;
  private final String description;

  /**
   * @param authorities the only CAs to trust; empty for the JDK's default trust store (client-go: system roots)
   * @param serverName {@code tls-server-name}, or null to check the connection's host
   * @param description names the configuration in errors, e.g. {@code cluster "kind-kind"}
   */
  VerifyingTrustManager(List<X509Certificate> authorities, String serverName, String description) {
    this.authorities = List.copyOf(authorities);
    this.serverName = serverName == null || serverName.isEmpty() ? null : serverName;
    this.description = description;
    this.pkix = pkix(this.authorities);
  }

  private static X509ExtendedTrustManager pkix(List<X509Certificate> authorities) {
    try {
      KeyStore store = null;
      if (!authorities.isEmpty()) {
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < authorities.size(); i++) {
          store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager for PKIX");
    } catch (KeyStoreException | NoSuchAlgorithmException | CertificateException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a trust store: " + e, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verify(chain, authType, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String host = null;
    if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) {
      host = ssl.getHandshakeSession().getPeerHost();
    }
    verify(chain, authType, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    verify(chain, authType, null);
  }

  private void verify(X509Certificate[] chain, String authType, String host) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server of " + description + " presented no certificate");
    }
    X509Certificate leaf = chain[0];
    String who = "the server certificate of " + (host == null ? description : host + " (" + description + ")")
        + " [subject " + leaf.getSubjectX500Principal().getName() + "]";
    // 1. Dates first: an expired certificate is also "untrusted" to PKIX, but saying "expired" is the useful error.
    try {
      leaf.checkValidity(new Date());
    } catch (CertificateExpiredException e) {
      throw new CertificateException(who + " expired at " + leaf.getNotAfter().toInstant()
          + "; the API server needs a renewed certificate (or this machine's clock is wrong)", e);
    } catch (CertificateNotYetValidException e) {
      throw new CertificateException(who + " is not valid before " + leaf.getNotBefore().toInstant()
          + "; check this machine's clock", e);
    }
    // 2. The chain must lead to one of the configured authorities, and nothing else.
    try {
      pkix.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      String trusted = authorities.isEmpty() ? "the JDK's default trust store (no certificate-authority configured)"
          : "the certificate-authority configured for " + description + " " + subjects(authorities);
      throw new CertificateException(who + " issued by " + leaf.getIssuerX500Principal().getName()
          + " is not trusted by " + trusted + "; set certificate-authority or certificate-authority-data to the CA "
          + "that signed the API server's certificate, or check that the server URL points at the right cluster", e);
    }
    // 3. The name: tls-server-name if configured, else the host this connection was opened to.
    String name = serverName != null ? serverName : host;
    if (name != null && !ServerNames.matches(leaf, name)) {
      String fix = serverName != null ? "fix tls-server-name of " + description
          : "use a server URL with one of these names, or set tls-server-name in " + description;
      throw new CertificateException(who + " is valid for " + ServerNames.names(leaf) + " but not for " + name
          + (serverName != null ? " (tls-server-name)" : "") + "; " + fix);
    }
  }

  private static String subjects(List<X509Certificate> certificates) {
    return certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList().toString();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("kubeloop verifies servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("kubeloop verifies servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("kubeloop verifies servers only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
