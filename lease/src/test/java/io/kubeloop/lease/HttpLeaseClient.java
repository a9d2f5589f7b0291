package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.Status;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.client.DeleteOptions;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.PatchOptions;
import io.kubeloop.core.client.PatchType;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import io.kubeloop.core.client.WriteOptions;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A stand-in for core's HTTP {@code ResourceClient<Lease>} until that lands: get, create, update and watch of
 * Leases over plain HTTP with {@code java.net.http}, requests aborted when the bound context ends, errors as
 * {@link ApiException} with the server's Status. Only what {@link LeaseLock} uses; the identity is sent as the
 * User-Agent, which the embedded API server uses to tell clients apart (and to partition one).
 */
final class HttpLeaseClient implements ResourceClient<Lease> {
  private final HttpClient http;
  private final String base;
  private final String namespace;
  private final String identity;
  private final Context context;
  private final Duration timeout;

  HttpLeaseClient(String serverUrl, String identity) {
    this(HttpClient.newHttpClient(), serverUrl, null, identity, Context.background(), null);
  }

  private HttpLeaseClient(HttpClient http, String base, String namespace, String identity, Context context, Duration timeout) {
    this.http = http;
    this.base = base;
    this.namespace = namespace;
    this.identity = identity;
    this.context = context;
    this.timeout = timeout;
  }

  private String path(String name) {
    return base + "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases" + (name == null ? "" : "/" + name);
  }

  private HttpRequest.Builder request(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("User-Agent", identity)
        .header("Accept", "application/json").header("Content-Type", "application/json");
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
    if (context.isCancelled()) {
      throw new InterruptedIOException(context.cause());
    }
    CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
    Context.Registration abort = context.onCancel(() -> future.cancel(true));
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (java.util.concurrent.CancellationException e) {
      throw new InterruptedIOException(context.cause());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } finally {
      abort.remove();
    }
  }

  private Lease exchange(HttpRequest request) throws IOException, ApiException {
    HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      Status status;
      try {
        status = Json.read(response.body(), Status.class);
      } catch (IOException e) {
        status = Status.failure(response.statusCode(), "", response.body());
      }
      throw new ApiException(request.method() + " " + request.uri().getPath(), status);
    }
    return Json.read(response.body(), Lease.class);
  }

  @Override
  public Lease get(String name) throws IOException, ApiException {
    return exchange(request(path(name)).GET().build());
  }

  @Override
  public Lease create(Lease object, WriteOptions options) throws IOException, ApiException {
    return exchange(request(path(null)).POST(HttpRequest.BodyPublishers.ofString(Json.write(object))).build());
  }

  @Override
  public Lease update(Lease object, WriteOptions options) throws IOException, ApiException {
    return exchange(request(path(object.metadata().name())).PUT(HttpRequest.BodyPublishers.ofString(Json.write(object))).build());
  }

  @Override
  public WatchStream<Lease> watch(WatchOptions options) throws IOException, ApiException {
    String url = path(null) + "?watch=true"
        + (options.fieldSelector() == null ? "" : "&fieldSelector=" + URLEncoder.encode(options.fieldSelector(), StandardCharsets.UTF_8));
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", identity).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() >= 300) {
      String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      throw new ApiException(Status.failure(response.statusCode(), "", body));
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    return new WatchStream<>() {
      private volatile boolean closed;

      @Override
      public WatchEvent<Lease> next() throws IOException {
        String line;
        try {
          line = reader.readLine();
        } catch (IOException e) {
          if (closed) {
            return null;
          }
          throw e;
        }
        if (line == null || closed) {
          return null;
        }
        JsonNode event = Json.tree(line);
        EventType type = EventType.valueOf(event.get("type").asText());
        if (type == EventType.ERROR) {
          return WatchEvent.error(Json.convert(event.get("object"), Status.class));
        }
        return WatchEvent.of(type, Json.convert(event.get("object"), Lease.class));
      }

      @Override
      public void close() {
        closed = true;
        try {
          response.body().close();
        } catch (IOException ignored) {
          // closing a stream that is already broken
        }
      }
    };
  }

  @Override
  public ResourceType<Lease> type() {
    return Lease.TYPE;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public ResourceClient<Lease> inNamespace(String ns) {
    return new HttpLeaseClient(http, base, ns, identity, context, timeout);
  }

  @Override
  public ResourceClient<Lease> inAllNamespaces() {
    return new HttpLeaseClient(http, base, null, identity, context, timeout);
  }

  @Override
  public ResourceClient<Lease> withContext(Context ctx) {
    return new HttpLeaseClient(http, base, namespace, identity, ctx, timeout);
  }

  @Override
  public ResourceClient<Lease> withRequestTimeout(Duration value) {
    return new HttpLeaseClient(http, base, namespace, identity, context, value);
  }

  @Override
  public ObjectList<Lease> list(ListOptions options) {
    throw new UnsupportedOperationException("list");
  }

  @Override
  public Lease updateStatus(Lease object, WriteOptions options) {
    throw new UnsupportedOperationException("updateStatus");
  }

  @Override
  public Lease patch(String name, PatchType type, String patch, PatchOptions options) {
    throw new UnsupportedOperationException("patch");
  }

  @Override
  public Lease patchStatus(String name, PatchType type, String patch, PatchOptions options) {
    throw new UnsupportedOperationException("patchStatus");
  }

  @Override
  public Lease apply(Lease object, String fieldManager, boolean force) {
    throw new UnsupportedOperationException("apply");
  }

  @Override
  public Optional<Lease> delete(String name, DeleteOptions options) {
    throw new UnsupportedOperationException("delete");
  }

  @Override
  public Status deleteCollection(ListOptions listOptions, DeleteOptions deleteOptions) {
    throw new UnsupportedOperationException("deleteCollection");
  }
}
