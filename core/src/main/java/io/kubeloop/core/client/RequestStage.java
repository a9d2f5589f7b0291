package io.kubeloop.core.client;

import java.io.IOException;
import java.util.List;

/**
 * One cross-cutting concern of every request, in a chain around the {@code HttpClient}: the Java counterpart of
 * client-go's chain of {@code http.RoundTripper}s ({@code transport/round_trippers.go}: user agent, bearer auth)
 * plus the retry loop of {@code rest/request.go}, and of okhttp's {@code Interceptor}. {@code java.net.http} has
 * no interceptors, so kubeloop supplies this minimal one and builds the order in a single visible place,
 * {@link DefaultKubeClient#stages}.
 *
 * <p>A stage may change the request (returning a copy, as {@link KubeRequest} is immutable), call
 * {@link Chain#proceed} zero or more times (a retry calls it again), and look at the response. A stage that drops
 * a response it got must close it.
 */
interface RequestStage {
  KubeResponse intercept(KubeRequest request, Chain next) throws IOException;

  /** The rest of the chain after a stage. */
  interface Chain {
    KubeResponse proceed(KubeRequest request) throws IOException;
  }

  /** Runs {@code request} through {@code stages} in order, then {@code transport}. */
  static KubeResponse run(List<RequestStage> stages, Chain transport, KubeRequest request) throws IOException {
    return link(stages, 0, transport).proceed(request);
  }

  private static Chain link(List<RequestStage> stages, int index, Chain transport) {
    if (index == stages.size()) {
      return transport;
    }
    RequestStage stage = stages.get(index);
    Chain rest = link(stages, index + 1, transport);
    return request -> stage.intercept(request, rest);
  }
}
