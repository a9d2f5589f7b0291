package io.kubeloop.core.tls;

import java.util.Optional;

/**
 * Where the client certificate for the next TLS handshake comes from: fixed material from a kubeconfig, or the
 * latest certificate an exec credential plugin returned. Counterpart of the {@code GetClientCertificate} callback
 * client-go installs in {@code transport.TLSConfigFor}.
 *
 * <p>Called on the TLS handshake path: implementations must be thread-safe and should answer from a cache.
 */
@FunctionalInterface
public interface KeySource {
  /** No client certificate. */
  KeySource NONE = Optional::empty;

  /** The certificate and key to present now, or empty to present none. */
  Optional<KeyMaterial> current();

  /** Always the same material. */
  static KeySource of(KeyMaterial material) {
    Optional<KeyMaterial> value = Optional.of(material);
    return () -> value;
  }
}
