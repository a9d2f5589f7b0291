package io.kubeloop.core.client;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ResourceType;
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
