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

  /**
   * Registers {@code listener} to run after the material changes (not on the first load). {@link TlsConfig} uses
   * it to drop cached TLS sessions, because a resumed session skips the client certificate and would keep the
   * old identity. The listener is short and never blocks. Sources that never rotate ignore it (the default).
   */
  default void onRotation(Runnable listener) {}

  /** Always the same material. */
  static KeySource of(KeyMaterial material) {
    Optional<KeyMaterial> value = Optional.of(material);
    return () -> value;
  }
}
