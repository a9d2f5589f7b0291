package io.kubeloop.core.config;

import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.tls.KeyMaterial;
import io.kubeloop.core.tls.KeySource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Credentials from an exec plugin, cached: Java counterpart of client-go
 * {@code plugin/pkg/client/auth/exec/exec.go} ({@code Authenticator.getCreds}, {@code maybeRefreshCreds}).
 *
 * <ul>
 *   <li>The plugin first runs on the first request or TLS handshake, not when the configuration is loaded.
 *   <li>Its credential is kept until {@code expirationTimestamp} (judged by the injected {@link Clock}); with no
 *       expiry, until {@link #invalidate()} is called after a 401.
 *   <li>It serves both as the request's {@code Authorization} ({@link #authorization()}) and as the TLS client
 *       certificate ({@link #current()}).
 * </ul>
 *
 * <p>Thread-safe. The plugin runs under the lock, so concurrent callers wait for one run instead of starting
 * several (as client-go's {@code refreshCredsLocked}); a plugin that hangs therefore holds up every request of
 * this client.
 *
 * <p>Differences from client-go: one provider per client rather than a process-wide cache keyed by the exec
 * config; after a 401 the next caller re-runs the plugin even if another caller already did.
 */
final class ExecCredentialProvider implements CredentialProvider, KeySource {
  private static final System.Logger LOG = System.getLogger(ExecCredentialProvider.class.getName());

  private final ExecPlugin plugin;
  private final Clock clock;
  private final KeySource fallbackKeys;
  private final List<Runnable> rotationListeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  /** The cached credential, or null before the first run and after {@link #invalidate()}. Guarded by {@code lock}. */
  private ExecCredential cached;
  /** The keys of the last credential, kept across {@link #invalidate()} to notice a rotation. Guarded by {@code lock}. */
  private KeyMaterial lastKeys;

  /** @param fallbackKeys the kubeconfig's own client certificate, used when the plugin returns none */
  ExecCredentialProvider(ExecPlugin plugin, Clock clock, KeySource fallbackKeys) {
    this.plugin = plugin;
    this.clock = clock;
    this.fallbackKeys = fallbackKeys;
  }

  /** The cached credential, running the plugin first if there is none or it has expired. */
  ExecCredential credential() throws IOException {
    lock.lock();
    try {
      if (cached == null || cached.expired(clock.instant())) {
        LOG.log(Level.DEBUG, () -> "running " + plugin.describe() + (cached == null ? "" : " (credential expired)"));
        KeyMaterial before = cached == null ? lastKeys : cached.keys();
        try {
          cached = plugin.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while running " + plugin.describe());
        }
        lastKeys = cached.keys();
        if (before != null && !before.equals(cached.keys())) {
          LOG.log(Level.DEBUG, () -> plugin.describe() + " rotated the client certificate");
          rotationListeners.forEach(Runnable::run); // our own short listeners (TlsConfig), never user code
        }
      }
      return cached;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<String> authorization() throws IOException {
    ExecCredential c = credential();
    return c.token() == null ? Optional.empty() : Optional.of("Bearer " + c.token());
  }

  @Override
  public Optional<KeyMaterial> current() {
    ExecCredential c;
    try {
      c = credential();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return c.keys() != null ? Optional.of(c.keys()) : fallbackKeys.current();
  }

  @Override
  public void onRotation(Runnable listener) {
    rotationListeners.add(listener);
  }

  @Override
  public boolean invalidate() {
    lock.lock();
    try {
      cached = null;
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return plugin.describe();
  }
}
