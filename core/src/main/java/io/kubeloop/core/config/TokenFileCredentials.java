package io.kubeloop.core.config;

import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bearer token read from a file and re-read about once a minute: Java counterpart of client-go
 * {@code transport/token_source.go} ({@code NewCachedFileTokenSource}, {@code cachingTokenSource}) as used for a
 * kubeconfig {@code tokenFile} and for the in-cluster service-account token (bound tokens rotate).
 *
 * <ul>
 *   <li>A token read at {@code t} is used until {@code t + 1 min - 10 s} (client-go's one-minute expiry and
 *       ten-second leeway), so the file is read at most every 50 s, judged by the injected {@link Clock}.
 *   <li>Content is trimmed; an empty file is an error.
 *   <li>If a re-read fails, the last good token keeps being used and a warning is logged (without the token);
 *       the next request tries the file again.
 *   <li>If no token was ever read, the {@code fallback} (a kubeconfig's {@code token} next to {@code tokenFile})
 *       is used; without one the request fails with an {@link IOException} naming the file.
 *   <li>{@link #invalidate()} (after a 401) forces a re-read on the next request, as client-go's resettable token
 *       source does.
 * </ul>
 *
 * <p>Thread-safe: one lock guards the cached token; concurrent callers on an expired cache read the file once.
 */
final class TokenFileCredentials implements CredentialProvider {
  private static final System.Logger LOG = System.getLogger(TokenFileCredentials.class.getName());

  /** client-go: the file token source's expiry (1 min) minus the caching source's leeway (10 s). */
  static final Duration REREAD_AFTER = Duration.ofSeconds(50);

  private final Path file;
  private final Clock clock;
  private final String fallback;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  /** The last token read successfully, or null. Guarded by {@code lock}. */
  private String token;
  /** When {@code token} was read; a re-read is due at {@code readAt + REREAD_AFTER}. Guarded by {@code lock}. */
  private Instant readAt;

  /**
   * @param fallback a static token to use while the file has never been read successfully, or null
   * @param description names the configuration in errors, e.g. {@code tokenFile of user "admin"}
   */
  TokenFileCredentials(Path file, Clock clock, String fallback, String description) {
    this.file = file;
    this.clock = clock;
    this.fallback = fallback == null || fallback.isEmpty() ? null : fallback;
    this.description = description;
  }

  /** Reads the file now; failures propagate (used when a configuration is built, to fail early). */
  void readNow() throws IOException {
    lock.lock();
    try {
      token = read();
      readAt = clock.instant();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<String> authorization() throws IOException {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (token != null && now.isBefore(readAt.plus(REREAD_AFTER))) {
        return Optional.of("Bearer " + token);
      }
      try {
        token = read();
        readAt = now;
      } catch (IOException e) {
        if (token != null) {
          LOG.log(Level.WARNING, () -> "unable to rotate token, keeping the last one read: " + e.getMessage());
        } else if (fallback != null) {
          LOG.log(Level.WARNING, () -> "unable to read token file, using the static token: " + e.getMessage());
          return Optional.of("Bearer " + fallback);
        } else {
          throw e;
        }
      }
      return Optional.of("Bearer " + token);
    } finally {
      lock.unlock();
    }
  }

  private String read() throws IOException {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IOException("cannot read " + description + " " + file + " (" + e.getClass().getSimpleName()
          + "); check that the file exists and is readable", e);
    }
    if (content.isEmpty()) {
      throw new IOException(description + " " + file + " is empty; it must contain a bearer token");
    }
    return content;
  }

  @Override
  public boolean invalidate() {
    lock.lock();
    try {
      readAt = Instant.MIN;
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "token file " + file;
  }
}
