package io.kubeloop.core.client;

import io.kubeloop.core.config.CredentialProvider;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Puts the {@code Authorization} header from a {@link CredentialProvider} on every attempt, and after a 401 asks
 * the provider to drop its cached credential and tries once more if that may help. Java counterpart of client-go's
 * {@code bearerAuthRoundTripper} ({@code transport/round_trippers.go}) together with the token-source reset on 401
 * of {@code tokenSourceTransport} ({@code transport/token_source.go}) and the exec plugin's refresh on 401
 * ({@code plugin/pkg/client/auth/exec}).
 *
 * <p>A request that already carries an {@code Authorization} header passes untouched, as in client-go. The header
 * value is never logged.
 */
final class AuthorizationStage implements RequestStage {
  private static final System.Logger LOG = System.getLogger(AuthorizationStage.class.getName());

  private final CredentialProvider credentials;

  AuthorizationStage(CredentialProvider credentials) {
    this.credentials = credentials;
  }

  @Override
  public KubeResponse intercept(KubeRequest request, Chain next) throws IOException {
    if (request.header("Authorization") != null) {
      return next.proceed(request);
    }
    KubeResponse response = next.proceed(authorize(request));
    if (response.code() != 401 || !credentials.invalidate()) {
      return response;
    }
    // The credential was refused; the provider dropped it (an exec plugin will run again, a token file is
    // re-read). One more attempt with whatever it now supplies; a second 401 goes back to the caller.
    LOG.log(Level.DEBUG, () -> "401 Unauthorized; retrying once with fresh credentials request=" + request.describe()
        + " credentials=" + credentials);
    response.discard();
    return next.proceed(authorize(request));
  }

  private KubeRequest authorize(KubeRequest request) throws IOException {
    Optional<String> authorization = credentials.authorization();
    return authorization.isPresent() ? request.withHeader("Authorization", authorization.get()) : request;
  }

  @Override
  public String toString() {
    return "Authorization[" + credentials + "]";
  }
}
