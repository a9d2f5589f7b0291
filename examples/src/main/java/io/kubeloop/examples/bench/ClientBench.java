package io.kubeloop.examples.bench;

import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.testing.apiserver.ApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What kubeloop's client adds to a request: the median latency of a GET and of a create (POST) against the embedded
 * API server over TLS on loopback, through a raw JDK {@link HttpClient} configured as kubeloop configures its own
 * (same {@code SSLContext}, HTTP/2 preferred, redirects not followed) and through a {@link KubeClient}, from 1 and
 * from 4 threads. The difference between the two is the client's overhead: request stages, JSON encoding and
 * decoding, and any thread hand-off.
 */
final class ClientBench implements Benchmark {
  private static final ResourceType<DynamicObject> CONFIG_MAPS =
      ResourceType.dynamic("", "v1", "configmaps", "ConfigMap", true);
  private static final int REQUESTS_PER_THREAD = 2_000;

  private ApiServer server;
  private HttpClient raw;
  private KubeClient client;
  private ResourceClient<DynamicObject> configMaps;
  private ExecutorService pool;
  private final AtomicInteger names = new AtomicInteger();

  @Override
  public String name() {
    return "client";
  }

  @Override
  public String description() {
    return "median microseconds per GET and per create over TLS, raw JDK HttpClient vs KubeClient, from 1 and 4 threads";
  }

  @Override
  public void setUp(BenchOptions options) throws Exception {
    server = ApiServer.builder().tls(true).start();
    ClientConfig config = server.clientConfig();
    raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(config.sslContext()).build();
    client = KubeClient.create(config);
    configMaps = client.resource(CONFIG_MAPS).inNamespace("default");
    configMaps.create(DynamicObject.parse(configMapJson("read-me")));
    pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "bench-client"));
  }

  @Override
  public void run(BenchOptions options, Run run) throws Exception {
    int requests = options.scaled(REQUESTS_PER_THREAD);
    HttpRequest get = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/default/configmaps/read-me"))
        .header("Accept", "application/json, */*").build();
    for (int threads : new int[] {1, 4}) {
      String from = threads == 1 ? " (1 thread)" : " (" + threads + " threads)";
      run.record("raw GET" + from, medianMicros(threads, requests, () -> {
        check(raw.send(get, HttpResponse.BodyHandlers.ofByteArray()), 200);
      }), "us", false);
      run.record("KubeClient get" + from, medianMicros(threads, requests, () -> configMaps.get("read-me")), "us", false);
      run.record("raw POST" + from, medianMicros(threads, requests, () -> {
        HttpRequest post = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/default/configmaps"))
            .header("Accept", "application/json, */*").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(configMapJson("raw-" + names.incrementAndGet())))
            .build();
        check(raw.send(post, HttpResponse.BodyHandlers.ofByteArray()), 201);
      }), "us", false);
      run.record("KubeClient create" + from, medianMicros(threads, requests,
          () -> configMaps.create(DynamicObject.parse(configMapJson("kube-" + names.incrementAndGet())))), "us", false);
    }
  }

  private static String configMapJson(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\"},\"data\":{\"key\":\"value\"}}";
  }

  private static void check(HttpResponse<byte[]> response, int expected) {
    if (response.statusCode() != expected) {
      throw new IllegalStateException("expected " + expected + " but the server answered " + response.statusCode());
    }
  }

  interface Call {
    void run() throws Exception;
  }

  /** Makes {@code requests} calls on each of {@code threads} threads; returns the median latency of all of them. */
  private double medianMicros(int threads, int requests, Call call) throws Exception {
    List<Future<long[]>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
          long start = System.nanoTime();
          call.run();
          nanos[i] = System.nanoTime() - start;
        }
        return nanos;
      }));
    }
    long[] all = new long[0];
    for (Future<long[]> f : futures) {
      long[] nanos = f.get();
      int at = all.length;
      all = Arrays.copyOf(all, at + nanos.length);
      System.arraycopy(nanos, 0, all, at, nanos.length);
    }
    Arrays.sort(all);
    return all[all.length / 2] / 1e3;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
