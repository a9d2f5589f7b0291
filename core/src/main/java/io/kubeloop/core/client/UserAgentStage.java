package io.kubeloop.core.client;

import java.io.IOException;

/**
 * Sets {@code User-Agent} on every request unless the request has one: client-go's {@code userAgentRoundTripper}
 * ({@code transport/round_trippers.go}).
 */
final class UserAgentStage implements RequestStage {
  private final String userAgent;

  UserAgentStage(String userAgent) {
    this.userAgent = userAgent;
  }

  @Override
  public KubeResponse intercept(KubeRequest request, Chain next) throws IOException {
    return next.proceed(request.header("User-Agent") != null ? request : request.withHeader("User-Agent", userAgent));
  }

  @Override
  public String toString() {
    return "UserAgent[" + userAgent + "]";
  }
}
