package io.kubeloop.core.client;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.config.ClientConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * A connection to one API server: the Java counterpart of client-go's {@code rest.RESTClient} and of a clientset.
 * One {@link java.net.http.HttpClient} per {@code KubeClient}, shared by every {@link ResourceClient} it hands out.
 *
 * <pre>{@code
 * KubeClient client = KubeClient.create(ClientConfig.load());
 * ResourceClient<Lease> leases = client.resource(Lease.TYPE).inNamespace("kube-system");
 * }</pre>
 *
 * <p>Thread-safe. Closing releases the connection pool and any credential plugin state; resource clients of a
 * closed client fail.
 */
public interface KubeClient extends AutoCloseable {
  /**
   * A client for {@code config}, waiting out {@code Retry-After} on the system clock. Starts no thread until the
   * first request; {@link #close()} stops the threads it started ({@code kubeloop-http-<n>}).
   */
  static KubeClient create(ClientConfig config) {
    return create(config, Clock.system());
  }

  /** A client whose retry waits run on {@code clock}: tests pass a fake clock and step it. */
  static KubeClient create(ClientConfig config, Clock clock) {
    return new DefaultKubeClient(config, clock);
  }

  /** The configuration this client was built from (its {@code toString} shows no secrets). */
  ClientConfig config();

  /** The verbs of {@code type}, across all namespaces until {@link ResourceClient#inNamespace} narrows it. */
  <T> ResourceClient<T> resource(ResourceType<T> type);

  /**
   * GET of a path outside the resource verbs, such as {@code /version} or {@code /apis}: the parsed JSON body.
   */
  JsonNode getRaw(String path) throws IOException, ApiException;

  @Override
  void close();
}
