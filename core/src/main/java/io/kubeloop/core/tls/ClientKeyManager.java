package io.kubeloop.core.tls;

import java.lang.System.Logger.Level;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the client certificate of the moment: counterpart of the {@code GetClientCertificate} callback in
 * client-go's {@code transport.TLSConfigFor}. The {@link KeySource} is asked at every handshake, so a certificate
 * rotated by an exec plugin is used by the next new connection without rebuilding the {@code SSLContext}.
 *
 * <p>Each distinct certificate gets its own alias, and the chain and key are returned by alias, so a rotation
 * between "choose" and "get key" of a handshake cannot pair one certificate with another's key. The last few
 * aliases are remembered, so concurrent handshakes across a rotation each find their own material.
 *
 * <p>Difference from client-go: client-go closes all connections when the certificate changes; the JDK
 * {@code HttpClient} offers no way to do that, so pooled connections keep the old certificate until they close.
 */
final class ClientKeyManager extends X509ExtendedKeyManager {
  private static final System.Logger LOG = System.getLogger(ClientKeyManager.class.getName());

  private static final String PREFIX = "kubeloop-client-";
  /** How many aliases stay resolvable after newer ones were handed out. */
  private static final int REMEMBERED = 4;

  private record Chosen(String alias, KeyMaterial material) {}

  private final KeySource source;
  /** The number of the last alias handed out. Written under {@code this}. */
  private final AtomicLong aliases = new AtomicLong();
  /** The newest alias and its material; null before the first handshake. */
  private final AtomicReference<Chosen> latest = new AtomicReference<>();
  /** Recent aliases (at most {@link #REMEMBERED}) to their material. Written under {@code this}. */
  private final Map<String, KeyMaterial> byAlias = new ConcurrentHashMap<>();

  ClientKeyManager(KeySource source) {
    this.source = source;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return choose(keyTypes);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return choose(keyTypes);
  }

  private String choose(String[] keyTypes) {
    Optional<KeyMaterial> current;
    try {
      current = source.current();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cannot get the client certificate; connecting without one: " + e.getMessage());
      return null;
    }
    if (current.isEmpty() || !acceptable(current.get().key(), keyTypes)) {
      return null;
    }
    KeyMaterial material = current.get();
    Chosen newest = latest.get();
    if (newest != null && newest.material().equals(material)) {
      return newest.alias();
    }
    synchronized (this) {
      newest = latest.get();
      if (newest != null && newest.material().equals(material)) {
        return newest.alias();
      }
      long n = aliases.incrementAndGet();
      String alias = PREFIX + n;
      byAlias.put(alias, material);
      latest.set(new Chosen(alias, material));
      byAlias.keySet().removeIf(a -> Long.parseLong(a.substring(PREFIX.length())) <= n - REMEMBERED);
      return alias;
    }
  }

  /* Key types look like "RSA", "EC", "RSASSA-PSS" (TLS 1.3) or "EC_EC", "EC_RSA" (TLS 1.2 suites). */
  private static boolean acceptable(PrivateKey key, String[] keyTypes) {
    String algorithm = key.getAlgorithm();
    for (String type : keyTypes) {
      String t = type.contains("_") ? type.substring(0, type.indexOf('_')) : type;
      if (t.equals(algorithm) || ("RSA".equals(algorithm) && t.startsWith("RSA"))) {
        return true;
      }
    }
    return false;
  }

  private KeyMaterial material(String alias) {
    return alias == null ? null : byAlias.get(alias);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    KeyMaterial m = material(alias);
    return m == null ? null : m.chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    KeyMaterial m = material(alias);
    return m == null ? null : m.key();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    Chosen c = latest.get();
    return c == null ? null : new String[] {c.alias()};
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
