package io.kubeloop.testing.apiserver;

/**
 * How one user authenticates to the embedded API server: a bearer token, or a client certificate and key (PEM)
 * issued by the server's CA. Exactly one of the two is set. Contains secrets: {@link #toString()} hides them.
 *
 * @param user the identity the server will see (and record in {@link RecordedRequest#identity()})
 * @param token a bearer token, or {@code null}
 * @param certificatePem a PEM client certificate, or {@code null}
 * @param keyPem the certificate's PKCS#8 PEM private key, or {@code null}
 */
public record Credentials(String user, String token, String certificatePem, String keyPem) {
  @Override
  public String toString() {
    return "Credentials[user=" + user + ", " + (token != null ? "token" : "client certificate") + "]";
  }
}
