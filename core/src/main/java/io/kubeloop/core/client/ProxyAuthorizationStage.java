package io.kubeloop.core.client;

import java.io.IOException;

/**
 * Sets {@code Proxy-Authorization} from the credentials in the proxy's URL, as Go's {@code http.Transport} does for a
 * proxy URL with user info (client-go inherits it). The JDK sends the header to the proxy: with an {@code http}
 * server on each request, with an {@code https} server on the {@code CONNECT} that opens the tunnel (when the JVM
 * allows Basic there, see {@link io.kubeloop.core.config.HttpProxy}), and never inside the tunnel.
 */
final class ProxyAuthorizationStage implements RequestStage {
  private final String value;

  ProxyAuthorizationStage(String value) {
    this.value = value;
  }

  @Override
  public KubeResponse intercept(KubeRequest request, Chain next) throws IOException {
    return next.proceed(request.withHeader("Proxy-Authorization", value));
  }

  @Override
  public String toString() {
    return "ProxyAuthorization[redacted]";
  }
}
