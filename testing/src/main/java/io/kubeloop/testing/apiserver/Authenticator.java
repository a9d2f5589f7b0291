package io.kubeloop.testing.apiserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Decides who sent a request. Java counterpart of the kube-apiserver's union authenticator with the x509 and
 * static-token authenticators (k8s.io/apiserver pkg/authentication/request/union, x509, bearertoken).
 *
 * <ul>
 *   <li>HTTPS: a client certificate issued by the server's CA names the user by its subject CN; otherwise a known
 *       {@code Authorization: Bearer} token does; otherwise the request is unauthenticated (401).
 *   <li>HTTP: a known bearer token names the user; otherwise the {@code User-Agent} header does (or
 *       {@code anonymous}). Unknown tokens are ignored, as the spec asks of a plain-HTTP fake.
 * </ul>
 * No authorization follows: every authenticated user may do everything. Thread-safe.
 */
final class Authenticator {
  private final boolean tls;
  /** Token to user. */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  Authenticator(boolean tls) {
    this.tls = tls;
  }

  void addToken(String token, String user) {
    tokens.put(token, user);
  }

  /** The identity, or {@code null} when the request must be answered 401. */
  String identify(HttpExchange exchange) {
    if (exchange instanceof HttpsExchange https) {
      String cn = certificateUser(https);
      if (cn != null) {
        return cn;
      }
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String user = tokens.get(auth.substring(7).trim());
      if (user != null) {
        return user;
      }
    }
    if (tls) {
      return null;
    }
    String agent = exchange.getRequestHeaders().getFirst("User-Agent");
    return agent == null || agent.isBlank() ? "anonymous" : agent;
  }

  private static String certificateUser(HttpsExchange https) {
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
        return null;
      }
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return null;
    } catch (SSLPeerUnverifiedException | InvalidNameException noCertificate) {
      return null;
    }
  }
}
