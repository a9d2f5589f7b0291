package io.kubeloop.core.client;

import java.io.IOException;

/**
 * Asks for JSON: {@code Accept: application/json, *}{@code /*}, what client-go sends when the content type is JSON
 * and no explicit accept types are configured ({@code rest/request.go}, {@code <ContentType>, *}{@code /*}). The
 * wildcard lets a server answer errors in text, which {@link ResponseErrors} still turns into a useful message.
 */
final class AcceptStage implements RequestStage {
  static final String ACCEPT = "application/json, */*";

  @Override
  public KubeResponse intercept(KubeRequest request, Chain next) throws IOException {
    return next.proceed(request.header("Accept") != null ? request : request.withHeader("Accept", ACCEPT));
  }

  @Override
  public String toString() {
    return "Accept[" + ACCEPT + "]";
  }
}
