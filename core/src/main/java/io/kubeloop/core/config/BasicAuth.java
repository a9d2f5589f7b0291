package io.kubeloop.core.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP basic authentication from a kubeconfig's {@code username} and {@code password}: client-go's
 * {@code transport.NewBasicAuthRoundTripper}. Kubernetes removed basic authentication from the API server in 1.19;
 * it remains for proxies and old clusters. {@link #toString()} shows the user name only.
 */
final class BasicAuth implements CredentialProvider {
  private final String username;
  private final Optional<String> header;

  BasicAuth(String username, String password) {
    this.username = username;
    String pair = username + ":" + (password == null ? "" : password);
    this.header = Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Optional<String> authorization() {
    return header;
  }

  @Override
  public String toString() {
    return "basic auth for " + username;
  }
}
