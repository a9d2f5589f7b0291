package io.kubeloop.core.config;

import io.kubeloop.core.tls.KeyMaterial;
import java.time.Instant;

/**
 * What an exec credential plugin returned: the {@code status} of client-go's
 * {@code client.authentication.k8s.io/v1 ExecCredential}, with the certificate and key already parsed.
 *
 * @param token a bearer token, or null
 * @param keys a client certificate and key, or null
 * @param expiry when to run the plugin again, or null to keep the credential until a 401
 */
record ExecCredential(String token, KeyMaterial keys, Instant expiry) {
  boolean expired(Instant now) {
    return expiry != null && !now.isBefore(expiry);
  }

  @Override
  public String toString() {
    return "ExecCredential[token=" + (token == null ? "none" : "set") + ", keys=" + keys + ", expiry=" + expiry + "]";
  }
}
