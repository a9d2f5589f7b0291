package io.kubeloop.core.config;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the {@code Authorization} header of each request comes from: a static token, a token file re-read about
 * once a minute, or an exec credential plugin. Counterpart of the bearer-token and exec round trippers of
 * client-go's {@code transport} and {@code plugin/pkg/client/auth/exec}.
 *
 * <p>Implementations are thread-safe, cache what they can, and never put the credential in a log line, an
 * exception message or {@code toString}.
 */
public interface CredentialProvider {
  /** No credentials: requests go without an Authorization header (client certificates may still apply). */
  CredentialProvider NONE = new CredentialProvider() {
    @Override
    public Optional<String> authorization() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "none";
    }
  };

  /** The header value for the next request, such as {@code "Bearer <token>"}, or empty for none. */
  Optional<String> authorization() throws IOException;

  /**
   * Called after a 401: drop cached credentials so the next {@link #authorization()} fetches fresh ones (an exec
   * plugin runs again). Returns whether fresh credentials may help, i.e. whether one retry is worthwhile.
   */
  default boolean invalidate() {
    return false;
  }

  /**
   * Called after a 401 with the {@code Authorization} value the refused request carried ({@code null} if it had
   * none). A provider that has already replaced that credential (another request saw the 401 first) keeps its
   * fresh one instead of fetching yet another, as client-go's exec authenticator and token-source transport do
   * ("unless another request already rotated the credentials"). Returns whether one retry is worthwhile. The
   * default ignores the value and calls {@link #invalidate()}.
   */
  default boolean invalidate(String refusedAuthorization) {
    return invalidate();
  }
}
