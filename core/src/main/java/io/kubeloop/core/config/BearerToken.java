package io.kubeloop.core.config;

import java.util.Optional;

/**
 * A fixed bearer token from a kubeconfig {@code token} field: client-go's {@code transport.NewBearerAuthRoundTripper}
 * with a static token. {@link #toString()} never shows it.
 */
final class BearerToken implements CredentialProvider {
  private final Optional<String> header;

  BearerToken(String token) {
    this.header = Optional.of("Bearer " + token);
  }

  @Override
  public Optional<String> authorization() {
    return header;
  }

  @Override
  public String toString() {
    return "bearer token";
  }
}
