package io.kubeloop.core.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A client certificate chain and its private key: Go's {@code tls.Certificate}.
 *
 * <p>{@link #of} checks that the key belongs to the certificate, as Go's {@code tls.X509KeyPair} does, so a
 * mismatched pair fails when the configuration is loaded rather than as an anonymous handshake failure.
 * {@link #toString()} shows the certificate subject and expiry, never the key.
 */
public record KeyMaterial(List<X509Certificate> chain, PrivateKey key) {
  public KeyMaterial {
    chain = List.copyOf(chain);
    Objects.requireNonNull(key, "key");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a client certificate chain needs at least one certificate");
    }
  }

  /**
   * Parses PEM data and checks the pair.
   *
   * @param certWhat names the certificate input in errors, e.g. {@code client-certificate of user "admin"}
   * @param keyWhat names the key input in errors
   * @throws IllegalArgumentException naming the input if either cannot be read or the key does not match
   */
  public static KeyMaterial of(byte[] certificatePem, String certWhat, byte[] keyPem, String keyWhat) {
    List<X509Certificate> chain = Pem.certificates(certificatePem, certWhat);
    PrivateKey key = Pem.privateKey(keyPem, keyWhat);
    if (!matches(chain.get(0).getPublicKey(), key)) {
      throw new IllegalArgumentException(keyWhat + " does not match " + certWhat + " (subject "
          + chain.get(0).getSubjectX500Principal().getName() + "): the private key is not the one the certificate "
          + "was issued for; configure the key that was generated together with this certificate");
    }
    return new KeyMaterial(chain, key);
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** When the leaf certificate stops being valid. */
  public Instant notAfter() {
    return certificate().getNotAfter().toInstant();
  }

  /*
   * Whether private and public key form a pair: sign a random challenge and verify it. This works for RSA and EC
   * alike and never looks at key internals.
   */
  static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
      return false;
    }
    String algorithm = switch (privateKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return true; // unknown algorithm: leave it to the handshake
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "KeyMaterial[subject=" + certificate().getSubjectX500Principal().getName() + ", notAfter=" + notAfter()
        + ", key=" + key.getAlgorithm() + "]";
  }
}
